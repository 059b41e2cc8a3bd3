/**
 * The Job that applies one topic spec inside the cluster with the brokers' own image and
 * apply-topic.sh. Its name carries a fingerprint of everything it runs (spec, script, image,
 * endpoint), so a change yields a new Job — a new run — and an unchanged spec re-runs nothing.
 */
import type { KafkaClientSettings } from "../../common/client";
import { clientConfigParts, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { CliJobManifest, kafkaCliJob, ResourceRequirements } from "../cli-job";
import { topicMetadata } from "./configmap";
import { topicJobName } from "./names";
import { APPLY_TOPIC_SCRIPT_KEY } from "./script";
import { TopicSpec, shortHash, topicSpecJson } from "./spec";

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
    /** Name of the topic's ConfigMap (holds the script); stem of the Job name. */
    objectName: string;
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

/** Fingerprint of everything the Job runs; part of its name. */
export function topicJobFingerprint(
    a: Pick<TopicJobArgs, "spec" | "script" | "clientScript" | "image" | "bootstrapServers" | "client" | "waitSeconds" | "resources">,
): string {
    return shortHash(
        JSON.stringify([topicSpecJson(a.spec), shortHash(a.script, 64), shortHash(a.clientScript, 64), a.image, a.bootstrapServers, clientConfigParts(a.client), a.waitSeconds, a.resources]),
        64,
    );
}

export function topicJob(a: TopicJobArgs): JobManifest {
    const meta = topicMetadata(a.cluster, a.namespace, topicJobName(a.objectName, topicJobFingerprint(a)), a.objectName, a.spec);
    return kafkaCliJob({
        metadata: meta,
        container: APPLY_CONTAINER,
        image: a.image,
        configMap: a.objectName,
        script: APPLY_TOPIC_SCRIPT_KEY,
        args: applyTopicArgs(a.spec, a.bootstrapServers, a.waitSeconds),
        client: a.client,
        heapOpts: HEAP_OPTS,
        resources: a.resources,
        backoffLimit: 2,
        // Bounds a hung run; Pulumi's own wait (customTimeouts in KafkaTopic) is longer.
        activeDeadlineSeconds: a.waitSeconds + 300,
        permanentExitCodes: PERMANENT_EXIT_CODES,
    });
}
