import * as assert from "assert";
import { topicReplicationFactor } from "../../policy/policies/topic-replication-factor";
import { checkResource, type Fixture } from "./fixtures";
import { configMap, topic, topicJob } from "./objects";
import { DEFAULT_TOPIC_JOB_RESOURCES, topicJob as programTopicJob } from "../../components/kafka/topics/job";
import { topicSpec } from "../../components/kafka/topics/spec";

/** The Job the program renders for a topic (RF 3, two configs), as a fixture. */
function renderedTopicJob(): Fixture {
    const spec = topicSpec({ name: "orders", partitions: 6, replicationFactor: 3, config: { "min.insync.replicas": 2, "retention.bytes": 1073741824 } });
    const job = programTopicJob({
        cluster: "kafka", namespace: "kafka", objectName: "kafka-topic-orders", configMap: "kafka-topics-scripts", spec, script: "#!/bin/bash\n", clientScript: "#!/bin/bash\n",
        image: "apache/kafka:3.9.2", bootstrapServers: "kafka-bootstrap:9092", client: { securityProtocol: "PLAINTEXT" }, waitSeconds: 300, resources: DEFAULT_TOPIC_JOB_RESOURCES,
    });
    return { type: "kubernetes:batch/v1:Job", name: job.metadata.name, props: JSON.parse(JSON.stringify(job)) as Record<string, unknown> };
}

/** That Job with its apply container's value of `flag` replaced (the annotation untouched). */
function withArgument(flag: string, value: string, match: (v: string) => boolean = () => true): Fixture {
    const fixture = renderedTopicJob();
    const args = (fixture.props as { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } }).spec.template.spec.containers[0].args;
    const i = args.findIndex((a, j) => a === flag && match(args[j + 1]));
    assert.ok(i >= 0, `${flag} in ${args.join(" ")}`);
    args[i + 1] = value;
    return fixture;
}

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

    it("checks what the Job applies: its arguments must state the spec of its annotation, which is still checked as it stands", async () => {
        assert.deepStrictEqual(await checkResource(topicReplicationFactor, renderedTopicJob()), []);
        const name = renderedTopicJob().name;
        assert.deepStrictEqual(await checkResource(topicReplicationFactor, withArgument("--replication-factor", "1")), [
            `Job kafka/${name}: spec.template.spec.containers[0].args disagree with metadata.annotations["kafka-eks/topic-spec"], which the policies check: --replication-factor 1 where replicationFactor is 3; the Job applies its arguments: make them and the annotation state the same spec (the program writes both from the topic's declaration).`,
        ]);
        const held = [
            [withArgument("--partitions", "1"), "--partitions 1 where partitions is 6"],
            [withArgument("--topic", "payments"), "--topic payments where name is orders"],
            [withArgument("--config", "retention.bytes=1099511627776", (v) => v.startsWith("retention.bytes=")), 'retention.bytes=1099511627776 where config["retention.bytes"] is 1073741824'],
            [withArgument("--config", "unclean.leader.election.enable=true", (v) => v.startsWith("min.insync.replicas=")), 'min.insync.replicas=(absent) where config["min.insync.replicas"] is 2; --config unclean.leader.election.enable=true where config["unclean.leader.election.enable"] is (absent)'],
        ] as const;
        for (const [fixture, expected] of held) {
            const messages = await checkResource(topicReplicationFactor, fixture);
            assert.strictEqual(messages.length, 1, messages.join("\n"));
            assert.ok(messages[0].includes(expected), `${messages[0]}\n  lacks: ${expected}`);
        }
        // An annotation that disagrees is still checked as it stands (RF 1 below), besides the disagreement.
        const annotated = renderedTopicJob();
        const annotations = (annotated.props as { metadata: { annotations: Record<string, string> } }).metadata.annotations;
        annotations["kafka-eks/topic-spec"] = JSON.stringify({ ...JSON.parse(annotations["kafka-eks/topic-spec"]), replicationFactor: 1 });
        const both = await checkResource(topicReplicationFactor, annotated);
        assert.strictEqual(both.length, 2, both.join("\n"));
        assert.match(both[0], /args disagree with .*: --replication-factor 3 where replicationFactor is 1;/);
        assert.match(both[1], /\.replicationFactor is 1; topic "orders": set it to at least 2/);
    });
});
