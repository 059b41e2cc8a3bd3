import { strict as assert } from "assert";
import { layoutGuardProvider } from "../../components/kafka/layout-guard/guard";
import { LayoutState, layoutGuardCheck } from "../../components/kafka/layout-guard/rule";
import { renderStack } from "../harness";

const deployed: LayoutState = { mode: "zookeeper", topology: "none", namespace: "kafka", configKey: "kafka-eks:kafka" };

describe("cluster layout guard", () => {
    it("accepts the first deploy and an unchanged layout", () => {
        assert.deepEqual(layoutGuardCheck({}, deployed), []);
        assert.deepEqual(layoutGuardCheck(deployed, { ...deployed }), []);
    });

    it("refuses a metadata-mode change, naming the key, the old value and the way out", () => {
        const [failure] = layoutGuardCheck(deployed, { ...deployed, mode: "kraft", topology: "dedicated" });
        assert.equal(failure.property, "mode");
        assert.match(failure.reason, /^kafka-eks:kafka\.mode = "kraft": the cluster was deployed with "zookeeper"; .*cannot change its metadata layout in place/);
        assert.match(failure.reason, /remove the cluster .* and its volume claims/);
    });

    it("refuses a KRaft topology change and a namespace change", () => {
        const kraft = { ...deployed, mode: "kraft", topology: "dedicated" };
        assert.match(layoutGuardCheck(kraft, { ...kraft, topology: "combined" })[0].reason, /^kafka-eks:kafka\.kraft\.topology = "combined": the cluster was deployed with "dedicated"/);
        assert.match(layoutGuardCheck(kraft, { ...kraft, namespace: "streaming" })[0].reason, /^kafka-eks:kafka\.namespace = "streaming"/);
    });

    it("fails the provider's check step, which pulumi preview runs", async () => {
        const result = await layoutGuardProvider.check!(deployed, { ...deployed, mode: "kraft", topology: "dedicated" });
        assert.equal(result.failures?.length, 1);
        assert.deepEqual((await layoutGuardProvider.check!(deployed, deployed)).failures, []);
    });

    for (const [stack, mode, topology] of [["dev", "zookeeper", "none"], ["prod", "kraft", "dedicated"]] as const) {
        it(`${stack}: records ${mode}/${topology}, and every object of the cluster waits for it`, async () => {
            const { resources } = await renderStack(stack);
            const guard = resources.find((r) => r.type === "pulumi-nodejs:dynamic/kafka-eks:ClusterLayoutGuard")!;
            assert.equal(guard.inputs.mode, mode);
            assert.equal(guard.inputs.topology, topology);
            assert.equal(guard.inputs.configKey, "kafka-eks:kafka");
            const cluster = resources.find((r) => r.type === "kafka-eks:kafka:KafkaCluster")!;
            const children = resources.filter((r) => r.parent === cluster.urn && r.type.startsWith("kubernetes:"));
            assert.ok(children.length >= 8);
            for (const c of children) assert.ok(c.dependencies.includes(guard.urn), `${c.urn} does not wait for the layout guard`);
        });
    }
});
