/**
 * The whole stack configuration: every section, the rules that span sections, and the resolved
 * defaults. The program reads config only through `loadStackConfig` (load.ts); components reuse
 * these schemas instead of re-checking their inputs.
 */
import { z } from "zod";
import { EBS_CSI_PROVISIONER, platformSchema, storageSchema } from "./platform";
import { defaultKafkaVersion, kafkaSchema, topicsSchema, zookeeperSchema } from "./kafka";
import { managerRules, managerSchema } from "./manager";
import { autoscalingSchema, consumerRules, consumersSchema, kedaRules, resolveAutoscaling, scalerRules } from "./autoscaling";
import { collisionForm, topicMinInsync } from "./topic-rules";
import { capacityRules } from "./capacity";
import { existingClusterRules } from "./existing-cluster";
import { kafkaKeyRules } from "./kafka-keys";
import { objectNameRules } from "./object-names";
import { securityRules, securitySchema } from "./security";
import { smokeTestRules, smokeTestSchema } from "./smoke-test";
import { zoneLossRules } from "./zone-loss";
import { diskBudgetRules } from "./disk-budget";
import { metricsRules, metricsSchema } from "./metrics";
import { aclTargetRules, rotationRules, usersRules, usersSchema } from "./users";
import { imagesRules, imagesSchema } from "./images";
import { nodePlacementRules } from "./node-placement";

/** Top-level config keys (`<project>:<section>`), each an object or list. */
export const SECTIONS = ["platform", "storage", "kafka", "zookeeper", "topics", "manager", "autoscaling", "consumers", "security", "smokeTest", "metrics", "users", "images"] as const;
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
    metrics: metricsSchema,
    users: usersSchema,
    images: imagesSchema,
});

type Sections = z.output<typeof sectionsSchema>;


type Issue = (path: (string | number)[], message: string) => void;
/** Whether a problem has been reported at `path` (or around it): a value derived from it is unreliable. */
export type Broken = (path: readonly (string | number)[]) => boolean;

/** A config path a rule reads; "*" matches any list index or key. */
type Read = readonly string[];
const section = (...names: Section[]): Read[] => names.map((n) => [n]);

/**
 * A rule across sections, with what it reads: it is skipped while anything it reads has a
 * problem of its own, so one mistake yields one line (RF 1 is "at least 2", not also "min ISR
 * must be below RF" and "a zone loss leaves 0 replicas"). A rule that checks many items asks
 * `broken` about the one key an item's value comes from (a topic's inherited RF is
 * kafka.replicationFactor), so a mistake there is not restated per item.
 */
interface CrossRule {
    reads: readonly Read[];
    check(c: Sections, issue: Issue, broken: Broken): void;
}

const TOPIC_FIELDS: Read[] = [["topics", "*", "name"], ["topics", "*", "partitions"], ["topics", "*", "replicationFactor"], ["topics", "*", "config"]];

