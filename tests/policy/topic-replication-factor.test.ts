import * as assert from "assert";
import { topicReplicationFactor } from "../../policy/policies/topic-replication-factor";
import { checkResource } from "./fixtures";
import { configMap, topic } from "./objects";

describe("policy topic-replication-factor", () => {
    it("passes RF 3 with min ISR 2", async () => {
        assert.deepStrictEqual(await checkResource(topicReplicationFactor, topic({ name: "orders", partitions: 6, replicationFactor: 3, config: { "min.insync.replicas": 2 } })), []);
    });

    it("fails RF 1, naming the topic ConfigMap and topic.json field", async () => {
        const messages = await checkResource(topicReplicationFactor, topic({ name: "orders", partitions: 6, replicationFactor: 1 }));
        assert.deepStrictEqual(messages, ['ConfigMap kafka/kafka-topic-orders: data["topic.json"].replicationFactor is 1; topic "orders": set it to at least 2 so a topic survives the loss of a broker (stack config: kafka-eks:topics[].replicationFactor).']);
    });

    it("honours a configured threshold and reports a missing RF", async () => {
        assert.strictEqual((await checkResource(topicReplicationFactor, topic({ name: "a", partitions: 1, replicationFactor: 2 }), { minReplicationFactor: 3 })).length, 1);
        const [missing] = await checkResource(topicReplicationFactor, topic({ name: "b", partitions: 1 }));
        assert.match(missing, /data\["topic\.json"\]\.replicationFactor is missing/);
    });

    it("fails min.insync.replicas equal to RF", async () => {
        const [message] = await checkResource(topicReplicationFactor, topic({ name: "orders", partitions: 6, replicationFactor: 2, config: { "min.insync.replicas": "2" } }));
        assert.match(message, /ConfigMap kafka\/kafka-topic-orders: data\["topic\.json"\]\.config\["min\.insync\.replicas"\] is 2 with replicationFactor 2; topic "orders": set it to at most 1/);
    });

    it("reports an unreadable topic.json", async () => {
        const [message] = await checkResource(topicReplicationFactor, configMap("kafka-topic", "kafka-topic-bad", { "topic.json": "{not json" }));
        assert.match(message, /^ConfigMap kafka\/kafka-topic-bad: data\["topic\.json"\] is not JSON/);
    });
});
