import * as assert from "assert";
import { brokerReplication } from "../../policy/policies/broker-replication";
import { checkResource } from "./fixtures";
import { DURABLE_BROKER, serverProperties } from "./objects";

describe("policy broker-replication-defaults", () => {
    it("passes the durable defaults (RF 3, min ISR 2)", async () => {
        assert.deepStrictEqual(await checkResource(brokerReplication, serverProperties("kafka-broker", "kafka-broker-config", DURABLE_BROKER)), []);
    });

    it("fails default.replication.factor 1, naming the ConfigMap and property", async () => {
        const messages = await checkResource(brokerReplication, serverProperties("kafka-broker", "kafka-broker-config", { ...DURABLE_BROKER, "default.replication.factor": 1, "min.insync.replicas": 1 }));
        assert.deepStrictEqual(messages, [
            'ConfigMap kafka/kafka-broker-config: data["server.properties"] default.replication.factor is 1; set it to at least 2 so data survives the loss of a broker (stack config: kafka-eks:kafka.replicationFactor).',
            'ConfigMap kafka/kafka-broker-config: data["server.properties"] min.insync.replicas is 1 with default.replication.factor 1; set min.insync.replicas to at most 1 (and default.replication.factor above it) so acks=all writes continue with one replica down (stack config: kafka-eks:kafka.minInsyncReplicas).',
        ]);
    });

    it("treats an absent default.replication.factor as Kafka's default of 1", async () => {
        const { ["default.replication.factor"]: _omit, ...rest } = DURABLE_BROKER;
        const messages = await checkResource(brokerReplication, serverProperties("kafka", "kafka-config", rest));
        assert.ok(messages.some((m) => m.includes("default.replication.factor is not set (Kafka defaults it to 1)")), messages.join("\n"));
    });

    it("fails internal-topic RF 1 and min ISR equal to RF", async () => {
        const messages = await checkResource(
            brokerReplication,
            serverProperties("kafka-broker", "kafka-broker-config", { ...DURABLE_BROKER, "offsets.topic.replication.factor": 1, "transaction.state.log.replication.factor": 2 }),
        );
        assert.ok(messages.some((m) => m.includes('data["server.properties"] offsets.topic.replication.factor is 1; set it to at least 2')), messages.join("\n"));
        assert.ok(messages.some((m) => m.includes("transaction.state.log.min.isr is 2 with transaction.state.log.replication.factor 2")), messages.join("\n"));
        assert.ok(messages.some((m) => m.includes("min.insync.replicas is 2 with offsets.topic.replication.factor 1")), messages.join("\n"));
    });

    it("checks only explicit keys on dedicated controllers", async () => {
        assert.deepStrictEqual(await checkResource(brokerReplication, serverProperties("kafka-controller", "kafka-controller-config", { "process.roles": "controller" })), []);
    });
});
