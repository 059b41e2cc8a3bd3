/** server.properties as data: content per role, upstream key lists, overrides and their limits. */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/config";
import { buildBrokerConfig, BrokerProperties, parseProperties, renderProperties } from "../../components/kafka/broker-config";
import { NodeRole } from "../../components/kafka/topology";
import { kraftCombined, kraftDedicated, readList, stackConfig, zookeeperMode } from "./fixtures";

const KEYS_39 = readList("kafka/broker-configs-3.9.txt");
const KEYS_4X = readList("kafka/broker-configs-4.x.txt");

function build(role: NodeRole, cfg = role === "zookeeper-broker" ? zookeeperMode() : role === "kraft-combined" ? kraftCombined() : kraftDedicated()): BrokerProperties {
    return buildBrokerConfig(role, { kafka: cfg.kafka, namespace: cfg.kafka.namespace, zookeeper: cfg.zookeeper });
}

describe("broker-config: server.properties model", () => {
    it("ZooKeeper-mode broker: broker.id placeholder, chrooted zookeeper.connect, no KRaft keys", () => {
        const p = build("zookeeper-broker");
        assert.equal(p.get("broker.id"), "@@NODE_ID@@");
        assert.equal(
            p.get("zookeeper.connect"),
            [0, 1, 2].map((i) => `kafka-zookeeper-${i}.kafka-zookeeper-headless.kafka.svc.cluster.local:2181`).join(",") + "/kafka",
        );
        for (const k of ["process.roles", "node.id", "controller.quorum.voters", "controller.listener.names"]) assert.equal(p.has(k), false, k);
    });

    it("listeners: every one named, mapped and advertised on the per-pod DNS name", () => {
        const p = build("zookeeper-broker");
        assert.equal(p.get("listeners"), "CLIENT://:9092,INTERNAL://:9091");
        assert.equal(
            p.get("advertised.listeners"),
            "CLIENT://@@POD_NAME@@.kafka-broker-headless.kafka.svc.cluster.local:9092,INTERNAL://@@POD_NAME@@.kafka-broker-headless.kafka.svc.cluster.local:9091",
        );
        assert.equal(p.get("listener.security.protocol.map"), "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT");
        assert.equal(p.get("inter.broker.listener.name"), "INTERNAL");
    });

    it("durability settings follow replicationFactor/minInsyncReplicas; unclean election and auto-create off", () => {
        const p = build("zookeeper-broker"); // RF 2, min ISR 1
        assert.equal(p.get("default.replication.factor"), "2");
        assert.equal(p.get("offsets.topic.replication.factor"), "2");
        assert.equal(p.get("transaction.state.log.replication.factor"), "2");
        assert.equal(p.get("min.insync.replicas"), "1");
        assert.equal(p.get("transaction.state.log.min.isr"), "1");
        assert.equal(p.get("unclean.leader.election.enable"), "false");
        assert.equal(p.get("auto.create.topics.enable"), "false");
        assert.equal(p.get("controlled.shutdown.enable"), "true");
        const k = build("kraft-broker"); // defaults RF 3, min ISR 2
        assert.equal(k.get("default.replication.factor"), "3");
        assert.equal(k.get("min.insync.replicas"), "2");
        assert.equal(k.get("transaction.state.log.min.isr"), "2");
    });

    it("log.dirs is a subdirectory of the data mount, and placeholders for rack and ids are present", () => {
        for (const role of ["zookeeper-broker", "kraft-broker", "kraft-combined"] as const) {
            const p = build(role);
            assert.equal(p.get("log.dirs"), "/var/lib/kafka/data/logs", role);
            assert.equal(p.get("broker.rack"), "@@RACK@@", role);
        }
        assert.equal(build("kraft-controller").get("log.dirs"), "/var/lib/kafka/data/logs");
    });

    it("10 MiB messages, and followers can fetch what producers may write", () => {
        const p = build("kraft-broker");
        assert.equal(p.get("message.max.bytes"), "10485760");
        assert.ok(Number(p.get("replica.fetch.max.bytes")) >= 10485760);
        assert.ok(Number(p.get("replica.fetch.response.max.bytes")) >= Number(p.get("replica.fetch.max.bytes")));
        assert.ok(Number(p.get("fetch.max.bytes")) >= 10485760);
        // A raised message size drags the fetch sizes along.
        const big = build("kraft-broker", kraftDedicated({ config: { "message.max.bytes": 52428800 } }));
        assert.equal(big.get("message.max.bytes"), "52428800");
        assert.equal(big.get("replica.fetch.max.bytes"), "52428800");
        assert.ok(Number(big.get("replica.fetch.response.max.bytes")) >= 52428800);
        assert.ok(Number(big.get("fetch.max.bytes")) >= 52428800);
    });

    it("KRaft dedicated: controllers 1000.. vote, brokers only talk to them", () => {
        const voters =
            "1000@kafka-controller-0.kafka-controller-headless.data.svc.cluster.local:9093," +
            "1001@kafka-controller-1.kafka-controller-headless.data.svc.cluster.local:9093," +
            "1002@kafka-controller-2.kafka-controller-headless.data.svc.cluster.local:9093";
        const c = build("kraft-controller");
        assert.equal(c.get("process.roles"), "controller");
        assert.equal(c.get("node.id"), "@@NODE_ID@@");
        assert.equal(c.get("controller.quorum.voters"), voters);
        assert.equal(c.get("controller.listener.names"), "CONTROLLER");
        assert.equal(c.get("listeners"), "CONTROLLER://:9093");
        assert.equal(c.get("listener.security.protocol.map"), "CONTROLLER:PLAINTEXT");
        assert.equal(c.has("advertised.listeners"), false);
        assert.equal(c.has("default.replication.factor"), false, "broker-only settings stay off controllers");
        const b = build("kraft-broker");
        assert.equal(b.get("process.roles"), "broker");
        assert.equal(b.get("controller.quorum.voters"), voters);
        assert.equal(b.get("controller.listener.names"), "CONTROLLER");
        assert.equal(b.get("listeners"), "CLIENT://:9092,INTERNAL://:9091");
        assert.equal(b.get("listener.security.protocol.map"), "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
    });

    it("KRaft combined: every node votes with ids 0..n-1 and opens all three listeners", () => {
        const p = build("kraft-combined");
        assert.equal(p.get("process.roles"), "broker,controller");
        assert.equal(
            p.get("controller.quorum.voters"),
            [0, 1, 2].map((i) => `${i}@events-broker-${i}.events-broker-headless.streaming.svc.cluster.local:9093`).join(","),
        );
        assert.equal(p.get("listeners"), "CLIENT://:9092,INTERNAL://:9091,CONTROLLER://:9093");
        assert.ok(!p.get("advertised.listeners")!.includes("CONTROLLER"), "controller listener is reached via the voters list");
        assert.equal(p.get("listener.security.protocol.map"), "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
    });

    it("every listener used anywhere is mapped in listener.security.protocol.map", () => {
        for (const role of ["zookeeper-broker", "kraft-broker", "kraft-controller", "kraft-combined"] as const) {
            const p = build(role);
            const mapped = new Set(p.get("listener.security.protocol.map")!.split(",").map((e) => e.split(":")[0]));
            const used = [
                ...(p.get("listeners") ?? "").split(",").map((l) => l.split("://")[0]),
                ...(p.get("advertised.listeners") ?? "").split(",").filter(Boolean).map((l) => l.split("://")[0]),
                ...(p.get("controller.listener.names") ?? "").split(",").filter(Boolean),
                ...(p.get("inter.broker.listener.name") ?? "").split(",").filter(Boolean),
            ];
            for (const l of used) assert.ok(mapped.has(l), `${role}: ${l} not in the protocol map`);
        }
    });

    it("every key is a real broker config of the Kafka version the mode runs (shared/schemas lists)", () => {
        const cases: [NodeRole, Set<string>][] = [
            ["zookeeper-broker", KEYS_39],
            ["kraft-broker", KEYS_4X],
            ["kraft-controller", KEYS_4X],
            ["kraft-combined", KEYS_4X],
        ];
        for (const [role, keys] of cases) {
            for (const key of build(role).keys()) assert.ok(keys.has(key), `${role}: ${key} is not a known broker config`);
        }
        assert.ok(KEYS_39.size > 300 && KEYS_4X.size > 300, "the key lists were read");
    });

    it("user overrides are layered last", () => {
        const cfg = zookeeperMode({ config: { "log.retention.hours": 72, "num.io.threads": 16, "compression.type": "zstd" } });
        const p = build("zookeeper-broker", cfg);
        assert.equal(p.get("log.retention.hours"), "72");
        assert.equal(p.get("num.io.threads"), "16");
        assert.equal(p.get("compression.type"), "zstd");
        const controller = build("kraft-controller", kraftDedicated({ config: { "num.io.threads": 16 } }));
        assert.equal(controller.has("num.io.threads"), false, "broker overrides do not reach dedicated controllers");
    });

    it("overrides of structurally managed keys are rejected by the schema, naming kafka.config.<key>", () => {
        for (const key of ["listeners", "node.id", "broker.id", "process.roles", "log.dirs", "controller.quorum.voters", "zookeeper.connect", "advertised.listeners", "default.replication.factor"]) {
            assert.throws(
                () => stackConfig({ mode: "kraft", config: { [key]: "x" } }),
                (e: unknown) => e instanceof ConfigError && e.message.includes(`kafka-eks:kafka.config.${key} = "x": cannot be overridden`),
                key,
            );
        }
        // Unrelated keys (and keys that merely look like object members) pass.
        assert.doesNotThrow(() => stackConfig({ mode: "kraft", config: { "num.io.threads": 8, constructor: "x" } }));
    });

    it("renders in model order and parses back to the same model", () => {
        const p = build("kraft-broker", kraftDedicated({ config: { "ssl.endpoint.identification.algorithm": "", "some.path": "C:\\dir" } }));
        const text = renderProperties(p, "header line");
        assert.ok(text.startsWith("# header line\nprocess.roles=broker\nnode.id=@@NODE_ID@@\n"));
        assert.deepEqual([...parseProperties(text)], [...p]);
        assert.equal(renderProperties(p), renderProperties(build("kraft-broker", kraftDedicated({ config: { "ssl.endpoint.identification.algorithm": "", "some.path": "C:\\dir" } }))), "stable");
    });
});