const CROSS_RULES: readonly CrossRule[] = [
    { reads: [...section("platform", "storage", "kafka"), ...TOPIC_FIELDS], check: coreRules },
    { reads: section("manager", "kafka"), check: managerRules },
    { reads: [["autoscaling", "keda"], ["platform", "kubernetesVersion"]], check: kedaRules },
    { reads: [["consumers"], ["topics", "*", "name"], ["kafka", "namespace"], ["security", "clientNamespaces"]], check: consumerRules },
    {
        reads: [["kafka", "namespace"], ["security", "clientNamespaces"], ["autoscaling", "keda"], ["autoscaling", "scalers"], ["users", "*", "namespace"], ["consumers", "*", "workload"]],
        check: clientNamespaceRules,
    },
    {
        reads: [["autoscaling"], ["consumers", "*", "group"], ["consumers", "*", "topic"], ["consumers", "*", "workload"], ["topics", "*", "name"], ["topics", "*", "partitions"], ["kafka", "namespace"], ["security", "clientNamespaces"]],
        check: scalerRules,
    },
    { reads: section("platform", "kafka", "zookeeper", "topics"), check: zoneLossRules },
    { reads: [...section("security", "manager", "zookeeper"), ["kafka", "mode"]], check: securityRules },
    { reads: [...section("users", "security"), ["kafka", "namespace"], ["kafka", "mode"], ["kafka", "version"], ["consumers", "*", "workload"], ["autoscaling", "scalers"]], check: usersRules },
    { reads: [["users"], ["topics", "*", "name"]], check: aclTargetRules },
    { reads: [...section("users", "security", "smokeTest", "manager", "autoscaling", "consumers", "metrics"), ["kafka", "name"], ["kafka", "namespace"], ["topics", "*", "name"]], check: rotationRules },
    { reads: section("smokeTest", "kafka", "topics"), check: smokeTestRules },
    { reads: section("platform", "kafka"), check: existingClusterRules },
    // Before capacity: a placement no node group can take is the cause, not a host count.
    { reads: [["platform"], ["kafka", "placement"]], check: nodePlacementRules },
    {
        reads: [["kafka", "mode"], ["kafka", "version"], ["kafka", "config"], ["topics", "*", "config"]],
        check: (c, issue) => kafkaKeyRules({ kafka: { ...c.kafka, version: c.kafka.version ?? defaultKafkaVersion(c.kafka.mode) }, topics: c.topics }, issue),
    },
    {
        // Of kafka.config it reads only offsets.topic.num.partitions: a typo elsewhere there must not hide a capacity problem.
        reads: [
            ...section("platform", "storage", "zookeeper", "manager", "consumers"),
            ...["mode", "version", "kraft", "brokers", "placement", "replicationFactor", "storageGiB", "resources", "controllerStorageGiB", "controllerResources"].map((f) => ["kafka", f]),
            ["kafka", "config", "offsets.topic.num.partitions"],
            ...TOPIC_FIELDS,
        ],
        check: (c, issue) => capacityRules(c, EBS_CSI_PROVISIONER, issue),
    },
    { reads: [...section("kafka", "zookeeper", "manager", "consumers", "autoscaling", "security", "smokeTest", "metrics", "users"), ["topics", "*", "name"], ["platform", "mode"]], check: objectNameRules },
    { reads: [...section("kafka", "smokeTest"), ...TOPIC_FIELDS], check: diskBudgetRules },
    { reads: [...section("metrics"), ["platform", "kubernetesVersion"]], check: metricsRules },
    { reads: [["images", "requireDigests"], ["metrics", "installStack"]], check: imagesRules },
];

/**
 * The Kafka namespace admits only the cluster's own pods: listing it would open the client port
 * to every pod there. KEDA's namespace is one the stack creates and locks down: an application's
 * namespace (which exists already) cannot be it.
 */
function clientNamespaceRules(c: Sections, issue: Issue): void {
    c.security.clientNamespaces.forEach((ns, i) => {
        if (ns === c.kafka.namespace) {
            issue(["security", "clientNamespaces", i], `is kafka.namespace, where only the cluster's own pods may reach the brokers (listing it would admit every pod there): remove it and run applications in namespaces of their own`);
        } else if (ns === "kube-system" || ns === "kube-public" || ns === "kube-node-lease") {
            // Users' Secrets and ScaledObjects go to listed namespaces: never into Kubernetes' own.
            issue(["security", "clientNamespaces", i], `is a namespace Kubernetes keeps for itself (${ns}): applications' Kafka users and scalers do not belong there; run them in a namespace of their own`);
        }
    });
    const keda = c.autoscaling.keda;
    const applications = new Set([
        ...c.users.map((u) => u.namespace),
        ...c.autoscaling.scalers.flatMap((x) => (x.namespace === undefined ? [] : [x.namespace])),
        ...c.consumers.flatMap((x) => (x.workload?.namespace === undefined ? [] : [x.workload.namespace])),
    ]);
    if (keda.install && applications.has(keda.namespace)) {
        issue(["autoscaling", "keda", "namespace"], `is ${keda.namespace}, an application's namespace (users, scalers or consumer workloads run there): the stack creates KEDA's namespace and denies other traffic there; keep KEDA in its own (the default keda)`);
    }
}

