/**
 * apply-topic.sh executed with bash against stub kafka-topics.sh / kafka-configs.sh (stubs/),
 * which keep a fake topic in files and log every call. Arguments come from `applyTopicArgs`, so
 * the Job's argument list and the script's parser are tested together.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { APPLY_TOPIC_SCRIPT_PATH } from "../../../components/kafka/topics/script";
import { applyTopicArgs } from "../../../components/kafka/topics/job";
import { TopicDeclaration, topicSpec } from "../../../components/kafka/topics/spec";

const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const ORDERS: TopicDeclaration = {
    name: "orders",
    partitions: 6,
    replicationFactor: 2,
    config: { "retention.ms": 604800000, "cleanup.policy": "compact,delete" },
};

interface Live {
    name: string;
    partitions: number;
    rf: number;
    configs: Record<string, string>;
}

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    /** Calls made in this run: tool name followed by its args. */
    calls: string[][];
}

let stubDir: string;

/** A fresh fake cluster: `live` undefined means the topic does not exist. */
function cluster(live?: Live, listFailures = 0): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "apply-topic-"));
    if (live) {
        fs.writeFileSync(path.join(dir, "exists"), "");
        fs.writeFileSync(path.join(dir, "name"), live.name + "\n");
        fs.writeFileSync(path.join(dir, "partitions"), `${live.partitions}\n`);
        fs.writeFileSync(path.join(dir, "rf"), `${live.rf}\n`);
        fs.writeFileSync(path.join(dir, "configs"), Object.entries(live.configs).map(([k, v]) => `${k}=${v}\n`).join(""));
    }
    fs.writeFileSync(path.join(dir, "list_failures"), `${listFailures}\n`);
    return dir;
}

function run(state: string, args: string[]): Run {
    const log = path.join(state, "calls");
    const before = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
    const r = spawnSync("bash", [APPLY_TOPIC_SCRIPT_PATH, ...args], {
        encoding: "utf8",
        env: { PATH: `${stubDir}:${process.env.PATH}`, STUB_STATE: state, APPLY_TOPIC_POLL_SECONDS: "0" },
    });
    const all = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : "";
    const calls = all
        .slice(before.length)
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => l.split("\x1f"));
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls };
}

/** The client.properties the Job's wrapper would have written (PLAINTEXT here). */
const PROPS = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "apply-topic-props-")), "client.properties");
fs.writeFileSync(PROPS, "security.protocol=PLAINTEXT\n");

function argsFor(t: TopicDeclaration, waitSeconds = 0): string[] {
    return applyTopicArgs(topicSpec(t), BOOTSTRAP, waitSeconds, PROPS);
}

