/**
 * Config sections `autoscaling` (the KEDA operator and the consumer scalers) and `consumers`
 * (the consumer groups the stack knows about, optionally with an example consumer Deployment).
 */
import { z } from "zod";
import { KEDA_CHART, kedaSupportsKubernetes } from "../autoscaling/keda-chart-spec";
import { SCALER_DEFAULTS, ScalingDirection, scalerViolations } from "../autoscaling/scaler-settings";
import { dnsLabel, jvmResources } from "./fields";
import { topicSchema } from "./kafka";
import { closest, didYouMean } from "./suggest";

const topicName = topicSchema.shape.name;
const groupName = z.string().regex(/^[a-zA-Z0-9._-]{1,249}$/, "must be 1-249 characters of letters, digits, '.', '_' or '-'");

/**
 * The largest value of the ScaledObject and HPA fields below: each is an int32 (the ScaledObject
 * CRD's `format: int32`, upstream/keda/keda.sh_scaledobjects.yaml; autoscaling/v2 HPAScalingPolicy
 * value); a bigger one is accepted by JavaScript and refused by the API server or KEDA.
 */
const INT32_MAX = 2 ** 31 - 1;
const int32 = () => z.int().max(INT32_MAX);

const direction = (d: ScalingDirection) =>
    z
        .strictObject({
            stabilizationWindowSeconds: z.int().min(0).max(3600).default(d.stabilizationWindowSeconds).describe("HPA stabilization window, seconds (0-3600)."),
            podsPerPeriod: int32().min(1).default(d.podsPerPeriod).describe("At most this many pods changed per period."),
            periodSeconds: z.int().min(1).max(1800).default(d.periodSeconds).describe("Period length, seconds (1-1800)."),
        })
        .prefault({});

const D = SCALER_DEFAULTS;

export const scalerSchema = z.strictObject({
    name: dnsLabel.describe("ScaledObject name, at most 54 characters unless hpaName is set."),
    deployment: dnsLabel.describe("Name of the Deployment to scale, in `namespace`."),
    namespace: dnsLabel
        .optional()
        .describe(
            "Namespace of the Deployment (a team's own); the ScaledObject, its TriggerAuthentication and the Secret of the namespace's KEDA user `keda-<namespace>` (DESCRIBE on the lag of this namespace's scalers only) go there too. Default kafka.namespace; another must be listed in security.clientNamespaces.",
        ),
    topic: topicName.describe("Topic whose lag drives scaling; must be declared in `topics`."),
    consumerGroup: groupName.describe("Consumer group whose lag is measured; must be declared in `consumers` for this topic."),
    lagThreshold: z.int().min(1).default(D.lagThreshold).describe("Target lag per replica. Default 10."),
    activationLagThreshold: z.int().min(0).default(D.activationLagThreshold).describe("Lag that wakes a scaled-to-zero consumer. Default 0."),
    minReplicaCount: int32().min(0).default(D.minReplicaCount).describe("Fewest replicas (0 = scale to zero). Default 0."),
    maxReplicaCount: int32().min(1).optional().describe("Most replicas. Default: the topic's partition count."),
    pollingInterval: int32().min(1).default(D.pollingInterval).describe("Seconds between lag checks. Default 30."),
    cooldownPeriod: int32().min(0).default(D.cooldownPeriod).describe("Seconds before scaling to zero after the last activity. Default 300."),
    offsetResetPolicy: z.enum(["latest", "earliest"]).default(D.offsetResetPolicy).describe("`latest` or `earliest`. Default latest."),
    allowIdleConsumers: z.boolean().default(D.allowIdleConsumers).describe("Allow replicas beyond the partition count. Default false."),
    limitToPartitionsWithLag: z.boolean().default(D.limitToPartitionsWithLag).describe("Cap replicas at the partitions that have lag. Default false."),
    scaleToZeroOnInvalidOffset: z.boolean().default(D.scaleToZeroOnInvalidOffset).describe("Report lag 0 instead of 1 for partitions without a committed offset. Default false."),
    excludePersistentLag: z.boolean().default(D.excludePersistentLag).describe("Ignore partitions whose lag never moves. Default false."),
    fallback: z
        .strictObject({
            failureThreshold: int32().min(1).default(3).describe("Consecutive scaler failures before the fallback replica count applies. Default 3."),
            replicas: int32().min(0).describe("Replicas to hold while the scaler keeps failing."),
        })
        .optional().describe("Replicas held while the scaler cannot read lag. Default none (KEDA keeps the current count)."),
    hpaName: dnsLabel.optional().describe("Name of the HPA KEDA creates. Default keda-hpa-<name>."),
    behavior: z
        .strictObject({
            scaleUp: direction(D.behavior.scaleUp),
            scaleDown: direction(D.behavior.scaleDown),
        })
        .prefault({}).describe("HPA behaviour; the defaults batch scale-up and slow down scale-down (rebalance storms)."),
});

