/**
 * What keeps a Kafka cluster's data: the durability keys of server.properties (replication
 * factors, min ISR, unclean election) with the process that reads each one, and the bound on
 * what a broker's disk can be asked to hold (retention bytes per partition).
 *
 * One table, read by the broker-config builder (which node gets which key), the config schema
 * (keys `kafka.config` may not set) and the policy pack. The pack runs on its own directory and
 * cannot import this file, so it carries a verbatim copy as policy/lib/durability.ts;
 * tests/policy/contract.test.ts fails when the two differ. Hence this module imports nothing.
 *
 * Source references are to the pinned releases: Kafka 3.9.2 (ZooKeeper mode) and 4.3.1 (KRaft).
 */

export type MetadataMode = "zookeeper" | "kraft";
/** A Kafka process role. In ZooKeeper mode every node is a broker (one of them also acts as controller). */
export type ProcessRole = "broker" | "controller";
/** Which dedicated config field a durability key takes its value from. */
export type DurabilityValue = "replicationFactor" | "minInsyncReplicas" | "false";

export interface DurabilityKey {
    key: string;
    value: DurabilityValue;
    /** What Kafka assumes when the key is absent from the node's server.properties. */
    kafkaDefault: number | boolean;
    /** Processes that read the key, per mode; a mode that is absent has no such key in its Kafka version. */
    readBy: Readonly<Partial<Record<MetadataMode, readonly ProcessRole[]>>>;
    /** For a replication-factor key: the min-ISR key that applies to the topics it creates. */
    minIsrKey?: string;
}

export const DURABILITY_KEYS: readonly DurabilityKey[] = [
    // RF of a topic created without one. ZooKeeper mode: the broker serving CreateTopics (3.9.2
    // ZkAdminManager.scala:92). KRaft: the active controller (4.3.1 ControllerServer.scala:241,
    // ReplicationControlManager.java:777); a broker reads it only for auto-created topics (off
    // here) and warns that it belongs on controllers (4.3.1 KafkaConfig.scala:636-638).
    { key: "default.replication.factor", value: "replicationFactor", kafkaDefault: 1, readBy: { zookeeper: ["broker"], kraft: ["controller"] }, minIsrKey: "min.insync.replicas" },
    // Brokers enforce it on acks=all writes (3.9.2 Partition.scala:1383, 4.3.1 Partition.scala:1235).
    // KRaft with ELR (on by default at metadata.version 4.3-IV0): the first active controller
    // writes ITS static value as the cluster-level dynamic config (4.3.1
    // ActivationRecordsGenerator.java:97-104, value from QuorumController.java:1171); that
    // overrides every broker's static value (DynamicBrokerConfig.scala:431-433), cannot be
    // deleted (ConfigurationControlManager.java:415-417), and the controller resolves topics'
    // min ISR for ELR through it (ReplicationControlManager.java:2429).
    { key: "min.insync.replicas", value: "minInsyncReplicas", kafkaDefault: 1, readBy: { zookeeper: ["broker"], kraft: ["broker", "controller"] } },
    // __consumer_offsets, created by a broker on first use (4.3.1 AutoTopicCreationManager.scala:257);
    // it gets no min ISR of its own (4.3.1 GroupCoordinatorService.java:2324-2330), so min.insync.replicas applies.
    { key: "offsets.topic.replication.factor", value: "replicationFactor", kafkaDefault: 3, readBy: { zookeeper: ["broker"], kraft: ["broker"] }, minIsrKey: "min.insync.replicas" },
    // __transaction_state, created by a broker (4.3.1 AutoTopicCreationManager.scala:264) with
    // min.insync.replicas = transaction.state.log.min.isr (TransactionStateManager.scala:441).
    { key: "transaction.state.log.replication.factor", value: "replicationFactor", kafkaDefault: 3, readBy: { zookeeper: ["broker"], kraft: ["broker"] }, minIsrKey: "transaction.state.log.min.isr" },
    { key: "transaction.state.log.min.isr", value: "minInsyncReplicas", kafkaDefault: 2, readBy: { zookeeper: ["broker"], kraft: ["broker"] } },
    // __share_group_state (share groups, Kafka 4.x; no such keys in 3.9.2), created by a broker
    // (4.3.1 AutoTopicCreationManager.scala:271) with its min ISR (ShareCoordinatorService.java:248).
    { key: "share.coordinator.state.topic.replication.factor", value: "replicationFactor", kafkaDefault: 3, readBy: { kraft: ["broker"] }, minIsrKey: "share.coordinator.state.topic.min.isr" },
    { key: "share.coordinator.state.topic.min.isr", value: "minInsyncReplicas", kafkaDefault: 2, readBy: { kraft: ["broker"] } },
    // Whoever elects leaders reads it. ZooKeeper mode: the controller, which is a broker (3.9.2
    // PartitionStateMachine.scala:500). KRaft: the active controller, from its own static config
    // (4.3.1 ConfigurationControlManager.java:645-650, 780-781); brokers do not read it.
    { key: "unclean.leader.election.enable", value: "false", kafkaDefault: false, readBy: { zookeeper: ["broker"], kraft: ["controller"] } },
];

