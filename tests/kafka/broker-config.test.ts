/** server.properties as data: content per role, upstream key lists, overrides and their limits. */
import * as assert from "node:assert/strict";
import { ConfigError } from "../../components/config";
import { MANAGED_BROKER_PROPERTIES } from "../../components/config/kafka";
import { buildBrokerConfig, BrokerProperties, parseProperties, renderProperties } from "../../components/kafka/broker-config";
import { DURABILITY_KEYS } from "../../components/kafka/durability";
import { NodeRole } from "../../components/kafka/topology";
import { KafkaSecurity } from "../../components/kafka/security";
import { documentedKeyForms, isBrokerConfigKey, kraftCombined, kraftDedicated, readList, stackConfig, zookeeperMode } from "./fixtures";

const KEYS_39 = readList("kafka/broker-configs-3.9.txt");
const KEYS_4X = readList("kafka/broker-configs-4.x.txt");
/** Keys the authorizer reads from the same file (configured with all of the node's properties). */
const AUTHORIZER_39 = new Set([...KEYS_39, ...readList("kafka/authorizer-configs-3.9.txt")]);
const AUTHORIZER_4X = new Set([...KEYS_4X, ...readList("kafka/authorizer-configs-4.x.txt")]);

const defaultConfig = (role: NodeRole) => (role === "zookeeper-broker" ? zookeeperMode() : role === "kraft-combined" ? kraftCombined() : kraftDedicated());

function build(role: NodeRole, cfg = defaultConfig(role), security?: KafkaSecurity): BrokerProperties {
    return buildBrokerConfig(role, { kafka: cfg.kafka, namespace: cfg.kafka.namespace, zookeeper: cfg.zookeeper, security });
}

