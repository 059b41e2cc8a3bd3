/**
 * The Job that applies one topic spec inside the cluster with the brokers' own image and
 * apply-topic.sh. It is the topic's only object: its name carries a fingerprint of everything it
 * runs (spec, scripts, image, endpoint), so a change yields a new Job — a new run — and an
 * unchanged spec re-runs nothing; its `kafka-eks/topic-spec` annotation holds the normalised spec
 * the policy pack checks.
 */
import type { KafkaClientSettings } from "../../common/client";
import { clientConfigParts, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { labels } from "../../common/labels";
import { CliJobManifest, kafkaCliJob, ResourceRequirements } from "../cli-job";
import { topicJobName } from "./names";
import { APPLY_TOPIC_SCRIPT_KEY } from "./script";
import { TopicSpec, shortHash, topicSpecJson } from "./spec";

/** Annotations on every topic Job; the policy pack keys on them (policy/lib/contract.ts has a copy of `spec`). */
export const TOPIC_ANNOTATIONS = {
    /** Exact Kafka topic name (object names are slugged). */
    topic: "kafka-eks/topic",
    /** The normalised spec as JSON (topicSpecJson): what the policy pack reads, readable on the Job itself. */
    spec: "kafka-eks/topic-spec",
    /** sha256 of the spec annotation. */
    specSha256: "kafka-eks/spec-sha256",
} as const;

export type { ResourceRequirements } from "../cli-job";

export type JobManifest = CliJobManifest;

export const APPLY_CONTAINER = "apply-topic";
/** Exit codes of apply-topic.sh that a retry cannot fix (bad arguments, spec conflicts with the live topic). */
export const PERMANENT_EXIT_CODES = [2, 3];

/** Small JVM for two CLI calls; memory request = limit so the pod is never the first evicted mid-apply. */
export const DEFAULT_TOPIC_JOB_RESOURCES: ResourceRequirements = {
    requests: { cpu: "100m", memory: "512Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
};
const HEAP_OPTS = "-Xms64m -Xmx256m";

export interface TopicJobArgs {
    /** Kafka cluster name (`part-of` label). */
    cluster: string;
    namespace: string;
    /** `topicObjectName`: stem of the Job name and its `instance` label. */
    objectName: string;
    /** Name of the ConfigMap holding apply-topic.sh and client-properties.sh, shared by every topic Job. */
    configMap: string;
    spec: TopicSpec;
    /** Content of apply-topic.sh, fingerprinted so a script fix re-runs the Job. */
    script: string;
    /** Content of the shared client-properties.sh wrapper (fingerprinted too). */
    clientScript: string;
    /** apache/kafka image, same version as the brokers. */
    image: string;
    /** `host:port[,host:port]`, resolved from KafkaClientSettings. */
    bootstrapServers: string;
    /** Listener security: protocol, SASL user Secret, CA Secret (from KafkaClientSettings). */
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    /** Seconds apply-topic.sh waits for the cluster. */
    waitSeconds: number;
    resources: ResourceRequirements;
}

/**
 * Arguments of apply-topic.sh: the spec itself, so the Job object is readable on its own, and the
 * client.properties the shared wrapper writes before it (every security protocol, PLAINTEXT too).
 */
export function applyTopicArgs(spec: TopicSpec, bootstrapServers: string, waitSeconds: number, commandConfig = DEFAULT_CLIENT_PROPERTIES): string[] {
    const args = [
        "--bootstrap-server", bootstrapServers,
        "--command-config", commandConfig,
        "--topic", spec.name,
        "--partitions", String(spec.partitions),
        "--replication-factor", String(spec.replicationFactor),
    ];
    for (const [k, v] of Object.entries(spec.config)) args.push("--config", `${k}=${v}`);
    args.push("--wait-seconds", String(waitSeconds));
    return args;
}

/**
 * Fingerprint of everything the Job runs; part of its name. The ConfigMap it mounts is part of it,
 * so Jobs of stacks from before the shared scripts ConfigMap get new names (new objects) rather
 * than clash with the old same-named Jobs their old components still own during the upgrade.
 */
export function topicJobFingerprint(
    a: Pick<TopicJobArgs, "spec" | "configMap" | "script" | "clientScript" | "image" | "bootstrapServers" | "client" | "waitSeconds" | "resources">,
): string {
    return shortHash(
        JSON.stringify([topicSpecJson(a.spec), a.configMap, shortHash(a.script, 64), shortHash(a.clientScript, 64), a.image, a.bootstrapServers, clientConfigParts(a.client), a.waitSeconds, a.resources]),
        64,
    );
}

export function topicJob(a: TopicJobArgs): JobManifest {
    const specJson = topicSpecJson(a.spec);
    // The pod carries the topic's name and the spec's hash; the Job alone carries the whole spec.
    const annotations = { [TOPIC_ANNOTATIONS.topic]: a.spec.name, [TOPIC_ANNOTATIONS.specSha256]: shortHash(specJson, 64) };
    const job = kafkaCliJob({
        metadata: { name: topicJobName(a.objectName, topicJobFingerprint(a)), namespace: a.namespace, labels: labels(a.cluster, "kafka-topic", a.objectName), annotations },
        container: APPLY_CONTAINER,
        image: a.image,
        configMap: a.configMap,
        script: APPLY_TOPIC_SCRIPT_KEY,
        args: applyTopicArgs(a.spec, a.bootstrapServers, a.waitSeconds),
        client: a.client,
        heapOpts: HEAP_OPTS,
        resources: a.resources,
        backoffLimit: 2,
        // Bounds a hung run; Pulumi's own wait (customTimeouts in KafkaTopics) is longer.
        activeDeadlineSeconds: a.waitSeconds + 300,
        permanentExitCodes: PERMANENT_EXIT_CODES,
    });
    return { ...job, metadata: { ...job.metadata, annotations: { ...job.metadata.annotations, [TOPIC_ANNOTATIONS.spec]: specJson } } };
}