export const autoscalingSchema = z
    .strictObject({
        keda: z
            .strictObject({
                install: z.boolean().default(true).describe("Install the KEDA operator (chart kedacore/keda, pinned). false: KEDA is already in the cluster. Default true."),
                namespace: dnsLabel.default("keda").describe("Namespace of the operator. Default \"keda\"."),
            })
            .prefault({}),
        scalers: z.array(scalerSchema).default([]).describe("Consumer scalers (KEDA ScaledObjects). Default none."),
    })
    .prefault({});

export const consumerSchema = z.strictObject({
    group: groupName.describe("Consumer group id."),
    topic: topicName.describe("Topic the group consumes; must be declared in `topics`."),
    lagAlertThreshold: z.int().min(1).optional().describe("Alert (KafkaConsumerGroupLag) when the group's total lag on the topic stays above this many records for 10 minutes. Default none: no lag alert."),
    workload: z
        .strictObject({
            name: dnsLabel.describe("Deployment name."),
            namespace: dnsLabel.optional().describe("Namespace the Deployment and its user's Secret go to. Default kafka.namespace; another must be listed in security.clientNamespaces."),
            processingDelayMs: z.int().min(0).max(60000).default(100).describe("Simulated processing time per record, milliseconds, so lag builds up and scaling shows. Default 100."),
            resources: jvmResources({ cpu: "100m", memoryMiB: 512, heapMiB: 256 }),
        })
        .optional().describe("An example consumer Deployment run by this stack (kafka-console-consumer). Default none: the team runs its own."),
});

export const consumersSchema = z.array(consumerSchema).default([]);

export type AutoscalingConfig = z.output<typeof autoscalingSchema>;
export type ScalerConfig = z.output<typeof scalerSchema>;
export type ConsumerConfig = z.output<typeof consumerSchema>;
/** A scaler with maxReplicaCount resolved (default: the topic's partitions). */
export type ResolvedScalerConfig = ScalerConfig & { maxReplicaCount: number };
export type ResolvedAutoscalingConfig = Omit<AutoscalingConfig, "scalers"> & { scalers: ResolvedScalerConfig[] };

interface TopicRef {
    name: string;
    partitions: number;
}

type Issue = (path: (string | number)[], message: string) => void;

function partitionsOf(topics: readonly TopicRef[], topic: string): number | undefined {
    return topics.find((t) => t.name === topic)?.partitions;
}

/** maxReplicaCount defaults to the topic's partition count (one consumer per partition). */
export function resolveAutoscaling(a: AutoscalingConfig, topics: readonly TopicRef[]): ResolvedAutoscalingConfig {
    return { ...a, scalers: a.scalers.map((s) => ({ ...s, maxReplicaCount: s.maxReplicaCount ?? partitionsOf(topics, s.topic) ?? 1 })) };
}

/** The KEDA chart the stack installs must support the cluster's Kubernetes version. */
export function kedaRules(c: { autoscaling: AutoscalingConfig; platform: { mode: string; kubernetesVersion?: string } }, issue: Issue): void {
    const k8sVersion = c.platform.kubernetesVersion;
    if (c.autoscaling.keda.install && k8sVersion !== undefined && !kedaSupportsKubernetes(k8sVersion)) {
        const { min, max } = KEDA_CHART.kubernetes;
        issue(["platform", "kubernetesVersion"], `KEDA ${KEDA_CHART.version} (autoscaling.keda.install) supports Kubernetes ${min}-${max}; pin a version in that range or install a KEDA release that supports it`);
    }
}

/** Where a client runs: outside the Kafka namespace it reaches the brokers only from a listed namespace (NetworkPolicy). */
interface ClientNamespaces {
    kafka: { namespace: string };
    security: { clientNamespaces: readonly string[] };
}
const unlistedIn = (c: ClientNamespaces) => (ns: string | undefined) => ns !== undefined && ns !== c.kafka.namespace && !c.security.clientNamespaces.includes(ns);
const listHint = (ns: string) => `${ns} is not listed in security.clientNamespaces, so its pods could not reach the brokers: add it to security.clientNamespaces`;

function topicList(topics: readonly TopicRef[]): string {
    return topics.length > 0 ? topics.map((t) => t.name).join(", ") : "none";
}