/** The mode and roles of a node, from its server.properties `process.roles` (absent: ZooKeeper mode). */
export function nodeKind(processRoles: string | undefined): { mode: MetadataMode; roles: ProcessRole[] } {
    if (processRoles === undefined) return { mode: "zookeeper", roles: ["broker"] };
    const listed = processRoles.split(",").map((r) => r.trim());
    return { mode: "kraft", roles: (["broker", "controller"] as const).filter((r) => listed.includes(r)) };
}

/** The durability keys a node of `mode` with `roles` reads, in table order. */
export function durabilityKeysFor(mode: MetadataMode, roles: readonly ProcessRole[]): DurabilityKey[] {
    return DURABILITY_KEYS.filter((k) => (k.readBy[mode] ?? []).some((r) => roles.includes(r)));
}

/** A key's value for the cluster's replication factor and min ISR. */
export function durabilityValue(key: DurabilityKey, cluster: { replicationFactor: number; minInsyncReplicas: number }): number | boolean {
    return key.value === "false" ? false : cluster[key.value];
}

// ---------------------------------------------------------------------------------------------
// Disk budget: what one broker's data volume can be asked to hold.
// ---------------------------------------------------------------------------------------------

/** Share of a broker volume the retained logs may take. */
export const DISK_BUDGET_PERCENT = 70;

/** Kafka's defaults (3.9.2 and 4.3.1 alike) for the broker keys the budget reads. */
export const LOG_DEFAULTS: Readonly<Record<string, number | string>> = {
    "log.segment.bytes": 1073741824, // 4.3.1 LogConfig.java:125
    "log.retention.bytes": -1,
    "log.cleanup.policy": "delete",
    "message.max.bytes": 1048588, // 4.3.1 ServerLogConfigs.java:177 (1 MiB + LOG_OVERHEAD); the program writes its own
    "offsets.topic.num.partitions": 50, // 4.3.1 GroupCoordinatorConfig.java:114
    "offsets.topic.segment.bytes": 104857600, // GroupCoordinatorConfig.java:118
    "transaction.state.log.num.partitions": 50, // TransactionLogConfig.java:32
    "transaction.state.log.segment.bytes": 104857600, // TransactionLogConfig.java:36
    "share.coordinator.state.topic.num.partitions": 50, // ShareCoordinatorConfig.java:38
    "share.coordinator.state.topic.segment.bytes": 104857600, // ShareCoordinatorConfig.java:51
    "metadata.log.segment.bytes": 1073741824, // 4.3.1 MetadataLogConfig.java:56
    "metadata.max.retention.bytes": 104857600, // MetadataLogConfig.java:66
};

