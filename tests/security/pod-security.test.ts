import { strict as assert } from "assert";
import { RenderedResource, renderStack, stackSection } from "../harness";
import { podSpecOf } from "../../policy/lib/k8s";
import { restrictedViolations } from "../../policy/lib/pod-security";

const WORKLOADS = ["Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet"];

const VARIANTS: Array<{ name: string; stack: string; overrides?: (s: (n: string) => Record<string, unknown>) => Record<string, unknown> }> = [
    { name: "dev (ZooKeeper mode, kafka-ui, example consumer)", stack: "dev" },
    { name: "prod (KRaft dedicated)", stack: "prod" },
    { name: "KRaft combined", stack: "prod", overrides: (s) => ({ kafka: { ...s("kafka"), kraft: { topology: "combined" }, controllerStorageGiB: undefined } }) },
    { name: "ZooKeeper mode with CMAK", stack: "dev", overrides: () => ({ manager: { kind: "cmak" } }) },
];

describe("restricted Pod Security Standard", () => {
    for (const v of VARIANTS) {
        describe(v.name, () => {
            let resources: RenderedResource[];
            before(async () => {
                const section = (n: string) => stackSection(v.stack, n) ?? {};
                ({ resources } = await renderStack(v.stack, v.overrides?.(section)));
            });

            it("every workload passes it", () => {
                const workloads = resources.filter((r) => r.custom && WORKLOADS.includes(String(r.inputs.kind)));
                assert.ok(workloads.length >= 3);
                const violations = workloads.flatMap((w) =>
                    restrictedViolations(podSpecOf(w.type, w.inputs)!.spec).map((x) => `${w.inputs.kind} ${(w.inputs.metadata as { name: string }).name}: ${x.field} ${x.problem}`),
                );
                assert.deepEqual(violations, []);
            });

            it("the Kafka namespace enforces it", () => {
                const ns = resources.find((r) => r.inputs.kind === "Namespace" && (r.inputs.metadata as { name: string }).name === "kafka")!;
                const labels = (ns.inputs.metadata as { labels: Record<string, string> }).labels;
                assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
            });
        });
    }

    it("(control) the checker rejects a root, privileged, hostPath pod", () => {
        const found = restrictedViolations({
            hostNetwork: true,
            volumes: [{ name: "h", hostPath: { path: "/" } }],
            containers: [{ name: "c", securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ["SYS_ADMIN"] } } }],
        });
        const text = found.map((p) => `${p.field} ${p.problem}`);
        for (const expected of ["hostNetwork is true", "volumes[0] is a hostPath volume", "containers[0].securityContext.privileged is true", "containers[0].securityContext.runAsUser is 0 (root)", "containers[0].securityContext.capabilities.add includes SYS_ADMIN", "containers[0].securityContext.seccompProfile.type is unset"]) {
            assert.ok(text.some((t) => t.startsWith(expected)), `missing "${expected}" in ${text.join("; ")}`);
        }
    });
});