function coreRules(c: Sections, issue: Issue, broken: Broken): void {
    const k = c.kafka;

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
        issue(["kafka", "replicationFactor"], `must be at most kafka.brokers (${k.brokers}): each replica needs its own broker; lower it to ${k.brokers} or add brokers`);
    }
    if (k.minInsyncReplicas >= k.replicationFactor) {
        issue(["kafka", "minInsyncReplicas"], `must be below kafka.replicationFactor (${k.replicationFactor}) so one replica can be down without blocking acks=all writes`);
    }

    const names = new Map<string, string>();
    c.topics.forEach((t, i) => {
        const seen = names.get(collisionForm(t.name));
        if (seen === t.name) issue(["topics", i, "name"], "must be unique: the topic is declared twice");
        else if (seen !== undefined) issue(["topics", i, "name"], `collides with topic ${seen}: Kafka treats '.' and '_' alike in topic names and refuses the second`);
        if (seen === undefined) names.set(collisionForm(t.name), t.name);
        const rf = t.replicationFactor ?? k.replicationFactor;
        // Where each value comes from: an inherited one was judged (and maybe reported) on the cluster's key.
        const rfKey = t.replicationFactor === undefined ? ["kafka", "replicationFactor"] : ["topics", i, "replicationFactor"];
        const minIsrKey = t.config["min.insync.replicas"] === undefined ? ["kafka", "minInsyncReplicas"] : ["topics", i, "config", "min.insync.replicas"];
        if (rf > k.brokers && !broken(rfKey)) {
            issue(["topics", i, "replicationFactor"], `must be at most kafka.brokers (${k.brokers}): each replica needs its own broker; lower it to ${k.brokers} or add brokers`);
        }
        const minIsr = topicMinInsync(t.config, k.minInsyncReplicas);
        if (minIsr >= rf && !broken(rfKey) && !broken(minIsrKey)) {
            const where = t.config["min.insync.replicas"] === undefined ? ["topics", i, "replicationFactor"] : minIsrKey;
            issue(where, `min.insync.replicas (${minIsr}) must be below the topic's replication factor (${rf})`);
        }
    });
}

/** Whether a problem at `path` makes what `read` names unreliable (one is a prefix of the other). */
function overlaps(path: readonly PropertyKey[], read: Read): boolean {
    const n = Math.min(path.length, read.length);
    for (let i = 0; i < n; i++) if (read[i] !== "*" && read[i] !== String(path[i])) return false;
    return true;
}

function crossSectionRules(c: Sections, ctx: z.RefinementCtx<Sections>, unread: readonly Section[]): void {
    // An unknown key leaves the rest of its object intact; any other problem makes the value unreliable.
    const broken: (readonly PropertyKey[])[] = [...unread.map((s) => [s]), ...ctx.issues.filter((i) => i.code !== "unrecognized_keys").map((i) => i.path ?? [])];
    const isBroken: Broken = (path) => broken.some((p) => overlaps(p, path.map(String)));
    const reported = new Set<string>();
    const issue: Issue = (path, message) => {
        const key = path.join("\u0000");
        if (reported.has(key)) return;
        reported.add(key);
        // The value the rule judged, so a problem on a defaulted key can show the default.
        const effective = path.reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[k] : undefined), c);
        ctx.addIssue({ code: "custom", path, message, params: { effective } });
        // A later rule that reads this path would only restate the same mistake (e.g. 10000
        // partitions also overflow the disk budget): the table's order says which rule speaks.
        broken.push(path);
    };
    for (const rule of CROSS_RULES) {
        if (broken.some((p) => rule.reads.some((r) => overlaps(p, r)))) continue;
        rule.check(c, issue, isBroken);
    }
}

/**
 * The whole schema. `unread`: sections the stack file holds under a misspelt key (reported as
 * that): their defaults are not what the author wrote, so no rule judges them.
 */
export function stackSchemaFor(unread: readonly Section[] = []) {
    return sectionsSchema
        .superRefine((c, ctx) => crossSectionRules(c, ctx, unread), { when: () => true })
        .transform((c) => ({
            ...c,
            kafka: { ...c.kafka, version: c.kafka.version ?? defaultKafkaVersion(c.kafka.mode) },
            topics: c.topics.map((t) => ({ ...t, replicationFactor: t.replicationFactor ?? c.kafka.replicationFactor })),
            autoscaling: resolveAutoscaling(c.autoscaling, c.topics),
        }));
}

export const stackSchema = stackSchemaFor();

/** Validated configuration with every default resolved. */
export type StackConfig = z.output<typeof stackSchema>;
/** What a stack file may contain. */
export type StackConfigInput = z.input<typeof stackSchema>;
