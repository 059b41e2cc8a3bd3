/**
 * Nodes for the data plane (#15 item 5): an optional dedicated node group with a taint that only
 * the brokers, controllers and ZooKeeper tolerate and select, a PriorityClass that puts them
 * above consumers, and the config rules that refuse a placement that would leave pods Pending.
 */
import { strict as assert } from "assert";
import { DATA_PLANE_PRIORITY } from "../../components";
import { dataPlaneGroups, tolerates } from "../../components/config/node-placement";
import { type RenderedResource, kubernetesObjects, ofType, renderStack, stackSection } from "../harness";
import { NS, problemsOf } from "../config/problems";

const TAINT = { key: "dedicated", value: "kafka", effect: "NoSchedule" as const };
const TOLERATION = { key: "dedicated", operator: "Equal" as const, value: "kafka", effect: "NoSchedule" as const };

/** prod with a general group for everything else and a tainted, labelled group for the data plane. */
function dedicated(stack: "prod" | "dev") {
    const platform = stackSection(stack, "platform") as Record<string, unknown>;
    return {
        platform: {
            ...platform,
            nodeGroups: [
                { name: "general", instanceTypes: ["m6i.xlarge"], minSize: 3, desiredSize: 3, maxSize: 6 },
                { name: "kafka", instanceTypes: ["m6i.2xlarge"], minSize: 6, desiredSize: 6, maxSize: 9, labels: { workload: "kafka" }, taints: [TAINT] },
            ],
        },
        kafka: { ...(stackSection(stack, "kafka") as Record<string, unknown>), placement: { nodeSelector: { workload: "kafka" }, tolerations: [TOLERATION] } },
    };
}

function podSpec(r: RenderedResource): Record<string, unknown> {
    const spec = r.inputs.spec as { template?: { spec: Record<string, unknown> }; jobTemplate?: { spec: { template: { spec: Record<string, unknown> } } } };
    return spec.template?.spec ?? spec.jobTemplate!.spec.template.spec;
}