const SASL_SSL: KafkaSecurity = { authentication: "scram-sha-512", tls: true };
const SECURITY_VARIANTS: KafkaSecurity[] = [
    { authentication: "none", tls: false },
    { authentication: "scram-sha-512", tls: false },
    { authentication: "none", tls: true },
    SASL_SSL,
];
const ROLES: NodeRole[] = ["zookeeper-broker", "kraft-broker", "kraft-controller", "kraft-combined"];

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
        assert.equal(k.get("min.insync.replicas"), "2");
        assert.equal(k.get("transaction.state.log.min.isr"), "2");
        assert.equal(k.get("share.coordinator.state.topic.replication.factor"), "3");
        assert.equal(k.get("share.coordinator.state.topic.min.isr"), "2");
    });

    // Fails on f28d4f9: a dedicated controller's file had none of these, so the first active
    // controller wrote min.insync.replicas=1 cluster-wide and CreateTopics without RF got RF 1.
    it("KRaft controllers carry the keys controllers read: default RF, min ISR, unclean election", () => {
        const expected = { "default.replication.factor": "3", "min.insync.replicas": "2", "unclean.leader.election.enable": "false" };
        const controller = build("kraft-controller");
        for (const [key, value] of Object.entries(expected)) assert.equal(controller.get(key), value, `kraft-controller ${key}`);
        // Keys only brokers read stay off dedicated controllers.
        for (const key of ["offsets.topic.replication.factor", "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor"]) {
            assert.equal(controller.has(key), false, `kraft-controller ${key}`);
        }
        const combined = build("kraft-combined"); // RF 3, min ISR 2: every key, both roles read them
        for (const [key, value] of Object.entries({ ...expected, "offsets.topic.replication.factor": "3", "share.coordinator.state.topic.min.isr": "2" })) {
            assert.equal(combined.get(key), value, `kraft-combined ${key}`);
        }
        // KRaft brokers leave the controller's keys to the controllers (a broker warns about default.replication.factor).
        const broker = build("kraft-broker");
        assert.equal(broker.has("default.replication.factor"), false);
        assert.equal(broker.has("unclean.leader.election.enable"), false);
        // ZooKeeper mode has no share groups.
        assert.equal(build("zookeeper-broker").has("share.coordinator.state.topic.replication.factor"), false);
    });

    it("every durability key of the table is written to some node of each mode it exists in, and is a real key there", () => {
        for (const key of DURABILITY_KEYS) {
            for (const mode of Object.keys(key.readBy) as ("zookeeper" | "kraft")[]) {
                const roles: NodeRole[] = mode === "zookeeper" ? ["zookeeper-broker"] : ["kraft-broker", "kraft-controller"];
                assert.ok(roles.some((role) => build(role).has(key.key)), `${key.key} in ${mode} mode`);
                assert.ok((mode === "zookeeper" ? KEYS_39 : KEYS_4X).has(key.key), `${key.key} is a ${mode === "zookeeper" ? "3.9" : "4.x"} broker config`);
            }
            if (key.readBy.zookeeper === undefined) assert.equal(KEYS_39.has(key.key), false, `${key.key} does not exist in 3.9`);
        }
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
        assert.equal(c.has("offsets.topic.replication.factor"), false, "broker-only settings stay off controllers");
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

    it("every listener used anywhere is mapped in listener.security.protocol.map, with every security setting", () => {
        for (const [role, security] of ROLES.flatMap((r) => SECURITY_VARIANTS.map((s) => [r, s] as const))) {
            const p = build(role, defaultConfig(role), security);
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

    it("every key is a real broker config of the Kafka version the mode runs (upstream/kafka lists), with every security setting", () => {
        const cases: [NodeRole, Set<string>][] = [
            ["zookeeper-broker", AUTHORIZER_39],
            ["kraft-broker", AUTHORIZER_4X],
            ["kraft-controller", AUTHORIZER_4X],
            ["kraft-combined", AUTHORIZER_4X],
        ];
        let prefixed = 0;
        for (const [role, keys] of cases) {
            for (const security of SECURITY_VARIANTS) {
                for (const key of build(role, defaultConfig(role), security).keys()) {
                    assert.ok(isBrokerConfigKey(key, keys), `${role} ${JSON.stringify(security)}: ${key} is not a known broker config`);
                    if (!keys.has(key)) prefixed++;
                }
            }
        }
        assert.ok(prefixed > 0, "the prefixed forms were exercised");
        assert.ok(KEYS_39.size > 300 && KEYS_4X.size > 300, "the key lists were read");
    });

    it("prefixed keys: accepted exactly in the forms the key lists' headers document", () => {
        for (const list of ["kafka/broker-configs-3.9.txt", "kafka/broker-configs-4.x.txt"]) {
            assert.deepEqual(documentedKeyForms(list), ["listener.name.<listener-lowercase>.<key>", "listener.name.<listener-lowercase>.<sasl-mechanism-lowercase>.sasl.jaas.config"]);
        }
        for (const ok of ["listener.name.client.ssl.client.auth", "listener.name.internal.scram-sha-512.sasl.jaas.config", "listener.name.client.sasl.enabled.mechanisms"]) {
            assert.ok(isBrokerConfigKey(ok, KEYS_4X), ok);
        }
        for (const bad of ["listener.name.client.ssl.client.authh", "listener.name.client.scram-sha-512.sasl.jaas.conf", "listener.names.client.ssl.client.auth", "ssl.keystore.locaton"]) {
            assert.ok(!isBrokerConfigKey(bad, KEYS_4X), bad);
        }
    });

    it("SASL_SSL: SCRAM on the client and inter-broker listeners, the admin login from secret placeholders, PEM stores", () => {
        const p = build("zookeeper-broker", zookeeperMode(), SASL_SSL);
        assert.equal(p.get("listener.security.protocol.map"), "CLIENT:SASL_SSL,INTERNAL:SASL_SSL");
        assert.equal(p.get("sasl.enabled.mechanisms"), "SCRAM-SHA-512");
        assert.equal(p.get("sasl.mechanism.inter.broker.protocol"), "SCRAM-SHA-512");
        assert.equal(p.get("listener.name.client.scram-sha-512.sasl.jaas.config"), "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        assert.equal(
            p.get("listener.name.internal.scram-sha-512.sasl.jaas.config"),
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="@@SECRET:admin-username@@" password="@@SECRET:admin-password@@";',
        );
        assert.equal(p.get("ssl.keystore.type"), "PEM");
        assert.equal(p.get("ssl.keystore.location"), "/etc/kafka-eks-tls/keystore.pem");
        assert.equal(p.get("ssl.truststore.type"), "PEM");
        assert.equal(p.get("ssl.truststore.location"), "/etc/kafka-eks-tls/ca.crt");
        assert.equal(p.get("ssl.endpoint.identification.algorithm"), "https");
        assert.equal(p.has("listener.name.client.ssl.client.auth"), false, "clients authenticate with SCRAM, not certificates");
    });

    it("KRaft with TLS: the controller listener is mutual TLS, brokers get the key store to reach it", () => {
        const c = build("kraft-controller", kraftDedicated(), SASL_SSL);
        assert.equal(c.get("listener.security.protocol.map"), "CONTROLLER:SSL");
        assert.equal(c.get("listener.name.controller.ssl.client.auth"), "required");
        assert.equal(c.has("sasl.enabled.mechanisms"), false);
        assert.equal(c.get("ssl.keystore.location"), "/etc/kafka-eks-tls/keystore.pem");
        const b = build("kraft-broker", kraftDedicated(), SASL_SSL);
        assert.equal(b.get("listener.security.protocol.map"), "CLIENT:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SSL");
        assert.equal(b.get("ssl.keystore.location"), "/etc/kafka-eks-tls/keystore.pem");
        // TLS without SASL: the inter-broker listener demands certificates instead.
        const tlsOnly = build("kraft-combined", kraftCombined(), { authentication: "none", tls: true });
        assert.equal(tlsOnly.get("listener.security.protocol.map"), "CLIENT:SSL,INTERNAL:SSL,CONTROLLER:SSL");
        assert.equal(tlsOnly.get("listener.name.internal.ssl.client.auth"), "required");
        assert.equal(tlsOnly.get("listener.name.controller.ssl.client.auth"), "required");
        assert.equal(tlsOnly.has("listener.name.client.ssl.client.auth"), false);
    });

    it("no authentication, no TLS: no security keys at all", () => {
        for (const role of ROLES) {
            const keys = [...build(role).keys()];
            assert.deepEqual(keys.filter((k) => /^(sasl|ssl)\.|^listener\.name\./.test(k)), [], role);
        }
    });

    it("SCRAM without TLS: SASL_PLAINTEXT for clients and brokers, the controller stays PLAINTEXT", () => {
        const p = build("kraft-combined", kraftCombined(), { authentication: "scram-sha-512", tls: false });
        assert.equal(p.get("listener.security.protocol.map"), "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        assert.equal(p.has("ssl.keystore.location"), false);
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

    // Fails on 9c5d380: num.partitions reached KRaft brokers only, which ignore it for CreateTopics (and warn).
    it("KRaft: kafka.config keys the controller reads reach the controllers; broker-only nodes skip those the broker role warns about", () => {
        const config = { "num.partitions": 6, "auto.leader.rebalance.enable": false, "num.io.threads": 16 };
        const controller = build("kraft-controller", kraftDedicated({ config }));
        assert.equal(controller.get("num.partitions"), "6");
        assert.equal(controller.get("auto.leader.rebalance.enable"), "false");
        assert.equal(controller.has("num.io.threads"), false);
        const broker = build("kraft-broker", kraftDedicated({ config }));
        assert.equal(broker.has("num.partitions"), false, "4.3.1 KafkaConfig.scala:632-635: the broker role warns, 5.0 ignores it");
        assert.equal(broker.get("num.io.threads"), "16");
        assert.equal(build("kraft-combined", kraftCombined({ config })).get("num.partitions"), "6");
        assert.equal(build("zookeeper-broker", zookeeperMode({ config })).get("num.partitions"), "6", "ZooKeeper mode: the broker creates topics");
    });

    it("overrides of structurally managed keys are rejected by the schema, naming kafka.config.<key>", () => {
        for (const key of ["listeners", "node.id", "broker.id", "process.roles", "log.dirs", "controller.quorum.voters", "zookeeper.connect", "advertised.listeners", "default.replication.factor"]) {
            assert.throws(
                () => stackConfig({ mode: "kraft", config: { [key]: "x" } }),
                (e: unknown) => e instanceof ConfigError && e.message.includes(`kafka-eks:kafka.config.${key} = "x": cannot be overridden`),
                key,
            );
        }
        // Unrelated keys pass; keys that merely look like object members are unknown keys, not crashes.
        assert.doesNotThrow(() => stackConfig({ mode: "kraft", config: { "num.io.threads": 8 } }));
        assert.throws(() => stackConfig({ mode: "kraft", config: { constructor: "x" } }), /kafka\.config\.constructor = "x": is not a Kafka 4\.3\.1 broker config key/);
    });

    // Fails on f28d4f9: the hand-written list lacked the share-coordinator keys and unclean election.
    it("kafka.config may not set any durability key of the table, naming the field to use", () => {
        assert.throws(
            () => stackConfig({ mode: "kraft", config: { "share.coordinator.state.topic.replication.factor": 1 } }),
            (e: unknown) => e instanceof ConfigError && e.message.includes("kafka-eks:kafka.config.share.coordinator.state.topic.replication.factor = 1: cannot be overridden: set kafka.replicationFactor instead"),
        );
        assert.throws(
            () => stackConfig({ mode: "kraft", config: { "unclean.leader.election.enable": true } }),
            (e: unknown) => e instanceof ConfigError && e.message.includes("kafka-eks:kafka.config.unclean.leader.election.enable = true: cannot be overridden: is always false"),
        );
        for (const key of DURABILITY_KEYS) assert.ok(Object.prototype.hasOwnProperty.call(MANAGED_BROKER_PROPERTIES, key.key), key.key);
    });

    it("renders in model order and parses back to the same model", () => {
        const p = build("kraft-broker", kraftDedicated({ config: { "ssl.endpoint.identification.algorithm": "", "sasl.kerberos.kinit.cmd": "C:\\dir" } }));
        const text = renderProperties(p, "header line");
        assert.ok(text.startsWith("# header line\nprocess.roles=broker\nnode.id=@@NODE_ID@@\n"));
        assert.deepEqual([...parseProperties(text)], [...p]);
        assert.equal(renderProperties(p), renderProperties(build("kraft-broker", kraftDedicated({ config: { "ssl.endpoint.identification.algorithm": "", "sasl.kerberos.kinit.cmd": "C:\\dir" } }))), "stable");
    });
});
