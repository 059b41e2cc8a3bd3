/**
 * The whole stack configuration: every section, the rules that span sections, and the resolved
 * defaults. The program reads config only through `loadStackConfig` (load.ts); components reuse
 * these schemas instead of re-checking their inputs.
 */
import { z } from "zod";
import { EBS_CSI_PROVISIONER, platformSchema, storageSchema } from "./platform";
import { defaultKafkaVersion, kafkaSchema, topicsSchema, zookeeperSchema } from "./kafka";
import { managerRules, managerSchema } from "./manager";
import { autoscalingRules, autoscalingSchema, consumersSchema, resolveAutoscaling } from "./autoscaling";
import { topicMinInsync } from "./topic-rules";
import { securityRules, securitySchema } from "./security";
import { smokeTestRules, smokeTestSchema } from "./smoke-test";
import { zoneLossRules } from "./zone-loss";
import { diskBudgetRules } from "./disk-budget";
import { usersRules, usersSchema } from "./users";

/** Top-level config keys (`<project>:<section>`), each an object or list. */
export const SECTIONS = ["platform", "storage", "kafka", "zookeeper", "topics", "manager", "autoscaling", "consumers", "security", "smokeTest", "users"] as const;
export type Section = (typeof SECTIONS)[number];

/** Every section's schema, before cross-section rules (the config reference is generated from it). */
export const sectionsSchema = z.strictObject({
    platform: platformSchema,
    storage: storageSchema,
    kafka: kafkaSchema,
    zookeeper: zookeeperSchema,
    topics: topicsSchema,
    manager: managerSchema,
    autoscaling: autoscalingSchema,
    consumers: consumersSchema,
    security: securitySchema,
    smokeTest: smokeTestSchema,
    users: usersSchema,
});

type Sections = z.output<typeof sectionsSchema>;


function crossSectionRules(c: Sections, ctx: z.RefinementCtx): void {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const k = c.kafka;
    managerRules(c, issue);
    autoscalingRules(c, issue);
    zoneLossRules(c, issue);
    securityRules(c, issue);
    usersRules(c, issue);
    smokeTestRules(c, issue);
    diskBudgetRules(c, issue);

    if (c.platform.mode === "eks" && c.storage.provisioner !== EBS_CSI_PROVISIONER) {
        issue(["storage", "provisioner"], `must be ${EBS_CSI_PROVISIONER} when platform.mode is eks (other provisioners are for existing clusters)`);
    }

    const version = k.version ?? defaultKafkaVersion(k.mode);
    if (k.mode === "zookeeper" && !version.startsWith("3.9.")) {
        issue(["kafka", "version"], "must be 3.9.x in ZooKeeper mode (Kafka 4.0 removed ZooKeeper)");
    }
    if (k.mode === "kraft" && !/^[4-9]\./.test(version)) {
        issue(["kafka", "version"], "must be 4.x or later in KRaft mode (ZooKeeper mode uses 3.9.x)");
    }

    if (k.replicationFactor > k.brokers) {
        issue(["kafka", "replicationFactor"], `must be at most kafka.brokers (${k.brokers}): each replica needs its own broker`);
    }
    if (k.minInsyncReplicas >= k.replicationFactor) {
        issue(["kafka", "minInsyncReplicas"], `must be below kafka.replicationFactor (${k.replicationFactor}) so one replica can be down without blocking acks=all writes`);
    }

    const names = new Set<string>();
    c.topics.forEach((t, i) => {
        if (names.has(t.name)) issue(["topics", i, "name"], "must be unique: the topic is declared twice");
        names.add(t.name);
        const rf = t.replicationFactor ?? k.replicationFactor;
        if (rf > k.brokers) {
            issue(["topics", i, "replicationFactor"], `must be at most kafka.brokers (${k.brokers}): each replica needs its own broker`);
        }
        const minIsr = topicMinInsync(t.config, k.minInsyncReplicas);
        if (minIsr >= rf) {
            const where = t.config["min.insync.replicas"] === undefined ? ["topics", i, "replicationFactor"] : ["topics", i, "config", "min.insync.replicas"];
            issue(where, `min.insync.replicas (${minIsr}) must be below the topic's replication factor (${rf})`);
        }
    });
}

export const stackSchema = sectionsSchema.superRefine(crossSectionRules).transform((c) => ({
    ...c,
    kafka: { ...c.kafka, version: c.kafka.version ?? defaultKafkaVersion(c.kafka.mode) },
    topics: c.topics.map((t) => ({ ...t, replicationFactor: t.replicationFactor ?? c.kafka.replicationFactor })),
    autoscaling: resolveAutoscaling(c.autoscaling, c.topics),
}));

/** Validated configuration with every default resolved. */
export type StackConfig = z.output<typeof stackSchema>;
/** What a stack file may contain. */
export type StackConfigInput = z.input<typeof stackSchema>;
