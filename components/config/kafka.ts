/** Config sections `kafka`, `zookeeper` and `topics`: the data plane. */
import { z } from "zod";
import { KAFKA_KRAFT_MODE_VERSION, KAFKA_ZOOKEEPER_MODE_VERSION, ZOOKEEPER_VERSION } from "../common/images";
import { clusterNames } from "../common/names";
import { DURABILITY_KEYS, DurabilityValue } from "../kafka/durability";
import { dnsLabel, jvmResources, odd, placementSchema, whenValid } from "./fields";
import { ZOOKEEPER_AUTHENTICATION_MODES } from "./security";
import { topicName } from "./topic-rules";

const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a full version such as "3.9.2"');
/** A broker/topic property value as written in server.properties. */
export const propertyValue = z.union([z.string(), z.number(), z.boolean()]);
const propertyKey = z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, "must be a Kafka property name such as log.retention.hours");

/** Why `kafka.config` may not set a durability key (the table in kafka/durability.ts lists them). */
const DURABILITY_REASON: Readonly<Record<DurabilityValue, string>> = {
    replicationFactor: "set kafka.replicationFactor instead",
    minInsyncReplicas: "set kafka.minInsyncReplicas instead",
    false: "is always false: an out-of-sync leader would discard acknowledged writes",
};

/**
 * server.properties keys the broker-config builder derives from the topology or from a dedicated
 * config field; `kafka.config` may not set them (a value there would silently break DNS, node ids
 * or the durability rules checked on the dedicated fields). Key -> what to do instead.
 */
export const MANAGED_BROKER_PROPERTIES: Readonly<Record<string, string>> = {
    listeners: "is derived from the listener model (CLIENT, INTERNAL, CONTROLLER)",
    "advertised.listeners": "is derived from the per-pod DNS names",
    "listener.security.protocol.map": "is derived from the listener model",
    "inter.broker.listener.name": "is derived from the listener model",
    // 4.3.1 server/.../AbstractKafkaConfig.java:301-304, 3.9.2 KafkaConfig.scala:800-803: a broker refuses to start with both.
    "security.inter.broker.protocol": "conflicts with inter.broker.listener.name, which the listener model sets (INTERNAL): Kafka refuses to start with both",
    "controller.listener.names": "is derived from the listener model",
    "node.id": "is set per pod (StatefulSet ordinal + role base)",
    "broker.id": "is set per pod (StatefulSet ordinal + role base)",
    "process.roles": "is derived from kafka.mode and kafka.kraft.topology",
    "controller.quorum.voters": "is derived from the controller pods' DNS names",
    "controller.quorum.bootstrap.servers": "is not supported: the quorum is static (controller.quorum.voters)",
    "zookeeper.connect": "is derived from the ZooKeeper ensemble",
    "zookeeper.set.acl": "is derived from zookeeper.authentication",
    "log.dirs": "is fixed below the data volume mount",
    "log.dir": "is fixed below the data volume mount (log.dirs)",
    "metadata.log.dir": "is fixed below the data volume mount (log.dirs)",
    "broker.rack": "is set per pod from the node's topology.kubernetes.io/zone label",
    ...Object.fromEntries(DURABILITY_KEYS.map((k) => [k.key, DURABILITY_REASON[k.value]])),
    "sasl.enabled.mechanisms": "is derived from security.authentication",
    "sasl.mechanism.inter.broker.protocol": "is derived from security.authentication",
    "ssl.keystore.type": "is derived from security.tls (PEM files from the generated certificates)",
    "ssl.keystore.location": "is derived from security.tls (PEM files from the generated certificates)",
    "ssl.truststore.type": "is derived from security.tls (PEM files from the generated certificates)",
    "ssl.truststore.location": "is derived from security.tls (PEM files from the generated certificates)",
    "authorizer.class.name": "is derived from security.authorization and kafka.mode",
    "super.users": "is derived from security.authorization (the admin user and the node certificates)",
    "allow.everyone.if.no.acl.found": "is always false with security.authorization acls (deny unless an ACL allows)",
    "ssl.principal.mapping.rules": "is derived from security.tls (node certificates map to their CN, a super user)",
    "principal.builder.class": "would change the principals that super.users and the ACLs name",
    "auto.create.topics.enable": "is always false: every topic is declared in topics with a byte bound the disk budget counts; an auto-created one would have none (declare the topic instead)",
    "ssl.client.auth": "is set per listener (required where nodes talk to each other by certificate); on the client listener it would demand certificates that SCRAM clients do not have",
};

