/**
 * What kind of engine run the pack judges. The CLI starts a policy pack with the stack's identity
 * in its environment, PULUMI_NODEJS_DRY_RUN = "true"/"false" among it (pulumi/pulumi
 * sdk/go/common/resource/plugin/analyzer_plugin.go, constructEnv; policy/gate/launch.ts does the
 * same offline).
 */

/** true in `pulumi preview` and the offline gate; false in `pulumi up`. Unknown counts as a preview. */
export function isPreview(env: NodeJS.ProcessEnv = process.env): boolean {
    return env.PULUMI_NODEJS_DRY_RUN !== "false";
}
