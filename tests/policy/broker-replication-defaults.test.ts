import * as assert from "assert";
import { brokerReplicationDefaults } from "../../policy/policies/broker-replication-defaults";
import { checkResource } from "./fixtures";
import { DURABLE_BROKER, serverProperties } from "./objects";

describe("policy broker-replication-defaults", () => {
    it("passes the durable defaults (RF 3, min ISR 2)", async () => {
        assert.deepStrictEqual(await checkResource(brokerReplicationDefaults, serverProperties("kafka-broker", "kafka-broker-config", DURABLE_BROKER)), []);
    });

    it("fails default.replication.factor 1, naming the ConfigMap and property", async () => {
        const messages = await checkResource(brokerReplicationDefaults, serverProperties("kafka-broker", "kafka-broker-config", { ...DURABLE_BROKER, "default.replication.factor": 1, "min.insync.replicas": 1 }));
        assert.deepStrictEqual(messages, [
            'ConfigMap kafka/kafka-broker-config: data["server.properties"] default.replication.factor is 1; set it to at least 2 so data survives the loss of a broker (stack config: kafka-eks:kafka.replicationFactor).',
            'ConfigMap kafka/kafka-broker-config: data["server.properties"] min.insync.replicas is 1 with default.replication.factor 1; set min.insync.replicas to at most 1 (and default.replication.factor above it) so acks=all writes continue with one replica down (stack config: kafka-eks:kafka.minInsyncReplicas).',
        ]);
    });

    it("treats an absent default.replication.factor as Kafka's default of 1", async () => {
        const { ["default.replication.factor"]: _omit, ...rest } = DURABLE_BROKER;
        const messages = await checkResource(brokerReplicationDefaults, serverProperties("kafka", "kafka-config", rest));
        assert.ok(messages.some((m) => m.includes("default.replication.factor is not set (Kafka defaults it to 1)")), messages.join("\n"));
    });

    it("fails internal-topic RF 1 and min ISR equal to RF", async () => {
        const messages = await checkResource(
            brokerReplicationDefaults,
            serverProperties("kafka-broker", "kafka-broker-config", { ...DURABLE_BROKER, "offsets.topic.replication.factor": 1, "transaction.state.log.replication.factor": 2 }),
        );
        assert.ok(messages.some((m) => m.includes('data["server.properties"] offsets.topic.replication.factor is 1; set it to at least 2')), messages.join("\n"));
        assert.ok(messages.some((m) => m.includes("transaction.state.log.min.isr is 2 with transaction.state.log.replication.factor 2")), messages.join("\n"));
        assert.ok(messages.some((m) => m.includes("min.insync.replicas is 2 with offsets.topic.replication.factor 1")), messages.join("\n"));
    });

    // Fails on f28d4f9: dedicated controllers were checked only for keys they set, so a controller
    // without them (Kafka's defaults of 1, written cluster-wide on first start) passed.
    it("checks the keys a KRaft controller reads; absent ones are Kafka's defaults of 1", async () => {
        const bare = await checkResource(brokerReplicationDefaults, serverProperties("kafka-controller", "kafka-controller-config", { "process.roles": "controller" }), { minInsyncReplicas: 2 });
        assert.deepStrictEqual(bare, [
            'ConfigMap kafka/kafka-controller-config: data["server.properties"] default.replication.factor is not set (Kafka defaults it to 1); set it to at least 2 so data survives the loss of a broker (stack config: kafka-eks:kafka.replicationFactor).',
            'ConfigMap kafka/kafka-controller-config: data["server.properties"] min.insync.replicas is not set (Kafka defaults it to 1); set it to at least 2 so an acks=all write is on that many replicas; the active controller writes it as the cluster-wide value (stack config: kafka-eks:kafka.minInsyncReplicas).',
            'ConfigMap kafka/kafka-controller-config: data["server.properties"] min.insync.replicas is 1 (Kafka default) with default.replication.factor 1 (Kafka default); set min.insync.replicas to at most 1 (and default.replication.factor above it) so acks=all writes continue with one replica down (stack config: kafka-eks:kafka.minInsyncReplicas).',
        ]);
        const durable = { "process.roles": "controller", "default.replication.factor": 3, "min.insync.replicas": 2, "unclean.leader.election.enable": false };
        assert.deepStrictEqual(await checkResource(brokerReplicationDefaults, serverProperties("kafka-controller", "kafka-controller-config", durable), { minInsyncReplicas: 2 }), []);
    });

    it("a KRaft broker is checked for the internal topics it creates, not for the controllers' keys", async () => {
        const kraftBroker = { "process.roles": "broker", "min.insync.replicas": 2, "offsets.topic.replication.factor": 3, "transaction.state.log.replication.factor": 3, "transaction.state.log.min.isr": 2 };
        const messages = await checkResource(brokerReplicationDefaults, serverProperties("kafka-broker", "kafka-broker-config", kraftBroker));
        // The share-group state topic's keys are absent: Kafka's 3 / 2 pass, and default.replication.factor is the controllers'.
        assert.deepStrictEqual(messages, []);
        const weakShare = await checkResource(brokerReplicationDefaults, serverProperties("kafka-broker", "kafka-broker-config", { ...kraftBroker, "share.coordinator.state.topic.replication.factor": 1 }));
        assert.ok(weakShare.some((m) => m.includes("share.coordinator.state.topic.replication.factor is 1; set it to at least 2")), weakShare.join("\n"));
    });

    it("minInsyncReplicas raises the floor for every min-ISR key a node reads", async () => {
        const messages = await checkResource(brokerReplicationDefaults, serverProperties("kafka-broker", "kafka-broker-config", { ...DURABLE_BROKER, "min.insync.replicas": 1 }), { minInsyncReplicas: 2 });
        assert.deepStrictEqual(messages, ['ConfigMap kafka/kafka-broker-config: data["server.properties"] min.insync.replicas is 1; set it to at least 2 so an acks=all write is on that many replicas (stack config: kafka-eks:kafka.minInsyncReplicas).']);
    });
});
