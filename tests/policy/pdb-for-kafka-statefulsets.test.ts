import * as assert from "assert";
import { pdbForKafkaStatefulsets } from "../../policy/policies/pdb-for-kafka-statefulsets";
import { checkStack, urnOf } from "./fixtures";
import { pdb, selector, statefulSet } from "./objects";

describe("policy pdb-for-kafka-statefulsets (stack)", () => {
    const zk = statefulSet("zookeeper", "kafka-zookeeper", { replicas: 3 });
    const brokers = statefulSet("kafka-broker", "kafka-broker", { replicas: 3 });

    it("passes when each StatefulSet's pods are selected by a PDB", async () => {
        const stack = [zk, brokers, pdb("zk-pdb", selector("zookeeper", "kafka-zookeeper")), pdb("broker-pdb", selector("kafka-broker", "kafka-broker"))];
        assert.deepStrictEqual(await checkStack(pdbForKafkaStatefulsets, stack), []);
    });

    it("fails a StatefulSet without a matching PDB, naming it and its pod labels", async () => {
        const stack = [zk, brokers, pdb("zk-pdb", selector("zookeeper", "kafka-zookeeper"))];
        const violations = await checkStack(pdbForKafkaStatefulsets, stack);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].urn, urnOf(brokers));
        assert.match(violations[0].message, /^StatefulSet kafka\/kafka-broker: spec\.template\.metadata\.labels \{.*\} are matched by no PodDisruptionBudget \(policy\/v1\) in namespace kafka; add one with spec\.maxUnavailable: 1 and spec\.selector\.matchLabels/);
    });

    it("does not count a PDB whose selector misses the pods or lives in another namespace", async () => {
        const wrongSelector = pdb("zk-pdb", { ...selector("zookeeper", "kafka-zookeeper"), "app.kubernetes.io/instance": "other" });
        const otherNamespace = pdb("zk-pdb", selector("zookeeper", "kafka-zookeeper"), "default");
        assert.strictEqual((await checkStack(pdbForKafkaStatefulsets, [zk, wrongSelector])).length, 1);
        assert.strictEqual((await checkStack(pdbForKafkaStatefulsets, [zk, otherNamespace])).length, 1);
    });

    it("ignores StatefulSets of other components", async () => {
        assert.deepStrictEqual(await checkStack(pdbForKafkaStatefulsets, [statefulSet("kafka-manager", "kafka-ui", { replicas: 1 })]), []);
    });
});
