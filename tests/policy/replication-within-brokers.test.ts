import * as assert from "assert";
import { replicationWithinBrokers } from "../../policy/policies/replication-within-brokers";
import { checkStack, urnOf } from "./fixtures";
import { DURABLE_BROKER, serverProperties, statefulSet, topic } from "./objects";

describe("policy replication-within-brokers (stack)", () => {
    const brokers = (n: number) => statefulSet("kafka-broker", "kafka-broker", { replicas: n });

    it("passes topic and broker RFs within the broker count", async () => {
        const stack = [brokers(3), serverProperties("kafka-broker", "kafka-broker-config", DURABLE_BROKER), topic({ name: "orders", partitions: 6, replicationFactor: 3 })];
        assert.deepStrictEqual(await checkStack(replicationWithinBrokers, stack), []);
    });

    it("fails a topic RF above the broker count, on the topic's URN", async () => {
        const orders = topic({ name: "orders", partitions: 6, replicationFactor: 3 });
        const violations = await checkStack(replicationWithinBrokers, [brokers(2), orders]);
        assert.deepStrictEqual(violations, [
            {
                message: 'Job kafka/kafka-topic-orders: metadata.annotations["kafka-eks/topic-spec"].replicationFactor is 3 but Kafka cluster "kafka" has 2 broker(s); topic "orders": set it to at most 2, or add brokers (stack config: kafka-eks:topics[].replicationFactor).',
                urn: urnOf(orders),
            },
        ]);
    });

    it("fails broker-default RFs (explicit or Kafka-default) above the broker count", async () => {
        const config = serverProperties("kafka", "kafka-config", { "default.replication.factor": 2, "transaction.state.log.replication.factor": 1 });
        const messages = (await checkStack(replicationWithinBrokers, [statefulSet("kafka", "kafka", { replicas: 1 }), config])).map((v) => v.message);
        assert.ok(messages.some((m) => m.startsWith('ConfigMap kafka/kafka-config: data["server.properties"] default.replication.factor is 2 but Kafka cluster "kafka" has 1 broker(s)')), messages.join("\n"));
        assert.ok(messages.some((m) => m.includes("offsets.topic.replication.factor is not set (Kafka defaults it to 3) but")), messages.join("\n"));
    });

    // Fails on f28d4f9: only broker and combined configs were checked.
    it("fails a KRaft controller's default.replication.factor above the broker count (the controller applies it)", async () => {
        const controller = serverProperties("kafka-controller", "kafka-controller-config", { "process.roles": "controller", "default.replication.factor": 3, "min.insync.replicas": 2 });
        const violations = await checkStack(replicationWithinBrokers, [brokers(2), statefulSet("kafka-controller", "kafka-controller", { replicas: 3 }), controller]);
        assert.deepStrictEqual(violations, [
            {
                message: 'ConfigMap kafka/kafka-controller-config: data["server.properties"] default.replication.factor is 3 but Kafka cluster "kafka" has 2 broker(s); set it to at most 2, or add brokers (stack config: kafka-eks:kafka.replicationFactor).',
                urn: urnOf(controller),
            },
        ]);
    });

    it("reports a topic whose cluster has no broker StatefulSet", async () => {
        const [violation] = await checkStack(replicationWithinBrokers, [topic({ name: "orders", partitions: 1, replicationFactor: 2 })]);
        assert.match(violation.message, /replicationFactor cannot be checked: no broker StatefulSet/);
    });
});