/** Consumer groups name declared topics, once per topic; example workloads have distinct names. */
export function consumerRules(c: { consumers: readonly ConsumerConfig[]; topics: readonly TopicRef[] } & ClientNamespaces, issue: Issue): void {
    const unlisted = unlistedIn(c);
    const declaredTopics = c.topics.map((t) => t.name);
    const pairs = new Set<string>();
    const workloads = new Set<string>();
    c.consumers.forEach((g, i) => {
        if (!declaredTopics.includes(g.topic)) issue(["consumers", i, "topic"], `must name a topic declared in topics (declared: ${topicList(c.topics)})${didYouMean(g.topic, declaredTopics)}`);
        const pair = `${g.group}\u0000${g.topic}`;
        if (pairs.has(pair)) issue(["consumers", i, "group"], `must be unique per topic: group ${g.group} is declared twice for topic ${g.topic}`);
        pairs.add(pair);
        if (g.workload !== undefined) {
            if (unlisted(g.workload.namespace)) issue(["consumers", i, "workload", "namespace"], listHint(g.workload.namespace!));
            if (workloads.has(g.workload.name)) issue(["consumers", i, "workload", "name"], "must be unique: two consumer workloads share this Deployment name");
            workloads.add(g.workload.name);
        }
    });
}

/**
 * Scalers name a declared topic and a consumer group declared for it, one per Deployment. Its
 * table row reads consumers' groups and topics: a consumer entry that is itself wrong is one
 * mistake, reported there, not again by the scaler built on it.
 */
export function scalerRules(c: { autoscaling: AutoscalingConfig; consumers: readonly ConsumerConfig[]; topics: readonly TopicRef[] } & ClientNamespaces, issue: Issue): void {
    const unlisted = unlistedIn(c);
    const declaredTopics = c.topics.map((t) => t.name);
    const groupList = [...new Set(c.consumers.map((g) => g.group))].join(", ") || "none";
    const names = new Set<string>();
    const targets = new Set<string>();
    const examplesIn = (ns: string) => c.consumers.flatMap((g) => (g.workload !== undefined && (g.workload.namespace ?? c.kafka.namespace) === ns ? [g.workload.name] : []));
    c.autoscaling.scalers.forEach((s, i) => {
        const at = (...rest: (string | number)[]) => ["autoscaling", "scalers", i, ...rest];
        if (names.has(s.name)) issue(at("name"), "must be unique: two scalers share this ScaledObject name");
        names.add(s.name);
        const namespace = s.namespace ?? c.kafka.namespace;
        if (unlisted(s.namespace)) issue(at("namespace"), listHint(namespace));
        const target = `${namespace}/${s.deployment}`;
        if (targets.has(target)) issue(at("deployment"), "is already scaled by another scaler: one ScaledObject per Deployment (two HPAs would fight)");
        targets.add(target);
        // A scaler on an undeclared group rests on a broken reference: that is its one line (below).
        const groupDeclared = c.consumers.some((g) => g.group === s.consumerGroup);
        // The stack's own example consumer runs where its workload entry says; the scaler must be there too.
        const example = c.consumers.findIndex((g) => g.workload?.name === s.deployment);
        const exampleNamespace = example < 0 ? undefined : (c.consumers[example].workload!.namespace ?? c.kafka.namespace);
        if (exampleNamespace !== undefined && exampleNamespace !== namespace) {
            issue(at("namespace"), `is ${namespace}, but the Deployment ${s.deployment} is the example consumer of consumers[${example}].workload, which runs in ${exampleNamespace}: set the same namespace in both`);
        } else if (exampleNamespace === undefined && namespace === c.kafka.namespace && groupDeclared) {
            // The NetworkPolicy admits only the cluster's own pods from the Kafka namespace. A
            // Deployment name close to an example consumer's there is a typo, not a team's workload.
            const meant = closest(s.deployment, examplesIn(namespace));
            if (meant !== undefined) issue(at("deployment"), `names no Deployment of this stack in ${namespace} (did you mean ${meant}, the example consumer?)`);
            else {
                issue(
                    at("namespace"),
                    `is kafka.namespace (${c.kafka.namespace}), which holds only the cluster: run ${s.deployment} in the team's own namespace, set autoscaling.scalers[${i}].namespace to it and list it in security.clientNamespaces`,
                );
            }
        }

        const partitions = partitionsOf(c.topics, s.topic);
        if (partitions === undefined) issue(at("topic"), `must name a topic declared in topics (declared: ${topicList(c.topics)})${didYouMean(s.topic, declaredTopics)}`);
        const group = c.consumers.filter((g) => g.group === s.consumerGroup);
        if (group.length === 0) {
            issue(at("consumerGroup"), `must name a consumer group declared in consumers (declared: ${groupList})`);
        } else if (partitions !== undefined && !group.some((g) => g.topic === s.topic)) {
            issue(at("consumerGroup"), `is declared in consumers for topic ${group.map((g) => g.topic).join(", ")}, not for ${s.topic}`);
        }

        const maxReplicaCount = s.maxReplicaCount ?? partitions ?? 1;
        for (const v of scalerViolations({ ...s, maxReplicaCount, topicPartitions: partitions })) issue(at(v.field), v.message);
    });
}
