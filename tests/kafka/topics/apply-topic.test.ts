/**
 * apply-topic.sh executed with bash against the stub kafka-topics.sh / kafka-configs.sh of
 * tests/kafka/stubs/ (a fake cluster kept in files; every behaviour cited from Kafka 3.9.2 and 4.3.1),
 * once per release: ZooKeeper-mode stacks run the topic Job with 3.9.2's tools, KRaft stacks with
 * 4.3.1's. Arguments come from `applyTopicArgs`, so the Job's argument list and the script's parser
 * are tested together.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { APPLY_TOPIC_SCRIPT_PATH } from "../../../components/kafka/topics/script";
import { applyTopicArgs } from "../../../components/kafka/topics/job";
import { TopicDeclaration, topicSpec } from "../../../components/kafka/topics/spec";
import { FakeCluster, removeStubDirs, STUB_KAFKA_VERSIONS, StubKafkaVersion, stubBin, tempDir, TopicState } from "../stubs/cluster";

const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const ORDERS: TopicDeclaration = {
    name: "orders",
    partitions: 6,
    replicationFactor: 2,
    config: { "retention.ms": 604800000, "cleanup.policy": "compact,delete" },
};

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    /** Calls made in this run: tool name followed by its args. */
    calls: string[][];
}

let stubDir: string;
let PROPS: string;
before(() => {
    stubDir = stubBin();
    /** The client.properties the Job's wrapper would have written (PLAINTEXT here). */
    PROPS = path.join(tempDir("apply-topic-props-"), "client.properties");
    fs.writeFileSync(PROPS, "security.protocol=PLAINTEXT\n");
});
after(removeStubDirs);

/** A cluster holding the internal offsets topic and `topics`; kafka-topics.sh fails `listFailures` times first. */
function cluster(topics: Record<string, TopicState> = {}, listFailures = 0): FakeCluster {
    return new FakeCluster({ topics: { __consumer_offsets: { partitions: 50, rf: 3 }, ...topics }, unreachable: { "kafka-topics.sh": listFailures } });
}