describe("data plane nodes: dedicated group, placement, priority", function () {
    this.timeout(180_000);

    for (const stack of ["prod", "dev"] as const) {
        describe(`${stack} with a dedicated node group`, () => {
            const rendered = () => renderStack(stack, dedicated(stack));

            it("the group carries the taint in EKS's spelling and its label; the general group has neither", async () => {
                const { resources } = await rendered();
                const groups = ofType(resources, "aws:eks/nodeGroup:NodeGroup");
                const byName = Object.fromEntries(groups.map((g) => [g.inputs.nodeGroupName as string, g.inputs]));
                assert.deepEqual(byName.kafka.taints, [{ key: "dedicated", value: "kafka", effect: "NO_SCHEDULE" }]);
                assert.deepEqual(byName.kafka.labels, { workload: "kafka" });
                assert.deepEqual(byName.general.taints ?? [], []);
            });

            it("brokers, controllers and ZooKeeper select and tolerate it and run at the data-plane priority; nothing else does", async () => {
                const { resources } = await rendered();
                const [priorityClass] = kubernetesObjects(resources, "PriorityClass");
                assert.equal(priorityClass.inputs.value, DATA_PLANE_PRIORITY);
                assert.equal(priorityClass.inputs.globalDefault, false);
                const dataPlane = kubernetesObjects(resources, "StatefulSet");
                assert.ok(dataPlane.length >= 2);
                for (const s of dataPlane) {
                    const pod = podSpec(s);
                    assert.deepEqual(pod.nodeSelector, { workload: "kafka" }, String((s.inputs.metadata as { name: string }).name));
                    assert.deepEqual(pod.tolerations, [TOLERATION]);
                    assert.equal(pod.priorityClassName, (priorityClass.inputs.metadata as { name: string }).name);
                }
                const others = [...kubernetesObjects(resources, "Deployment"), ...kubernetesObjects(resources, "Job")];
                assert.ok(others.length > 0);
                for (const o of others) {
                    const pod = podSpec(o);
                    assert.equal(pod.nodeSelector, undefined);
                    assert.equal(pod.tolerations, undefined);
                    assert.equal(pod.priorityClassName, undefined);
                }
            });
        });
    }

    it("the shipped stacks set no node selector or toleration", async () => {
        const { resources } = await renderStack("prod");
        for (const s of kubernetesObjects(resources, "StatefulSet")) {
            assert.equal(podSpec(s).nodeSelector, undefined);
            assert.equal(podSpec(s).tolerations, undefined);
            assert.ok(podSpec(s).priorityClassName);
        }
    });

    describe("config", () => {
        const patchDedicated = (c: Record<string, any>) => Object.assign(c, dedicated("prod"));

        it("accepts the dedicated layout", () => assert.deepEqual(problemsOf("prod", patchDedicated), []));

        it("refuses a nodeSelector no group matches", () =>
            assert.deepEqual(
                problemsOf("prod", (c) => {
                    patchDedicated(c);
                    c.kafka.placement.nodeSelector = { workload: "kafak" };
                }),
                [`${NS}:kafka.placement.nodeSelector = {"workload":"kafak"}: matches no node group: give a group these labels (platform.nodeGroups[].labels; each node also has eks.amazonaws.com/nodegroup=<name>) or change the selector`],
            ));

        it("refuses selecting the tainted group without tolerating its taint", () =>
            assert.deepEqual(
                problemsOf("prod", (c) => {
                    patchDedicated(c);
                    c.kafka.placement.tolerations = [];
                }),
                [`${NS}:kafka.placement.tolerations = []: tolerate the taints of none of the node groups the pods may run on (kafka: dedicated=kafka:NoSchedule): add a toleration per taint, or select an untainted group`],
            ));

        it("refuses tainting every group: system pods need an untainted one", () => {
            const found = problemsOf("prod", (c) => {
                patchDedicated(c);
                c.platform.nodeGroups[0].taints = [{ key: "other", effect: "NoExecute" }];
            });
            assert.equal(found.length, 1, found.join("\n"));
            assert.match(found[0], /platform\.nodeGroups = .*: must include a group without a NoSchedule or NoExecute taint/);
        });

        it("counts only the data plane's groups for the required host spread", () => {
            const found = problemsOf("prod", (c) => {
                patchDedicated(c);
                c.platform.nodeGroups[1].maxSize = 2;
                c.platform.nodeGroups[1].minSize = 2;
                c.platform.nodeGroups[1].desiredSize = 2;
            });
            assert.ok(found.some((l) => l.includes("the node groups they may run on (kafka.placement: kafka) have at most 2")), found.join("\n"));
        });

        it("a toleration with Exists takes no value", () => {
            const found = problemsOf("prod", (c) => {
                patchDedicated(c);
                c.kafka.placement.tolerations = [{ key: "dedicated", operator: "Exists", value: "kafka" }];
            });
            assert.deepEqual(found, [`${NS}:kafka.placement.tolerations[0].value = "kafka": must be absent with operator Exists (Kubernetes rejects a value there)`]);
        });

        it("toleration matching follows Kubernetes: Exists ignores the value, an absent effect matches every effect", () => {
            assert.ok(tolerates([{ key: "dedicated", operator: "Exists" }], TAINT));
            assert.ok(tolerates([{ key: "dedicated", operator: "Equal", value: "kafka" }], TAINT));
            assert.ok(!tolerates([{ key: "dedicated", operator: "Equal", value: "zookeeper" }], TAINT));
            assert.ok(!tolerates([{ key: "dedicated", operator: "Exists", effect: "NoExecute" }], TAINT));
            const groups = [
                { name: "a", capacityType: "ON_DEMAND", labels: {}, taints: [TAINT] },
                { name: "b", capacityType: "ON_DEMAND", labels: {}, taints: [{ key: "x", effect: "PreferNoSchedule" as const }] },
            ];
            assert.deepEqual(dataPlaneGroups(groups, { nodeSelector: {}, tolerations: [] }).map((g) => g.name), ["b"]);
            assert.deepEqual(dataPlaneGroups(groups, { nodeSelector: { "eks.amazonaws.com/nodegroup": "a" }, tolerations: [TOLERATION] }).map((g) => g.name), ["a"]);
        });
    });
});
