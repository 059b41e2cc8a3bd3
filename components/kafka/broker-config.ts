/**
 * server.properties as data (in the manner of Strimzi's KafkaBrokerConfigurationBuilder):
 * one pure builder produces the ordered key -> value model for a node role; `renderProperties`
 * turns it into the file the ConfigMap carries and `parseProperties` reads it back (the policy
 * pack parses the deployed file with it). Per-pod values and secrets are placeholders (see
 * PLACEHOLDER, secretPlaceholder) that kafka-node.sh substitutes at pod start.
 */
import { podHostName } from "../common/names";
import type { KafkaConfig, ZooKeeperConfig } from "../config/kafka";
import { durabilityKeysFor, durabilityValue, LOG_DEFAULTS, MetadataMode, ProcessRole } from "./durability";
import { CONTROLLER_LISTENER, INTER_BROKER_LISTENER, listenersFor } from "./listeners";
import { authorizerProperties, KafkaSecurity, listenerProtocols, NO_SECURITY, securityProperties } from "./security";
import { brokerZookeeperConnect, KAFKA_PATHS, NodeRole, PLACEHOLDER, poolOf, quorumVoters } from "./topology";

/** Ordered server.properties model; insertion order is file order. */
export type BrokerProperties = ReadonlyMap<string, string>;

/** Largest accepted record batch: 10 MiB (Kafka default ~1 MiB) for large events; fetch sizes follow it. */
export const DEFAULT_MESSAGE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * kafka.config keys a KRaft controller reads for itself (4.3.1 core/src/main/scala/kafka/server/
 * ControllerServer.scala), so they are written to dedicated controllers too; combined nodes get
 * all of kafka.config anyway. `brokerWarns`: a broker-only node logs that the key belongs on
 * controllers and 5.0 ignores it there (4.3.1 KafkaConfig.scala:630-635), and a KRaft broker has
 * no use for it (topic creation and config policies run on the controller; auto-creation is
 * off), so it is not written to broker-only nodes.
 */
export const CONTROLLER_READ_KEYS: Readonly<Record<string, { brokerWarns: boolean }>> = {
    "num.partitions": { brokerWarns: true }, // default partitions of CreateTopics, :242
    "create.topic.policy.class.name": { brokerWarns: true }, // :202
    "alter.config.policy.class.name": { brokerWarns: true }, // :204
    "auto.leader.rebalance.enable": { brokerWarns: false }, // :225
    "leader.imbalance.check.interval.seconds": { brokerWarns: false }, // :226
    "broker.session.timeout.ms": { brokerWarns: false }, // :233,243
    // The controller validates a topic's remote.storage.enable against its own setting
    // (ControllerServer.scala:250, ControllerConfigurationValidator.scala:129-130); brokers run the
    // remote log manager with it.
    "remote.log.storage.system.enable": { brokerWarns: false },
};

export interface BrokerConfigInput {
    /** Validated `kafka` config section. */
    kafka: KafkaConfig;
    /** Namespace the cluster runs in (part of every pod DNS name). */
    namespace: string;
    /** The ensemble; required in ZooKeeper mode. */
    zookeeper?: Pick<ZooKeeperConfig, "replicas">;
    /** Authentication and encryption of the listeners. Default: none (all PLAINTEXT). */
    security?: KafkaSecurity;
}

/** The metadata mode and Kafka process roles of a node role. */
export const NODE_KIND: Readonly<Record<NodeRole, { mode: MetadataMode; roles: readonly ProcessRole[] }>> = {
    "zookeeper-broker": { mode: "zookeeper", roles: ["broker"] },
    "kraft-broker": { mode: "kraft", roles: ["broker"] },
    "kraft-controller": { mode: "kraft", roles: ["controller"] },
    "kraft-combined": { mode: "kraft", roles: ["broker", "controller"] },
};