/**
 * Why `kafka.config` may not set `key`, or undefined. A per-listener form
 * (`listener.name.<l>.<key>`, Kafka's override of `<key>` for that listener) is managed when its
 * key is; so is a listener's SASL login (`listener.name.<l>.<mechanism>.sasl.jaas.config`), which
 * the builder writes for every SASL listener (the inter-broker user's credentials included).
 */
export function managedPropertyReason(key: string): string | undefined {
    const own = (k: string) => (Object.prototype.hasOwnProperty.call(MANAGED_BROKER_PROPERTIES, k) ? MANAGED_BROKER_PROPERTIES[k] : undefined);
    const perListener = /^listener\.name\.([^.]+)\.(.+)$/.exec(key);
    if (!perListener) return own(key);
    const [, listener, rest] = perListener;
    if (/^[^.]+\.sasl\.jaas\.config$/.test(rest)) return "is derived from security.authentication (each SASL listener's login; the inter-broker user's credentials)";
    const reason = own(rest);
    return reason === undefined ? undefined : `per listener too (listener ${listener}): ${rest} ${reason}`;
}

function rejectManagedProperties(config: Record<string, unknown>, ctx: z.RefinementCtx): void {
    for (const key of Object.keys(config)) {
        const reason = managedPropertyReason(key);
        if (reason !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `cannot be overridden: ${reason}` });
    }
}