function liveConfigs(state: string): Record<string, string> {
    const text = fs.readFileSync(path.join(state, "configs"), "utf8");
    return Object.fromEntries(text.split("\n").filter((l) => l).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

const B = ["--bootstrap-server", BOOTSTRAP, "--command-config", PROPS];
const LIST = ["kafka-topics.sh", ...B, "--list"];
const DESCRIBE = (re: string) => ["kafka-topics.sh", ...B, "--describe", "--topic", re];
const DESCRIBE_CONFIGS = (name: string) => ["kafka-configs.sh", ...B, "--entity-type", "topics", "--entity-name", name, "--describe"];
/** Calls of a run that has nothing to change. */
const READ_ONLY = (name: string, re: string) => [LIST, DESCRIBE(re), DESCRIBE_CONFIGS(name)];

describe("apply-topic.sh", () => {
    before(() => {
        // Stubs are copied so the exec bit does not depend on how the repository was checked out.
        stubDir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-stubs-"));
        for (const f of ["stub-lib.sh", "kafka-topics.sh", "kafka-configs.sh"]) {
            fs.copyFileSync(path.join(__dirname, "stubs", f), path.join(stubDir, f));
            fs.chmodSync(path.join(stubDir, f), 0o755);
        }
    });

    it("creates a missing topic with every declared setting in one call, then changes nothing on re-run", () => {
        const state = cluster();
        const first = run(state, argsFor(ORDERS));
        assert.strictEqual(first.status, 0, first.stderr);
        assert.deepStrictEqual(first.calls, [
            LIST,
            [
                "kafka-topics.sh", ...B, "--create", "--topic", "orders", "--partitions", "6", "--replication-factor", "2",
                "--config", "cleanup.policy=compact,delete", "--config", "retention.ms=604800000",
            ],
        ]);
        assert.match(first.stdout, /topic orders: created with 6 partitions, replication factor 2/);

        const again = run(state, argsFor(ORDERS));
        assert.strictEqual(again.status, 0, again.stderr);
        assert.deepStrictEqual(again.calls, READ_ONLY("orders", "orders"));
        assert.match(again.stdout, /topic orders: up to date/);
        assert.strictEqual(again.stderr, "");
    });

    it("increases partitions of a topic that has fewer, and only that", () => {
        const state = cluster({ name: "orders", partitions: 3, rf: 2, configs: { "retention.ms": "604800000", "cleanup.policy": "compact,delete" } });
        const r = run(state, argsFor(ORDERS));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, [
            LIST,
            DESCRIBE("orders"),
            ["kafka-topics.sh", ...B, "--alter", "--topic", "orders", "--partitions", "6"],
            DESCRIBE_CONFIGS("orders"),
        ]);
        assert.match(r.stdout, /topic orders: partitions 3 -> 6\n/);
        assert.deepStrictEqual(run(state, argsFor(ORDERS)).calls, READ_ONLY("orders", "orders"));
    });

    it("rejects a topic with more partitions than declared, changing nothing", () => {
        const state = cluster({ name: "orders", partitions: 12, rf: 2, configs: { "retention.ms": "1" } });
        const r = run(state, argsFor(ORDERS));
        assert.strictEqual(r.status, 3);
        assert.strictEqual(r.stderr, "apply-topic: topic orders has 12 partitions; Kafka cannot reduce partitions; declare 12 or more\n");
        assert.deepStrictEqual(r.calls, [LIST, DESCRIBE("orders")]);
        assert.deepStrictEqual(liveConfigs(state), { "retention.ms": "1" });
    });

    it("rejects a replication factor change (needs a reassignment), changing nothing", () => {
        const state = cluster({ name: "orders", partitions: 3, rf: 3, configs: {} });
        const r = run(state, argsFor(ORDERS));
        assert.strictEqual(r.status, 3);
        assert.match(r.stderr, /topic orders has replication factor 3, declared 2; changing it needs a partition reassignment/);
        assert.deepStrictEqual(r.calls, [LIST, DESCRIBE("orders")]);
    });

    it("sets only the config keys whose value differs, brackets list values, and keeps undeclared keys", () => {
        const state = cluster({ name: "orders", partitions: 6, rf: 2, configs: { "retention.ms": "1000", "segment.bytes": "1048576" } });
        const r = run(state, argsFor(ORDERS));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, [
            ...READ_ONLY("orders", "orders"),
            ["kafka-configs.sh", ...B, "--entity-type", "topics", "--entity-name", "orders", "--alter", "--add-config", "cleanup.policy=[compact,delete],retention.ms=604800000"],
        ]);
        assert.match(r.stdout, /topic orders: configs set: cleanup.policy,retention.ms\n/);
        assert.strictEqual(r.stderr, "apply-topic: warning: topic orders has config overrides that are not declared, left unchanged: segment.bytes\n");
        assert.deepStrictEqual(liveConfigs(state), { "segment.bytes": "1048576", "cleanup.policy": "compact,delete", "retention.ms": "604800000" });

        const again = run(state, argsFor(ORDERS));
        assert.strictEqual(again.status, 0, again.stderr);
        assert.deepStrictEqual(again.calls, READ_ONLY("orders", "orders"));
    });

    it("escapes '.' wherever --topic is a regular expression, never in --create or --entity-name", () => {
        const dotted: TopicDeclaration = { name: "orders.v1", partitions: 4, replicationFactor: 2, config: {} };
        const created = cluster();
        assert.deepStrictEqual(run(created, argsFor(dotted)).calls[1].slice(0, 8), ["kafka-topics.sh", ...B, "--create", "--topic", "orders.v1"]);

        const state = cluster({ name: "orders.v1", partitions: 2, rf: 2, configs: {} });
        const r = run(state, argsFor(dotted));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls, [
            LIST,
            DESCRIBE("orders\\.v1"),
            ["kafka-topics.sh", ...B, "--alter", "--topic", "orders\\.v1", "--partitions", "4"],
            DESCRIBE_CONFIGS("orders.v1"),
        ]);
    });

    it("waits for the brokers to answer before anything else", () => {
        const state = cluster(undefined, 2);
        const r = run(state, argsFor(ORDERS, 60));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(r.calls.map((c) => c.slice(-1)[0] === "--list"), [true, true, true, false]);
        assert.strictEqual((r.stderr.match(/waiting for kafka-bootstrap/g) ?? []).length, 2);
    });

    it("gives up with exit 4 when the brokers never answer", () => {
        const r = run(cluster(undefined, 1000), argsFor(ORDERS, 0));
        assert.strictEqual(r.status, 4);
        assert.match(r.stderr, /no answer from kafka-bootstrap\.kafka\.svc\.cluster\.local:9092 after 0s/);
    });

    it("passes --command-config to every Kafka tool call", () => {
        const state = cluster({ name: "orders", partitions: 3, rf: 2, configs: {} });
        const props = path.join(state, "client.properties");
        fs.writeFileSync(props, "security.protocol=SASL_SSL\n");
        const r = run(state, applyTopicArgs(topicSpec(ORDERS), BOOTSTRAP, 0, props));
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
        const r = run(state, bad);
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /--partitions must be a positive integer \(got '0'\)/);
        assert.deepStrictEqual(r.calls, []);
        assert.strictEqual(run(state, ["--topic"]).status, 2);
        assert.strictEqual(run(state, [...argsFor(ORDERS), "--bogus", "x"]).status, 2);
    });
});
