import * as assert from "assert";
import { kedaMaxReplicasWithinPartitions } from "../../policy/policies/keda-max-replicas-within-partitions";
import { checkStack, urnOf } from "./fixtures";
import { scaledObject, topic } from "./objects";

describe("policy keda-max-replicas-within-partitions (stack)", () => {
    const orders = topic({ name: "orders", partitions: 6, replicationFactor: 3 });

    it("passes maxReplicaCount within the topic's partitions", async () => {
        assert.deepStrictEqual(await checkStack(kedaMaxReplicasWithinPartitions, [orders, scaledObject("orders-scaler", { maxReplicaCount: 6, topic: "orders" })]), []);
    });

    it("fails maxReplicaCount above partitions, naming the ScaledObject and field", async () => {
        const scaler = scaledObject("orders-scaler", { maxReplicaCount: 10, topic: "orders" });
        assert.deepStrictEqual(await checkStack(kedaMaxReplicasWithinPartitions, [orders, scaler]), [
            {
                message: 'ScaledObject kafka/orders-scaler: spec.maxReplicaCount is 10 but topic "orders" has 6 partition(s); set it to at most 6, add partitions, or set spec.triggers[0].metadata.allowIdleConsumers: "true" (stack config: kafka-eks:autoscaling.scalers[].maxReplicaCount).',
                urn: urnOf(scaler),
            },
        ]);
    });

    it("applies KEDA's default of 100 when maxReplicaCount is unset", async () => {
        const [violation] = await checkStack(kedaMaxReplicasWithinPartitions, [orders, scaledObject("orders-scaler", { topic: "orders" })]);
        assert.match(violation.message, /spec\.maxReplicaCount is unset \(KEDA defaults it to 100\)/);
    });

    it("passes when allowIdleConsumers is \"true\"", async () => {
        assert.deepStrictEqual(await checkStack(kedaMaxReplicasWithinPartitions, [orders, scaledObject("s", { maxReplicaCount: 50, topic: "orders", allowIdleConsumers: "true" })]), []);
    });

    it("reports an unknown or missing topic unless requireKnownTopic is off", async () => {
        const unknown = scaledObject("s", { maxReplicaCount: 5, topic: "payments" });
        const [violation] = await checkStack(kedaMaxReplicasWithinPartitions, [orders, unknown]);
        assert.match(violation.message, /ScaledObject kafka\/s: spec\.triggers\[0\]\.metadata\.topic is "payments", which no topic Job \(component kafka-topic\) in this stack declares/);
        assert.deepStrictEqual(await checkStack(kedaMaxReplicasWithinPartitions, [orders, unknown], { requireKnownTopic: false }), []);
        assert.strictEqual((await checkStack(kedaMaxReplicasWithinPartitions, [scaledObject("t", { maxReplicaCount: 5 })])).length, 1);
    });
});
