import * as assert from "assert";
import { topicReplicationFactor } from "../../policy/policies/topic-replication-factor";
import { checkResource } from "./fixtures";
import { configMap, topic, topicJob } from "./objects";

describe("policy topic-replication-factor", () => {
    it("passes RF 3 with min ISR 2", async () => {
        assert.deepStrictEqual(await checkResource(topicReplicationFactor, topic({ name: "orders", partitions: 6, replicationFactor: 3, config: { "min.insync.replicas": 2 } })), []);
    });

    it("fails RF 1, naming the topic Job and the field of its spec annotation", async () => {
        const messages = await checkResource(topicReplicationFactor, topic({ name: "orders", partitions: 6, replicationFactor: 1 }));
        assert.deepStrictEqual(messages, ['Job kafka/kafka-topic-orders: metadata.annotations["kafka-eks/topic-spec"].replicationFactor is 1; topic "orders": set it to at least 2 so a topic survives the loss of a broker (stack config: kafka-eks:topics[].replicationFactor).']);
    });

    it("honours a configured threshold and reports a missing RF", async () => {
        assert.strictEqual((await checkResource(topicReplicationFactor, topic({ name: "a", partitions: 1, replicationFactor: 2 }), { minReplicationFactor: 3 })).length, 1);
        const [missing] = await checkResource(topicReplicationFactor, topic({ name: "b", partitions: 1 }));
        assert.match(missing, /metadata\.annotations\["kafka-eks\/topic-spec"\]\.replicationFactor is missing/);
    });

    it("fails min.insync.replicas equal to RF", async () => {
        const [message] = await checkResource(topicReplicationFactor, topic({ name: "orders", partitions: 6, replicationFactor: 2, config: { "min.insync.replicas": "2" } }));
        assert.match(message, /Job kafka\/kafka-topic-orders: metadata\.annotations\["kafka-eks\/topic-spec"\]\.config\["min\.insync\.replicas"\] is 2 with replicationFactor 2; topic "orders": set it to at most 1/);
    });

    it("reports an unreadable spec annotation", async () => {
        const [message] = await checkResource(topicReplicationFactor, topicJob("kafka-topic-bad", "{not json"));
        assert.match(message, /^Job kafka\/kafka-topic-bad: metadata\.annotations\["kafka-eks\/topic-spec"\] is not JSON/);
    });

    it("reports a topic Job without the spec annotation, and ignores the topic scripts ConfigMap", async () => {
        const bare = topicJob("kafka-topic-bare", "");
        delete (bare.props as { metadata: { annotations?: object } }).metadata.annotations;
        const [message] = await checkResource(topicReplicationFactor, bare);
        assert.match(message, /^Job kafka\/kafka-topic-bare: metadata\.annotations\["kafka-eks\/topic-spec"\] is missing/);
        assert.deepStrictEqual(await checkResource(topicReplicationFactor, configMap("kafka-topic", "kafka-topics-scripts", { "apply-topic.sh": "#!/bin/bash\n" })), []);
    });
});