/** A log Kafka keeps on every broker's volume by itself. */
interface InternalLog {
    name: string;
    modes: readonly MetadataMode[];
    /** Broker key of the partition count, or a fixed count. */
    partitions: string | number;
    segmentBytes: string;
    /** Broker key of its byte retention; absent for compacted topics. */
    retentionBytes?: string;
}

/**
 * Compacted internal topics have no byte bound: their cleaned size follows their live keys
 * (groups × partitions, transactional ids, share-group partitions), not configuration. What
 * configuration does bound is one active segment per partition (compaction never touches it),
 * so that is what they count; the key-bound rest is left to the headroom above the budget. The
 * transaction and share-state topics are created on first use, but nothing stops a client from
 * using them, so they count from the start. KRaft brokers also keep a replica of the metadata log
 * in log.dirs (metadata.log.dir is unset: 4.3.1 KafkaConfig.scala:226-230), bounded like a
 * deleting topic.
 */
const INTERNAL_LOGS: readonly InternalLog[] = [
    { name: "__consumer_offsets", modes: ["zookeeper", "kraft"], partitions: "offsets.topic.num.partitions", segmentBytes: "offsets.topic.segment.bytes" },
    { name: "__transaction_state", modes: ["zookeeper", "kraft"], partitions: "transaction.state.log.num.partitions", segmentBytes: "transaction.state.log.segment.bytes" },
    { name: "__share_group_state", modes: ["kraft"], partitions: "share.coordinator.state.topic.num.partitions", segmentBytes: "share.coordinator.state.topic.segment.bytes" },
    { name: "__cluster_metadata", modes: ["kraft"], partitions: 1, segmentBytes: "metadata.log.segment.bytes", retentionBytes: "metadata.max.retention.bytes" },
];

export type PropertyValue = string | number | boolean;

export interface BudgetTopic {
    name: string;
    partitions: number;
    /** Topic-level configs (retention.bytes, segment.bytes, cleanup.policy); the rest is ignored. */
    config: Readonly<Record<string, PropertyValue>>;
}

export interface BudgetInput {
    mode: MetadataMode;
    /** One broker's data volume. */
    storageBytes: number;
    /** Broker-level overrides of LOG_DEFAULTS keys (e.g. `kafka.config`, or a parsed server.properties). */
    broker: Readonly<Record<string, PropertyValue>>;
    topics: readonly BudgetTopic[];
    /** Share of the volume the logs may take. Default DISK_BUDGET_PERCENT. */
    percent?: number;
}

export interface RetainedLog {
    name: string;
    /** Index into BudgetInput.topics; undefined for an internal log. */
    topic?: number;
    partitions: number;
    /** What one replica of one partition can hold when retention runs; see diskBudget. */
    perPartitionBytes: number;
    /** How perPartitionBytes is made up, for messages. */
    basis: string;
}

/** A topic that cannot be bounded, and why. */
export interface UnboundedTopic {
    topic: number;
    name: string;
    /** Config key to fix, and what is wrong with it. */
    key: "retention.bytes" | "segment.bytes" | "cleanup.policy";
    /** How to fix it, when that is not just "set a byte bound". */
    fix?: string;
    problem: string;
}

export interface DiskBudget {
    /** BudgetInput.percent of one broker volume. */
    limitBytes: number;
    /** What one broker can be asked to hold: Σ partitions × perPartitionBytes over `logs`. */
    worstCaseBytes: number;
    logs: RetainedLog[];
    unbounded: UnboundedTopic[];
}

function integerOf(value: PropertyValue | undefined): number | undefined {
    if (typeof value === "number") return Number.isSafeInteger(value) ? value : undefined;
    if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) {
        const n = Number(value.trim());
        return Number.isSafeInteger(n) ? n : undefined;
    }
    return undefined;
}