export const kafkaSchema = z.strictObject({
    name: dnsLabel.max(40).default("kafka").describe("Kafka cluster name: prefix of every object name and the `app.kubernetes.io/part-of` label. Default \"kafka\"."),
    namespace: dnsLabel.default("kafka").describe("Namespace for Kafka, ZooKeeper, UI and scalers. Default \"kafka\"."),
    mode: z.enum(["zookeeper", "kraft"]).describe("Metadata mode: `zookeeper` (Kafka 3.9.x + ZooKeeper ensemble) or `kraft` (Kafka 4.x). Required."),
    version: semver.optional().describe("Kafka version. Default 3.9.2 in ZooKeeper mode, 4.3.1 in KRaft mode."),
    brokers: z.int().min(1).max(64).default(3).describe("Broker count. Default 3."),
    kraft: z
        .strictObject({
            topology: z.enum(["dedicated", "combined"]).default("dedicated").describe("`dedicated` controller StatefulSet + broker StatefulSet, or `combined` broker,controller nodes. Default dedicated."),
            controllers: z.int().min(1).max(9).default(3).refine(odd, "must be odd (a Raft quorum of 2F+1 voters tolerates F failures)").describe("Dedicated controller (quorum voter) count; odd. Default 3. Ignored with combined (every node votes)."),
            reformatNodes: z
                .array(z.string())
                .default([])
                .describe(
                    "Quorum voters (pod names, e.g. kafka-controller-1) allowed to format an empty metadata log after the cluster bootstrapped: set only after checking the other voters have a leader and no lag, remove once the pod caught up. Default none (an empty voter is refused).",
                ),
        })
        .prefault({}),
    replicationFactor: z.int().min(2, "must be at least 2 (one replica loses data with its broker)").default(3).describe("`default.replication.factor` and internal-topic RF. Default 3; at least 2 and at most `brokers`."),
    minInsyncReplicas: z.int().min(1).default(2).describe("`min.insync.replicas` for the cluster and internal topics. Default 2; below replicationFactor. KRaft: written cluster-wide once when the cluster is created; later changes need kafka-configs.sh (README, Replication defaults)."),
    storageGiB: z.int().min(1).default(100).describe("Broker data volume per broker, GiB; what the topics may retain on one broker must fit in 70% of it. Can grow on a live cluster (volume expansion), never shrink. Default 100."),
    controllerStorageGiB: z.int().min(1).default(10).describe("Dedicated-controller metadata volume, GiB. Default 10."),
    resources: jvmResources({ cpu: "1", memoryMiB: 4096, heapMiB: 2048 }).describe("Broker pod resources."),
    controllerResources: jvmResources({ cpu: "500m", memoryMiB: 2048, heapMiB: 1024 }).describe("Dedicated-controller pod resources."),
    placement: placementSchema.describe("How brokers, controllers and ZooKeeper spread over zones and nodes. Default required/required; with platform.mode existing, required only where platform.availabilityZones / platform.nodes allow it, else preferred."),
    rebalance: z
        .strictObject({
            throttleBytesPerSecond: z
                .int()
                .min(1024, "must be at least 1024 (kafka-reassign-partitions.sh: the throttle rate should be at least 1 KB/s)")
                .default(52428800)
                .describe("Replication throttle (bytes/s, per broker, leader and follower side) while partitions move between brokers: when kafka.brokers is lowered (always) or raised (onScaleUp). Default 52428800 (50 MiB/s)."),
            onScaleUp: z.boolean().default(true).describe("When kafka.brokers is raised, move existing partitions onto the new brokers (rack-aware, throttled) once they are up; otherwise new brokers get only partitions created later. Default true (dev's stack file sets false)."),
            maxWaitMinutes: z.int().min(1).max(1440).default(120).describe("How long a rebalance Job waits for the moved partitions to arrive before `pulumi up` fails naming the partitions still moving (the reassignment continues in the cluster). Default 120."),
        })
        .prefault({})
        .describe("Partition moves when kafka.brokers changes (README, Scaling brokers)."),
    config: z.record(propertyKey, propertyValue).superRefine(rejectManagedProperties).default({}).describe("Extra broker properties (`server.properties` keys) layered over the built-in defaults, on broker and combined nodes; keys a KRaft controller reads (`num.partitions`, leader rebalancing, `broker.session.timeout.ms`, topic/config policies: CONTROLLER_READ_KEYS) also on dedicated controllers. Keys in MANAGED_BROKER_PROPERTIES are rejected, in their per-listener forms (`listener.name.<l>.<key>`) too, as is a listener's `sasl.jaas.config`; keys and values are checked against the Kafka version's broker keys and types (upstream/kafka). Default none."),
}).superRefine((k, ctx) => {
    checkReformatNodes(k, ctx);
    // Combined nodes are all quorum voters: an even count buys no extra fault tolerance.
    if (k.mode === "kraft" && k.kraft.topology === "combined" && !odd(k.brokers)) {
        ctx.addIssue({ code: "custom", path: ["brokers"], message: "must be odd with kafka.kraft.topology combined (every combined node is a quorum voter; 2F+1 tolerate F failures)" });
    }
}, whenValid("name", "mode", "brokers", "kraft"));

