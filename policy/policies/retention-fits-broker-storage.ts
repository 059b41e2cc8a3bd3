/**
 * Disks cannot fill: every deployed topic has a byte bound (retention.bytes, or log.retention.bytes
 * on the brokers), and what the topics and the internal topics may retain on one broker stays
 * under maxUsedPercent of the smallest broker volume. The arithmetic is the program's own
 * (lib/durability.ts, a verbatim copy): a broker may hold a replica of every partition, each up
 * to retention.bytes + one segment. Reads the topic Jobs' spec annotations, the brokers'
 * server.properties and the broker claims, so a hand-made topic or a shrunken volume is caught too.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { DISK_BUDGET_PERCENT, describeLogs, diskBudget, formatBytes, nodeKind, suggestedRetentionBytes } from "../lib/durability";
import { objectRef } from "../lib/k8s";
import { topicField } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { configSchema, integer, readSettings } from "../lib/settings";
import { type DeployedTopic, brokerProperties, deployedTopics, describeCluster, smallestBrokerVolumes } from "../lib/stack";

const settings = {
    maxUsedPercent: integer(DISK_BUDGET_PERCENT, 1, "Share of a broker's data volume (percent) the retained logs may take in the worst case."),
};

export const retentionFitsBrokerStorage: StackValidationPolicy = {
    name: "retention-fits-broker-storage",
    description: `Every topic has a byte bound (retention.bytes), a compacted topic also deletes ("compact,delete"), and partitions × (retention.bytes + the larger of segment.bytes and max.message.bytes) over all topics, internal ones included, stays under maxUsedPercent (default ${DISK_BUDGET_PERCENT}) of a broker's volume.`,
    enforcementLevel: "advisory",
    configSchema: configSchema(settings),
    validateStack: (args, reportViolation) => {
        const { maxUsedPercent } = readSettings(args.getConfig(), settings);
        const volumes = smallestBrokerVolumes(args.resources);
        const servers = brokerProperties(args.resources);
        const byCluster = new Map<string, DeployedTopic[]>();
        for (const t of deployedTopics(args.resources)) {
            byCluster.set(t.cluster, [...(byCluster.get(t.cluster) ?? []), t]);
        }

        for (const [cluster, deployed] of byCluster) {
            const topicRef = (t: DeployedTopic) => objectRef(t.resource.type, t.resource.props, t.resource.name);
            const volume = volumes.get(cluster);
            if (volume === undefined) {
                const first = deployed[0];
                reportViolation(violation(topicRef(first), topicField("config"), `cannot be checked against a disk: no broker volume claim in ${describeCluster(cluster)}`, "deploy the topics in the same part-of cluster as their brokers"), first.resource.urn);
                continue;
            }
            const countable = deployed.filter((t) => t.topic.partitions !== undefined);
            for (const t of deployed.filter((d) => d.topic.partitions === undefined)) {
                reportViolation(violation(topicRef(t), topicField("partitions"), "is not set", "write the partition count so the topic's retained bytes can be bounded"), t.resource.urn);
            }
            const server = servers.get(cluster);
            // Without a broker config the mode is unknown: KRaft keeps more internal logs, so assume it.
            const mode = server === undefined ? "kraft" : nodeKind(server.properties.get("process.roles")).mode;
            const input = {
                mode,
                storageBytes: volume.bytes,
                broker: Object.fromEntries(server?.properties ?? []),
                topics: countable.map((t) => ({ name: t.topic.name ?? t.resource.name, partitions: t.topic.partitions as number, config: t.topic.config })),
                percent: maxUsedPercent,
            };
            const budget = diskBudget(input);
            const limit = `${maxUsedPercent}% of the ${formatBytes(volume.bytes)} broker volume (${formatBytes(budget.limitBytes)})`;

            for (const u of budget.unbounded) {
                const t = countable[u.topic];
                const suggestion = u.key === "retention.bytes" ? suggestedRetentionBytes(budget, input, u.topic) : undefined;
                const example = suggestion === undefined ? "" : `, e.g. ${suggestion} (${formatBytes(suggestion)}, an equal share of what is left under ${limit})`;
                reportViolation(
                    violation(topicRef(t), topicField(`config["${u.key}"]`), u.problem, `topic "${u.name}": ${u.fix ?? `set a byte bound${example}`}, or writes can fill every broker's disk`),
                    t.resource.urn,
                );
            }

            if (budget.worstCaseBytes > budget.limitBytes) {
                const needed = Math.ceil((budget.worstCaseBytes * 100) / maxUsedPercent / 1024 ** 3);
                reportViolation(
                    violation(
                        volume.ref,
                        volume.field,
                        `is ${formatBytes(volume.bytes)}, but one broker of ${describeCluster(cluster)} may have to hold ${formatBytes(budget.worstCaseBytes)}, over ${limit}: a replica of every partition, each up to retention.bytes + one segment (${describeLogs(budget.logs)})`,
                        `lower the topics' retention.bytes (or segment.bytes), or grow the broker volumes to at least ${needed}Gi`,
                    ),
                    volume.urn,
                );
            }
        }
    },
};