/**
 * The largest segment a topic's partition can have: segment.bytes, or one batch if a batch is
 * larger. A segment rolls when the next batch does not fit, and the batch then goes whole into
 * the new, empty segment (4.3.1 LogSegment.java:167-173), so a batch of up to max.message.bytes
 * (topic) or message.max.bytes (broker) makes a segment that size even when segment.bytes is
 * smaller (segment.bytes may be as low as 1 MiB: 4.3.1 LogConfig.java:188).
 */
function largestSegmentBytes(segmentBytes: number, topicConfig: Readonly<Record<string, PropertyValue>>, broker: Readonly<Record<string, PropertyValue>>): number {
    const batch = integerOf(topicConfig["max.message.bytes"]) ?? integerOf(broker["message.max.bytes"]) ?? Number(LOG_DEFAULTS["message.max.bytes"]);
    return Math.max(segmentBytes, batch);
}

/**
 * The worst case one broker's volume can be asked to hold, against DISK_BUDGET_PERCENT of it.
 *
 * Per partition replica: retention.bytes + the largest segment (see largestSegmentBytes).
 * retention.bytes is per partition, and retention deletes whole segments, oldest first, only
 * while what stays is still at least retention.bytes (4.3.1 UnifiedLog.java:2040-2056), so after
 * a check a replica holds under retention.bytes + one segment; the active segment is never
 * deleted by size.
 *
 * A compacted topic without delete (cleanup.policy=compact) has no byte bound at all: it keeps
 * the latest record of every key, so its size follows the keys, not configuration. User topics
 * must add delete with a retention.bytes ("compact,delete"); only Kafka's internal compacted
 * topics are counted by their active segment.
 *
 * Per broker: Σ over topics of partitions × (retention.bytes + segment.bytes), whatever the RF.
 * A broker holds at most one replica of each partition, and nothing keeps replicas spread out:
 * placement at creation uses only the brokers registered then (a broker down for a restart gets
 * none), reassignments and replaced brokers move whole replicas, and Kafka never rebalances data
 * by itself. So any broker may end up with a replica of every partition. The even-spread figure
 * Σ partitions × RF × (…) / brokers is an average, not a bound; it equals this one when RF =
 * brokers, and is lower by brokers / RF otherwise.
 *
 * What the headroom above the budget is for: writes that arrive between two retention checks
 * (log.retention.check.interval.ms) and before deleted segments are unlinked (file.delete.delay.ms),
 * segments above the high watermark (never deleted, UnifiedLog.java:1894), index files, and the
 * key-bound part of compacted topics.
 */
