/**
 * Policy packs shared by the tests of one file: starting a pack (a node process that loads
 * @pulumi/policy and the compiled pack) costs about a second of CPU, so each stack's pack starts on first use and serves every
 * evaluation of the file until `stop()` (call it in `after`). Each evaluation still runs the
 * engine's whole sequence (Handshake … Configure, Analyze, AnalyzeStack) on it.
 */
import * as path from "path";
import { evaluate, type EvaluateOptions, type GateResult, type PolicyPackConfigFile, type RenderedResource } from "../../scripts/lib/policy-gate";
import { type RunningPack, launchPack } from "../../scripts/lib/policy-gate/launch";

const POLICY_PACK_DIR = path.resolve(__dirname, "..", "..", "policy");

export interface SharedPolicyPacks {
    evaluate(resources: readonly RenderedResource[], config: PolicyPackConfigFile, options?: Omit<EvaluateOptions, "pack">): Promise<GateResult>;
    stop(): Promise<void>;
}

export function sharedPolicyPacks(): SharedPolicyPacks {
    const running = new Map<string, Promise<RunningPack>>();
    return {
        async evaluate(resources, config, options = {}) {
            const launch = { packDir: options.packDir, stack: options.stack, project: options.project, organization: options.organization, dryRun: options.dryRun, startTimeoutMs: options.startTimeoutMs };
            const key = JSON.stringify(launch);
            let pack = running.get(key);
            if (pack === undefined) {
                pack = launchPack({ ...launch, packDir: launch.packDir ?? POLICY_PACK_DIR });
                running.set(key, pack);
            }
            return evaluate(resources, config, { ...options, pack: await pack });
        },
        async stop() {
            const packs = [...running.values()];
            running.clear();
            await Promise.all(packs.map(async (p) => (await p).stop()));
        },
    };
}
