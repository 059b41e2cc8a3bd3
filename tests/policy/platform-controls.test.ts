/**
 * The platform controls (ebs-csi-cluster-scoped, eks-no-creator-admin, egress-default-deny,
 * vpc-flow-logs, log-group-retention-encryption) on the real program's output through the real pack, as
 * `npm run policy -- <stack>` runs it: the stacks pass, the first preview of a new stack (where
 * every generated id and ARN is still unknown) can be decided, and a stack that drops a control
 * fails the matching policy, mandatory in prod.
 */
import { strict as assert } from "assert";
import * as path from "path";
import { readPolicyConfigFile } from "../../scripts/lib/policy-gate";
import type { GateResult, RenderedResource } from "../../scripts/lib/policy-gate";
import { REPO_ROOT, type RenderedResource as Rendered, renderStack, sharedPolicyPacks } from "../harness";

const CONTROLS = ["ebs-csi-cluster-scoped", "eks-no-creator-admin", "egress-default-deny", "vpc-flow-logs", "log-group-retention-encryption"];
const configOf = (stack: string) => readPolicyConfigFile(path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
const ofControls = (result: GateResult) => result.diagnostics.filter((d) => CONTROLS.includes(d.policyName));

/** Every AWS id the mocks generated (role names, key ids, VPC and subnet ids): unknown until created. */
function asFirstPreview(resources: readonly Rendered[]): RenderedResource[] {
    const generated = resources.filter((r) => r.type.startsWith("aws:") && r.id !== undefined && r.id !== r.inputs.name).map((r) => r.id!);
    const unknown = (v: unknown): unknown => {
        if (typeof v === "string") return generated.some((id) => v.includes(id)) ? "[unknown]" : v;
        if (Array.isArray(v)) return v.map(unknown);
        if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unknown(x)]));
        return v;
    };
    return resources.map((r) => ({ ...r, inputs: unknown(r.inputs) as Record<string, unknown> }));
}

describe("AWS platform controls on the rendered stacks", function () {
    this.timeout(180_000);
    const rendered: Record<string, Rendered[]> = {};
    const packs = sharedPolicyPacks();
    after(() => packs.stop());
    before(async () => {
        for (const stack of ["dev", "prod"]) rendered[stack] = (await renderStack(stack)).resources;
    });

    for (const [stack, level] of [["dev", "advisory"], ["prod", "mandatory"]] as const) {
        it(`${stack}: all of them run at level ${level} and find nothing`, async () => {
            const result = await packs.evaluate(rendered[stack] as RenderedResource[], configOf(stack), { stack, dryRun: false });
            for (const name of CONTROLS) assert.equal(result.config[name].enforcementLevel, level, name);
            assert.deepEqual(ofControls(result).map((d) => `${d.policyName}: ${d.message}`), []);
        });
    }

    it("prod's first preview: decided without the ids and ARNs AWS has not assigned yet", async () => {
        const preview = asFirstPreview(rendered.prod);
        assert.ok(JSON.stringify(preview).includes("[unknown]"));
        const result = await packs.evaluate(preview, configOf("prod"), { stack: "prod", dryRun: true });
        assert.deepEqual(ofControls(result).map((d) => `${d.policyName}: ${d.message}`), []);
    });

    it("prod: a stack that drops each control fails the matching policy, mandatory", async () => {
        const tampered = structuredClone(rendered.prod).flatMap((r) => {
            const inputs = r.inputs as Record<string, unknown>;
            if (r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && String(inputs.policyArn).endsWith("/AmazonEBSCSIDriverEKSClusterScopedPolicy")) {
                inputs.policyArn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
            }
            if (r.type === "aws:eks/cluster:Cluster") (inputs.accessConfig as Record<string, unknown>).bootstrapClusterCreatorAdminPermissions = true;
            if (r.type === "aws:cloudwatch/logGroup:LogGroup") delete inputs.kmsKeyId;
            const defaultDeny = r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && /default-deny/.test(String((inputs.metadata as { name?: unknown }).name));
            return r.type === "aws:ec2/flowLog:FlowLog" || defaultDeny ? [] : [r];
        });
        const result = await packs.evaluate(tampered as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: false });
        const found = ofControls(result);
        assert.deepEqual([...new Set(found.map((d) => d.policyName))].sort(), [...CONTROLS].sort(), JSON.stringify(found.map((d) => d.message)));
        assert.ok(found.every((d) => d.enforcementLevel === "mandatory"));
    });
});