export function diskBudget(input: BudgetInput): DiskBudget {
    const brokerValue = (key: string): PropertyValue => input.broker[key] ?? LOG_DEFAULTS[key];
    const brokerInteger = (key: string): number => integerOf(brokerValue(key)) ?? Number(LOG_DEFAULTS[key]);
    const logs: RetainedLog[] = [];
    const unbounded: UnboundedTopic[] = [];

    for (const log of INTERNAL_LOGS.filter((l) => l.modes.includes(input.mode))) {
        const partitions = typeof log.partitions === "number" ? log.partitions : brokerInteger(log.partitions);
        const segment = brokerInteger(log.segmentBytes);
        const retention = log.retentionBytes === undefined ? 0 : brokerInteger(log.retentionBytes);
        logs.push({ name: log.name, partitions, perPartitionBytes: retention + segment, basis: log.retentionBytes === undefined ? `${log.segmentBytes} (compacted: one active segment)` : `${log.retentionBytes} + ${log.segmentBytes}` });
    }

    input.topics.forEach((t, index) => {
        const own = (key: string): PropertyValue | undefined => t.config[key];
        const segmentRaw = own("segment.bytes") ?? brokerValue("log.segment.bytes");
        const segment = integerOf(segmentRaw);
        if (segment === undefined || segment <= 0) {
            unbounded.push({ topic: index, name: t.name, key: "segment.bytes", problem: `is ${JSON.stringify(segmentRaw)}, not a positive number of bytes` });
            return;
        }
        const policies = String(own("cleanup.policy") ?? brokerValue("log.cleanup.policy")).split(",").map((p) => p.trim()).filter((p) => p !== "");
        if (policies.includes("delete")) {
            const retentionRaw = own("retention.bytes") ?? brokerValue("log.retention.bytes");
            const retention = integerOf(retentionRaw);
            if (retention === undefined || retention < 0) {
                const problem = retention === undefined ? `is ${JSON.stringify(retentionRaw)}, not a number of bytes` : own("retention.bytes") === undefined ? "is not set (Kafka's default -1 bounds the topic by time only)" : `is ${retention} (no byte bound: the topic is bounded by time only)`;
                unbounded.push({ topic: index, name: t.name, key: "retention.bytes", problem });
                return;
            }
            const largest = largestSegmentBytes(segment, t.config, input.broker);
            const basis = largest > segment ? "retention.bytes + one batch (max.message.bytes, larger than segment.bytes)" : "retention.bytes + segment.bytes";
            logs.push({ name: t.name, topic: index, partitions: t.partitions, perPartitionBytes: retention + largest, basis });
        } else if (policies.includes("compact")) {
            unbounded.push({
                topic: index,
                name: t.name,
                key: "cleanup.policy",
                problem: `is "compact": a compacted topic keeps the latest record of every key, so its size follows the keys, not configuration`,
                fix: `set it to "compact,delete" and set retention.bytes (compaction then works within a byte bound)`,
            });
        } else {
            // 4.x: an empty cleanup.policy deletes nothing (4.3.1 UnifiedLog.java:1967-1988).
            unbounded.push({ topic: index, name: t.name, key: "cleanup.policy", problem: "is empty: Kafka never deletes from the topic", fix: `set it to "delete" or "compact,delete", with a retention.bytes` });
        }
    });

    return {
        limitBytes: Math.floor((input.storageBytes * (input.percent ?? DISK_BUDGET_PERCENT)) / 100),
        worstCaseBytes: logs.reduce((sum, l) => sum + l.partitions * l.perPartitionBytes, 0),
        logs,
        unbounded,
    };
}

/**
 * A retention.bytes that fits: the room left under the budget shared equally among the
 * partitions of the topics that lack a bound, less one segment each. Undefined when nothing is left.
 */
export function suggestedRetentionBytes(budget: DiskBudget, input: BudgetInput, topic: number): number | undefined {
    const waiting = budget.unbounded.filter((u) => u.key === "retention.bytes").map((u) => input.topics[u.topic]);
    const partitions = waiting.reduce((sum, t) => sum + t.partitions, 0);
    const t = input.topics[topic];
    const segment = largestSegmentBytes(integerOf(t.config["segment.bytes"] ?? input.broker["log.segment.bytes"]) ?? Number(LOG_DEFAULTS["log.segment.bytes"]), t.config, input.broker);
    const share = Math.floor((budget.limitBytes - budget.worstCaseBytes) / Math.max(partitions, 1)) - segment;
    return share > 0 ? share : undefined;
}

/** Bytes as a reader wants them: `1.5 GiB`, `64 MiB`. */
export function formatBytes(bytes: number): string {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
        value /= 1024;
        unit++;
    }
    return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The largest contributors first, as `orders 12 × 17 GiB = 204 GiB`. */
export function describeLogs(logs: readonly RetainedLog[], most = 4): string {
    const sorted = [...logs].sort((a, b) => b.partitions * b.perPartitionBytes - a.partitions * a.perPartitionBytes);
    const shown = sorted.slice(0, most).map((l) => `${l.name} ${l.partitions} × ${formatBytes(l.perPartitionBytes)} = ${formatBytes(l.partitions * l.perPartitionBytes)}`);
    return shown.join(", ") + (sorted.length > most ? `, +${sorted.length - most} more` : "");
}