/** kafka.kraft.reformatNodes must name quorum voters of this cluster: a typo would silently allow nothing. */
function checkReformatNodes(k: { name: string; mode: string; brokers: number; kraft: { topology: string; controllers: number; reformatNodes: string[] } }, ctx: z.RefinementCtx): void {
    const n = clusterNames(k.name);
    const [set, count] = k.kraft.topology === "combined" ? [n.brokers, k.brokers] : [n.controllers, k.kraft.controllers];
    const voters = k.mode === "kraft" ? Array.from({ length: count }, (_, i) => `${set}-${i}`) : [];
    k.kraft.reformatNodes.forEach((pod, i) => {
        if (!voters.includes(pod)) {
            const which = voters.length > 0 ? `one of ${voters.join(", ")}` : "empty in ZooKeeper mode (there is no KRaft quorum)";
            ctx.addIssue({ code: "custom", path: ["kraft", "reformatNodes", i], message: `"${pod}" is not a quorum voter of this cluster: must be ${which}` });
        } else if (k.kraft.reformatNodes.indexOf(pod) !== i) {
            ctx.addIssue({ code: "custom", path: ["kraft", "reformatNodes", i], message: `"${pod}" is listed twice: list each voter once` });
        }
    });
    // The metadata log survives only on the voters that keep theirs, and an empty voter votes for
    // anyone: two empty voters and one that lags can elect the laggard over the committed log even
    // in a quorum of 5. One voter at a time, and never the only one.
    const listed = new Set(k.kraft.reformatNodes.filter((pod) => voters.includes(pod))).size;
    const allowed = Math.min(1, voters.length - (Math.floor(voters.length / 2) + 1));
    if (voters.length > 0 && listed > allowed) {
        ctx.addIssue({
            code: "custom",
            path: ["kraft", "reformatNodes"],
            message:
                allowed === 0
                    ? `lists the only voter: its empty log would start a new, empty metadata quorum (every topic, config and ACL lost); a single-voter quorum cannot be recovered this way`
                    : `lists ${listed} of the ${voters.length} voters: one may format an empty log at a time, after the others have a leader and no lag (an empty voter votes for anyone, so two could elect a voter behind the committed metadata); recover them one at a time`,
        });
    }
}

export const zookeeperSchema = z
    .strictObject({
        replicas: z.int().min(1).max(9).default(3).refine(odd, "must be odd (quorum needs 2F+1)").describe("Ensemble size; odd (2F+1 tolerates F failures). Default 3. Used only in ZooKeeper mode."),
        version: semver.default(ZOOKEEPER_VERSION).describe("ZooKeeper version (3.8.x: Kafka 3.9 ships the 3.8 client). Default 3.8.6."),
        dataGiB: z.int().min(1).default(10).describe("Snapshot volume (/data), GiB. Default 10."),
        dataLogGiB: z.int().min(1).default(10).describe("Transaction-log volume (/datalog), GiB. Default 10."),
        resources: jvmResources({ cpu: "250m", memoryMiB: 1024, heapMiB: 512 }),
        authentication: z
            .enum(ZOOKEEPER_AUTHENTICATION_MODES)
            .optional()
            .describe(
                "`sasl`: ZooKeeper accepts only clients that log in (SASL DIGEST-MD5 as the generated `kafka` user, password in a Secret) and the brokers create znodes with ACLs (`zookeeper.set.acl`), so only they can read SCRAM credentials or change cluster metadata. `none`: anyone who reaches port 2181 may read and change everything. Cannot change on a running cluster. Default sasl when security.authentication is scram-sha-512, else none. Used only in ZooKeeper mode.",
            ),
    })
    .prefault({});

export const topicSchema = z.strictObject({
    name: topicName.describe("Topic name: letters, digits, '.', '_', '-'; at most 249; unique even when '.' and '_' are swapped."),
    partitions: z.int().min(1).describe("Partition count; can grow on a live topic, never shrink."),
    replicationFactor: z.int().min(2, "must be at least 2 (one replica loses data with its broker)").optional().describe("Replication factor. Default kafka.replicationFactor."),
    config: z.record(propertyKey, propertyValue).default({}).describe("Topic-level config overrides (e.g. retention.ms), checked against the Kafka version's topic keys and types (upstream/kafka). `retention.bytes` (per partition) is required unless kafka.config sets log.retention.bytes; a compacted topic must also delete (`cleanup.policy: compact,delete`). Default none."),
});

export const topicsSchema = z.array(topicSchema).default([]);

/** The default Kafka version of a metadata mode. */
export function defaultKafkaVersion(mode: "zookeeper" | "kraft"): string {
    return mode === "zookeeper" ? KAFKA_ZOOKEEPER_MODE_VERSION : KAFKA_KRAFT_MODE_VERSION;
}

export type KafkaConfig = z.output<typeof kafkaSchema>;
export type ZooKeeperConfig = z.output<typeof zookeeperSchema>;
export type TopicConfig = z.output<typeof topicSchema>;
