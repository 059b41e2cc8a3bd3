/**
 * The VPC CNI addon enforces NetworkPolicies in strict mode whenever the stack deploys its own:
 * a new pod starts denied until its policies are in place, instead of open. Its configuration
 * keys are checked against the aws-vpc-cni chart values at the pinned release (upstream/aws/), and
 * kube-system gets the policy that keeps CoreDNS and the EBS CSI driver working before either
 * addon starts a pod.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { vpcCniConfiguration } from "../../components/platform/addon-configuration";
import { input, kubernetesObjects, ofType, RenderedResource, renderStack, stackSection, UPSTREAM } from "../harness";

const ADDON = "aws:eks/addon:Addon";
const upstreamValues = parse(fs.readFileSync(path.join(UPSTREAM, "aws", "aws-vpc-cni-values-1.23.0.yaml"), "utf8")) as Record<string, unknown>;
/** The modes the agent accepts (amazon-vpc-cni-k8s v1.23.0 README.md:738-749; aws-network-policy-agent v1.4.1 pkg/utils/utils.go:77-86). */
const MODES = ["standard", "strict"];

/** Every leaf of `value` as [dotted path, leaf]. */
function leaves(value: unknown, prefix = ""): Array<[string, unknown]> {
    if (value === null || typeof value !== "object") return [[prefix, value]];
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const at = (o: unknown, dotted: string) => dotted.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], o);

const addon = (rs: readonly RenderedResource[], name: string) => ofType(rs, ADDON).find((a) => input(a, "addonName") === name)!;
const cniValues = (rs: readonly RenderedResource[]) => JSON.parse(input<string>(addon(rs, "vpc-cni"), "configurationValues")) as Record<string, unknown>;

describe("VPC CNI: NetworkPolicy enforcement", function () {
    this.timeout(120_000);

    it("every configuration key is a key of the aws-vpc-cni chart at v1.23.0, with a value of the same type", () => {
        for (const mode of ["standard", "strict"] as const) {
            for (const [key, value] of leaves(JSON.parse(vpcCniConfiguration(mode)))) {
                const upstream = at(upstreamValues, key);
                assert.notEqual(upstream, undefined, `${key} is not a chart value`);
                assert.equal(typeof value, typeof upstream, `${key}: the chart's values are strings`);
            }
        }
        assert.equal(at(upstreamValues, "nodeAgent.enabled"), true, "the chart skips the mode when the node agent is off");
        assert.ok(MODES.includes(String(at(upstreamValues, "env.NETWORK_POLICY_ENFORCING_MODE"))));
    });

    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            let rs: readonly RenderedResource[];
            before(async () => ({ resources: rs } = await renderStack(stack)));

            it("turns the policy agent on, in strict mode", () => {
                assert.deepEqual(cniValues(rs), { enableNetworkPolicy: "true", env: { NETWORK_POLICY_ENFORCING_MODE: "strict" } });
            });

            it("kube-system gets an unrestricted policy before CoreDNS and the EBS CSI driver start pods", () => {
                const policies = kubernetesObjects(rs, "NetworkPolicy").filter((p) => (p.inputs.metadata as { namespace: string }).namespace === "kube-system");
                assert.equal(policies.length, 1);
                const [policy] = policies;
                assert.deepEqual(policy.inputs.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] });
                for (const name of ["coredns", "aws-ebs-csi-driver"]) assert.ok(addon(rs, name).dependencies.includes(policy.urn), `${name} waits for it`);
            });
        });
    }

    it("without the stack's NetworkPolicies the CNI stays in standard mode: nothing would select the pods", async () => {
        const security = { ...stackSection("prod", "security"), networkPolicies: false };
        const { resources } = await renderStack("prod", { security });
        assert.equal((cniValues(resources).env as Record<string, string>).NETWORK_POLICY_ENFORCING_MODE, "standard");
        assert.equal(kubernetesObjects(resources, "NetworkPolicy").filter((p) => (p.inputs.metadata as { namespace: string }).namespace !== "monitoring").length, 0);
    });
});
