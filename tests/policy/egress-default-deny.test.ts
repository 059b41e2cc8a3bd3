import * as assert from "assert";
import { egressDefaultDeny } from "../../policy/policies/egress-default-deny";
import { type Fixture, checkStack, urnOf } from "./fixtures";
import { NS, statefulSet } from "./objects";

function networkPolicy(name: string, namespace: string, spec: Record<string, unknown>): Fixture {
    return { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name, props: { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace }, spec } };
}
const denyEgress = (namespace: string) => networkPolicy(`${namespace}-default-deny-egress`, namespace, { podSelector: {}, policyTypes: ["Egress"] });
const kedaChart: Fixture = { type: "kubernetes:helm.sh/v4:Chart", name: "keda", props: { chart: "keda", version: "2.20.2", namespace: "keda" } };
const broker = statefulSet("kafka-broker", "kafka-broker");
const dns = networkPolicy("kafka-dns-egress", NS, {
    podSelector: {},
    policyTypes: ["Egress"],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } }], ports: [{ protocol: "UDP", port: 53 }] }],
});

describe("policy egress-default-deny (stack)", () => {
    it("passes a Kafka and a KEDA namespace that deny egress and then allow named flows", async () => {
        const keda = networkPolicy("keda-default-deny", "keda", { podSelector: {}, policyTypes: ["Ingress", "Egress"], egress: [] });
        assert.deepStrictEqual(await checkStack(egressDefaultDeny, [broker, denyEgress(NS), dns, kedaChart, keda]), []);
    });

    it("fails the Kafka namespace without a default-deny, naming it and the stack key", async () => {
        const violations = await checkStack(egressDefaultDeny, [broker, dns]);
        assert.deepStrictEqual(violations, [
            {
                urn: urnOf(broker),
                message:
                    'Namespace kafka: egress default-deny is missing (Kafka runs here; no NetworkPolicy selects every pod with policyTypes ["Egress"] and no egress rules, so its pods may connect anywhere); add a NetworkPolicy in kafka with spec {podSelector: {}, policyTypes: ["Egress"]}, then allow each needed flow (stack config: kafka-eks:security.networkPolicies).',
            },
        ]);
    });

    it("fails the namespace of a KEDA chart the stack installs", async () => {
        const violations = await checkStack(egressDefaultDeny, [broker, denyEgress(NS), kedaChart]);
        assert.deepStrictEqual(violations.map((v) => v.urn), [urnOf(kedaChart)]);
        assert.match(violations[0].message, /^Namespace keda: egress default-deny is missing \(KEDA runs here;/);
    });

    it("finds KEDA by its operator Deployment too (a chart's rendered objects)", async () => {
        const operator: Fixture = {
            type: "kubernetes:apps/v1:Deployment",
            name: "keda-operator",
            props: { metadata: { name: "keda-operator", namespace: "autoscaling" }, spec: { template: { metadata: { labels: { app: "keda-operator" } } } } },
        };
        const violations = await checkStack(egressDefaultDeny, [broker, denyEgress(NS), operator]);
        assert.deepStrictEqual(violations.map((v) => v.urn), [urnOf(operator)]);
        assert.deepStrictEqual(await checkStack(egressDefaultDeny, [broker, denyEgress(NS), operator, denyEgress("autoscaling")]), []);
    });

    it("a deny that selects some pods, covers only ingress, or has rules is no default-deny", async () => {
        for (const spec of [
            { podSelector: { matchLabels: { app: "x" } }, policyTypes: ["Egress"] },
            { podSelector: {}, policyTypes: ["Ingress"] },
            { podSelector: {} },
            { podSelector: {}, policyTypes: ["Egress"], egress: [{ ports: [{ port: 443 }] }] },
        ]) {
            const violations = await checkStack(egressDefaultDeny, [broker, networkPolicy("almost", NS, spec)]);
            assert.ok(violations.some((v) => /egress default-deny is missing/.test(v.message)), JSON.stringify(spec));
        }
    });

    it("fails a policy whose egress rule allows everything, which undoes the deny", async () => {
        const open = networkPolicy("unrestricted", NS, { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] });
        const violations = await checkStack(egressDefaultDeny, [broker, denyEgress(NS), open]);
        assert.deepStrictEqual(violations, [
            {
                urn: urnOf(open),
                message: "NetworkPolicy kafka/unrestricted: spec.egress[0] has neither to nor ports (the pods it selects may connect anywhere, undoing the namespace's egress default-deny); name the peers and ports those pods need instead.",
            },
        ]);
    });

    it("leaves namespaces without Kafka or KEDA alone, unless listed in namespaces", async () => {
        const open = networkPolicy("unrestricted", "kube-system", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] });
        assert.deepStrictEqual(await checkStack(egressDefaultDeny, [broker, denyEgress(NS), open]), []);
        const violations = await checkStack(egressDefaultDeny, [broker, denyEgress(NS)], { namespaces: ["team-a"] });
        assert.equal(violations.length, 1);
        assert.match(violations[0].message, /^Namespace team-a: egress default-deny is missing \(listed in namespaces;/);
    });
});
