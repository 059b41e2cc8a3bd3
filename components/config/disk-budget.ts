/**
 * Every declared topic needs a byte bound (retention.bytes; a compacted topic "compact,delete"),
 * and what the declared topics, the internal topics and the smoke topic may retain on one broker
 * at a retention check must stay under DISK_BUDGET_PERCENT of kafka.storageGiB. How the worst case
 * is computed: kafka/durability.ts. Not covered (README, "Disks cannot fill"): writes between
 * retention checks beyond the headroom, and topics created at run time, outside the stack.
 *
 * retention.bytes is required rather than derived from the volume: a derived default would move
 * whenever a topic or partition is added, and Kafka would then delete data of the other topics
 * at the next retention check. An explicit value changes only when someone edits that topic.
 */
import { DISK_BUDGET_PERCENT, describeLogs, diskBudget, formatBytes, suggestedRetentionBytes } from "../kafka/durability";
import { DEFAULT_MESSAGE_MAX_BYTES } from "../kafka/broker-config";
import { smokeTopic } from "../kafka/smoke-test/spec";

const GiB = 1024 ** 3;

interface DiskBudgetInput {
    kafka: { name: string; mode: "zookeeper" | "kraft"; storageGiB: number; replicationFactor: number; minInsyncReplicas: number; config: Record<string, string | number | boolean> };
    topics: Array<{ name: string; partitions: number; config: Record<string, string | number | boolean> }>;
    smokeTest: { enabled: boolean };
}

/** Cross-section rule: every declared topic is bounded in bytes, and all of them fit one broker. */
export function diskBudgetRules(c: DiskBudgetInput, issue: (path: (string | number)[], message: string) => void): void {
    const k = c.kafka;
    // The smoke topic is the program's own; it is always bounded (tests/config/disk-budget.test.ts).
    const smoke = c.smokeTest.enabled ? [smokeTopic(k.name, k.replicationFactor, k.minInsyncReplicas)] : [];
    // The brokers get the program's message.max.bytes unless kafka.config sets one (broker-config.ts).
    const input = { mode: k.mode, storageBytes: k.storageGiB * GiB, broker: { "message.max.bytes": DEFAULT_MESSAGE_MAX_BYTES, ...k.config }, topics: [...c.topics, ...smoke] };
    const budget = diskBudget(input);
    const limit = `${DISK_BUDGET_PERCENT}% of kafka.storageGiB (${formatBytes(budget.limitBytes)} of ${k.storageGiB} GiB)`;

    for (const u of budget.unbounded) {
        let fix = u.fix ?? `set it so topic ${u.name} has a byte bound`;
        if (u.key === "retention.bytes") {
            const suggestion = suggestedRetentionBytes(budget, input, u.topic);
            fix = suggestion === undefined
                ? `set it, and lower segment.bytes or raise kafka.storageGiB: what is left under ${limit} is less than one segment for each partition that needs a bound`
                : `set it, e.g. to ${suggestion} (${formatBytes(suggestion)}, an equal share of what is left under ${limit})`;
        }
        const consequence = u.key === "cleanup.policy" ? "so writes can fill every broker's disk" : "so writes can fill every broker's disk before time retention deletes anything";
        issue(["topics", u.topic, "config", u.key], `topic ${u.name} has no byte bound: ${u.key} ${u.problem}, ${consequence}; ${fix}`);
    }

    if (budget.worstCaseBytes > budget.limitBytes) {
        const neededGiB = Math.ceil((budget.worstCaseBytes * 100) / DISK_BUDGET_PERCENT / GiB);
        issue(
            ["kafka", "storageGiB"],
            `one broker may have to hold ${formatBytes(budget.worstCaseBytes)}, over ${limit}: it can get a replica of every partition, each up to retention.bytes + one segment (${describeLogs(budget.logs)}); ` +
                `lower topics[].config.retention.bytes (or segment.bytes), or raise kafka.storageGiB to at least ${neededGiB}`,
        );
    }
}