function run(c: FakeCluster, version: StubKafkaVersion, args: string[]): Run {
    const before = c.calls().length;
    const r = spawnSync("bash", [APPLY_TOPIC_SCRIPT_PATH, ...args], {
        encoding: "utf8",
        env: { PATH: `${stubDir}:${process.env.PATH}`, ...c.env(version), APPLY_TOPIC_POLL_SECONDS: "0" },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: c.calls().slice(before) };
}

function argsFor(t: TopicDeclaration, waitSeconds = 0): string[] {
    return applyTopicArgs(topicSpec(t), BOOTSTRAP, waitSeconds, PROPS);
}

const B = () => ["--bootstrap-server", BOOTSTRAP, "--command-config", PROPS];
const LIST = () => ["kafka-topics.sh", ...B(), "--list"];
const DESCRIBE = (re: string) => ["kafka-topics.sh", ...B(), "--describe", "--topic", re];
const DESCRIBE_CONFIGS = (name: string) => ["kafka-configs.sh", ...B(), "--entity-type", "topics", "--entity-name", name, "--describe"];
/** Calls of a run that has nothing to change. */
const READ_ONLY = (name: string, re: string) => [LIST(), DESCRIBE(re), DESCRIBE_CONFIGS(name)];

for (const version of STUB_KAFKA_VERSIONS) describe(`apply-topic.sh against Kafka ${version}'s tools`, () => {

    it("creates a missing topic with every declared setting in one call, then changes nothing on re-run", () => {
        const state = cluster();
        const first = run(state, version, argsFor(ORDERS));
        assert.strictEqual(first.status, 0, first.stderr);
        assert.deepStrictEqual(first.calls, [
            LIST(),
            [
                "kafka-topics.sh", ...B(), "--create", "--topic", "orders", "--partitions", "6", "--replication-factor", "2",
                "--config", "cleanup.policy=compact,delete", "--config", "retention.ms=604800000",
            ],
        ]);
        assert.match(first.stdout, /topic orders: created with 6 partitions, replication factor 2/);

        const again = run(state, version, argsFor(ORDERS));
        assert.strictEqual(again.status, 0, again.stderr);
        assert.deepStrictEqual(again.calls, READ_ONLY("orders", "orders"));
        assert.match(again.stdout, /topic orders: up to date/);
        assert.strictEqual(again.stderr, "");
    });

    it("increases partitions of a topic that has fewer, and only that", () => {
        const state = cluster({ "orders": { partitions: 3, rf: 2, configs: { "retention.ms": "604800000", "cleanup.policy": "compact,delete" }  } });
        const r = run(state, version, argsFor(ORDERS));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, [
            LIST(),
            DESCRIBE("orders"),
            ["kafka-topics.sh", ...B(), "--alter", "--topic", "orders", "--partitions", "6"],
            DESCRIBE_CONFIGS("orders"),
        ]);
        assert.match(r.stdout, /topic orders: partitions 3 -> 6\n/);
        assert.deepStrictEqual(run(state, version, argsFor(ORDERS)).calls, READ_ONLY("orders", "orders"));
    });

    it("rejects a topic with more partitions than declared, changing nothing", () => {
        const state = cluster({ "orders": { partitions: 12, rf: 2, configs: { "retention.ms": "1" }  } });
        const r = run(state, version, argsFor(ORDERS));
        assert.strictEqual(r.status, 3);
        assert.strictEqual(r.stderr, "apply-topic: topic orders has 12 partitions; Kafka cannot reduce partitions; declare 12 or more\n");
        assert.deepStrictEqual(r.calls, [LIST(), DESCRIBE("orders")]);
        assert.deepStrictEqual(state.topic("orders")!.configs, { "retention.ms": "1" });
    });

    it("rejects a replication factor change (needs a reassignment), changing nothing", () => {
        const state = cluster({ "orders": { partitions: 3, rf: 3, configs: {} } });
        const r = run(state, version, argsFor(ORDERS));
        assert.strictEqual(r.status, 3);
        assert.match(r.stderr, /topic orders has replication factor 3, declared 2; changing it needs a partition reassignment/);
        assert.deepStrictEqual(r.calls, [LIST(), DESCRIBE("orders")]);
    });

    it("sets only the config keys whose value differs, brackets list values, and keeps undeclared keys", () => {
        const state = cluster({ "orders": { partitions: 6, rf: 2, configs: { "retention.ms": "1000", "segment.bytes": "1048576" }  } });
        const r = run(state, version, argsFor(ORDERS));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, [
            ...READ_ONLY("orders", "orders"),
            ["kafka-configs.sh", ...B(), "--entity-type", "topics", "--entity-name", "orders", "--alter", "--add-config", "cleanup.policy=[compact,delete],retention.ms=604800000"],
        ]);
        assert.match(r.stdout, /topic orders: configs set: cleanup.policy,retention.ms\n/);
        assert.strictEqual(r.stderr, "apply-topic: warning: topic orders has config overrides that are not declared, left unchanged: segment.bytes\n");
        assert.deepStrictEqual(state.topic("orders")!.configs, { "segment.bytes": "1048576", "cleanup.policy": "compact,delete", "retention.ms": "604800000" });

        const again = run(state, version, argsFor(ORDERS));
        assert.strictEqual(again.status, 0, again.stderr);
        assert.deepStrictEqual(again.calls, READ_ONLY("orders", "orders"));
    });

    it("reads live overrides from kafka-configs.sh --describe, whatever synonyms follow (static broker value included)", () => {
        const minIsr: TopicDeclaration = { name: "payments", partitions: 3, replicationFactor: 3, config: { "min.insync.replicas": 2 } };
        const same = cluster({ payments: { partitions: 3, rf: 3, configs: { "min.insync.replicas": "2" } } });
        const r = run(same, version, argsFor(minIsr));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, READ_ONLY("payments", "payments"));
        // Not overridden: the header's Configs shows the brokers' static value, which is no override.
        const inherited = cluster({ payments: { partitions: 3, rf: 3 } });
        const set = run(inherited, version, argsFor(minIsr));
        assert.strictEqual(set.status, 0, set.stderr);
        assert.deepStrictEqual(set.calls.slice(-1), [["kafka-configs.sh", ...B(), "--entity-type", "topics", "--entity-name", "payments", "--alter", "--add-config", "min.insync.replicas=2"]]);
        assert.deepStrictEqual(inherited.topic("payments")!.configs, { "min.insync.replicas": "2" });
    });

    it("escapes '.' wherever --topic is a regular expression, never in --create or --entity-name", () => {
        const dotted: TopicDeclaration = { name: "orders.v1", partitions: 4, replicationFactor: 2, config: {} };
        const created = cluster();
        assert.deepStrictEqual(run(created, version, argsFor(dotted)).calls[1].slice(0, 8), ["kafka-topics.sh", ...B(), "--create", "--topic", "orders.v1"]);

        // "ordersXv1" matches the unescaped regex "orders.v1" as a whole: it must be left alone.
        const state = cluster({ "orders.v1": { partitions: 2, rf: 2 }, ordersXv1: { partitions: 2, rf: 2 } });
        const r = run(state, version, argsFor(dotted));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, [
            LIST(),
            DESCRIBE("orders\\.v1"),
            ["kafka-topics.sh", ...B(), "--alter", "--topic", "orders\\.v1", "--partitions", "4"],
            DESCRIBE_CONFIGS("orders.v1"),
        ]);
        assert.strictEqual(state.topic("orders.v1")!.partitions, 4);
        assert.strictEqual(state.topic("ordersXv1")!.partitions, 2);
    });

    it("waits for the brokers to answer before anything else", () => {
        const state = cluster({}, 2);
        const r = run(state, version, argsFor(ORDERS, 60));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls.map((c) => c.slice(-1)[0] === "--list"), [true, true, true, false]);
        // The tool's own error is on its stdout; the script passes it on.
        assert.strictEqual((r.stderr.match(/waiting for kafka-bootstrap\S+: Error while executing topic command : Timed out waiting for a node assignment/g) ?? []).length, 2);
    });

    it("gives up with exit 4 when the brokers never answer", () => {
        const r = run(cluster({}, 1000), version, argsFor(ORDERS, 0));
        assert.strictEqual(r.status, 4);
        assert.match(r.stderr, /no answer from kafka-bootstrap\.kafka\.svc\.cluster\.local:9092 after 0s: Error while executing topic command : Timed out/);
    });

    it("passes --command-config to every Kafka tool call", () => {
        const state = cluster({ "orders": { partitions: 3, rf: 2, configs: {} } });
        const props = path.join(state.dir, "client.properties");
        fs.writeFileSync(props, "security.protocol=SASL_SSL\n");
        const r = run(state, version, applyTopicArgs(topicSpec(ORDERS), BOOTSTRAP, 0, props));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.calls.length, 5);
        for (const call of r.calls) assert.deepStrictEqual(call.slice(1, 5), ["--bootstrap-server", BOOTSTRAP, "--command-config", props]);
    });

    it("the Job always passes the client.properties its wrapper writes", () => {
        const args = applyTopicArgs(topicSpec(ORDERS), BOOTSTRAP, 0);
        assert.deepStrictEqual(args.slice(0, 4), ["--bootstrap-server", BOOTSTRAP, "--command-config", "/tmp/client.properties"]);
    });

    it("rejects bad arguments with exit 2 before calling Kafka", () => {
        const state = cluster();
        const bad = argsFor(ORDERS).map((a) => (a === "6" ? "0" : a));
        const r = run(state, version, bad);
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /--partitions must be a positive integer \(got '0'\)/);
        assert.deepStrictEqual(r.calls, []);
        assert.strictEqual(run(state, version, ["--topic"]).status, 2);
        assert.strictEqual(run(state, version, [...argsFor(ORDERS), "--bogus", "x"]).status, 2);
    });
});