/** Builds the server.properties model of a node of `role`. */
export function buildBrokerConfig(role: NodeRole, input: BrokerConfigInput): BrokerProperties {
    const { kafka, namespace } = input;
    const pool = poolOf(kafka, role);
    const security = input.security ?? NO_SECURITY;
    const protocols = listenerProtocols(security);
    const listeners = listenersFor(role, protocols);
    const isBroker = role !== "kraft-controller";
    const p = new Map<string, string>();
    const set = (key: string, value: string | number | boolean) => p.set(key, String(value));

    // Identity and roles.
    if (role === "zookeeper-broker") {
        set("broker.id", PLACEHOLDER.nodeId);
        if (!input.zookeeper) throw new Error("zookeeper is required to build a ZooKeeper-mode broker configuration");
        set("zookeeper.connect", brokerZookeeperConnect(kafka.name, namespace, input.zookeeper.replicas));
        // The broker logs in to ZooKeeper (JAAS section Client, see zookeeper-auth.ts) and creates every
        // znode with sasl:<its user>:cdrwa, plus world read except under /config/users, /config/brokers and
        // /delegation_token/tokens (3.9.2 core/src/main/scala/kafka/zk/ZkData.scala:1117-1135). It refuses
        // to start with the key set but no Client section (core/src/main/scala/kafka/zk/KafkaZkClient.scala:2408-2417).
        // AclAuthorizer's own ZooKeeper client follows the same key, so /kafka-acl is closed too
        // (core/src/main/scala/kafka/security/authorizer/AclAuthorizer.scala:211).
        if (security.zookeeperAuthentication === "sasl") set("zookeeper.set.acl", true);
    } else {
        set("process.roles", role === "kraft-broker" ? "broker" : role === "kraft-controller" ? "controller" : "broker,controller");
        set("node.id", PLACEHOLDER.nodeId);
        set("controller.quorum.voters", quorumVoters(kafka, namespace));
        set("controller.listener.names", CONTROLLER_LISTENER);
    }

    // Listeners: every one named and mapped; advertise the stable per-pod DNS name, never the pod IP.
    const podHost = podHostName(PLACEHOLDER.podName, pool.headless, namespace);
    set("listeners", listeners.map((l) => `${l.name}://:${l.port}`).join(","));
    const advertised = listeners.filter((l) => l.advertised);
    if (advertised.length > 0) set("advertised.listeners", advertised.map((l) => `${l.name}://${podHost}:${l.port}`).join(","));
    // Brokers must be able to map the controller listener too (they connect to the quorum on it).
    const connectsTo = role === "kraft-broker" ? listenersFor("kraft-controller", protocols) : [];
    set("listener.security.protocol.map", [...listeners, ...connectsTo].map((l) => `${l.name}:${l.protocol}`).join(","));
    if (isBroker) set("inter.broker.listener.name", INTER_BROKER_LISTENER);
    for (const [key, value] of securityProperties(listeners, connectsTo, isBroker, security.interBrokerUser)) set(key, value);

    // Authorization: on brokers and controllers alike (see authorizerProperties).
    for (const [key, value] of authorizerProperties(NODE_KIND[role].mode, kafka.name, namespace, input.security ?? NO_SECURITY)) set(key, value);

    set("log.dirs", KAFKA_PATHS.logDirs);

    // Durability: every key the node's process reads (controllers decide default RF, the
    // cluster-wide min ISR and elections in KRaft), from the dedicated fields; see durability.ts.
    const kind = NODE_KIND[role];
    for (const key of durabilityKeysFor(kind.mode, kind.roles)) set(key.key, durabilityValue(key, kafka));
    if (!isBroker) {
        for (const [key, value] of Object.entries(kafka.config)) if (key in CONTROLLER_READ_KEYS) set(key, value);
        return p;
    }

    set("broker.rack", PLACEHOLDER.rack);
    set("auto.create.topics.enable", false);
    set("controlled.shutdown.enable", true);

    // Retention: Kafka's defaults, written out so the file documents them.
    set("log.retention.hours", 168);
    set("log.segment.bytes", LOG_DEFAULTS["log.segment.bytes"]);
    set("log.retention.check.interval.ms", 300000);

    // Message size: followers must be able to fetch the largest batch a producer may write.
    const messageMax = Number(kafka.config["message.max.bytes"] ?? DEFAULT_MESSAGE_MAX_BYTES);
    set("message.max.bytes", messageMax);
    set("replica.fetch.max.bytes", messageMax);
    set("replica.fetch.response.max.bytes", Math.max(2 * messageMax, 10485760));
    set("fetch.max.bytes", Math.max(messageMax, 57671680));

    // User overrides last; the schema already rejected the keys built above structurally.
    for (const [key, value] of Object.entries(kafka.config)) {
        if (role === "kraft-broker" && CONTROLLER_READ_KEYS[key]?.brokerWarns) continue;
        set(key, value);
    }
    return p;
}

/** Java properties escaping for values: backslashes, line breaks and a leading space. */
function escapeValue(value: string): string {
    return value
        .replace(/\\/g, "\\\\")
        .replace(/\n/g, "\\n")
        .replace(/\r/g, "\\r")
        .replace(/^ /, "\\ ");
}

/** Renders the model as a server.properties file, in model order. */
export function renderProperties(props: BrokerProperties, header?: string): string {
    const lines = header ? header.split("\n").map((l) => `# ${l}`) : [];
    for (const [key, value] of props) lines.push(`${key}=${escapeValue(value)}`);
    return lines.join("\n") + "\n";
}

/** Parses a properties file of the shape renderProperties writes (`key=value` lines, `#` comments). */
export function parseProperties(text: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (line === "" || line.startsWith("#") || line.startsWith("!")) continue;
        const eq = line.indexOf("=");
        if (eq < 0) continue;
        const value = line
            .slice(eq + 1)
            .replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "r" ? "\r" : c));
        out.set(line.slice(0, eq).trim(), value);
    }
    return out;
}
