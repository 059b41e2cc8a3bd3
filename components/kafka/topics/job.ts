/**
 * The Job that applies one topic spec inside the cluster with the brokers' own image and
 * apply-topic.sh. Its name carries a fingerprint of everything it runs (spec, script, image,
 * endpoint), so a change yields a new Job — a new run — and an unchanged spec re-runs nothing.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../../common/client";
import { CLIENT_PROPERTIES_SCRIPT, clientConfigParts, DEFAULT_CLIENT_PROPERTIES, withClientProperties } from "../../common/client-config";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../../common/pod";
import { ObjectMeta, topicMetadata } from "./configmap";
import { topicJobName } from "./names";
import { APPLY_TOPIC_SCRIPT_KEY } from "./script";
import { TopicSpec, shortHash, topicSpecJson } from "./spec";

export type JobSpec = pulumi.Unwrap<k8s.types.input.batch.v1.JobSpec>;
export type ResourceRequirements = pulumi.Unwrap<k8s.types.input.core.v1.ResourceRequirements>;

export interface JobManifest {
    apiVersion: "batch/v1";
    kind: "Job";
    metadata: ObjectMeta;
    spec: JobSpec;
}

/** uid of `appuser` in the apache/kafka image. */
export const KAFKA_IMAGE_UID = 1000;
export const APPLY_CONTAINER = "apply-topic";
const SCRIPT_DIR = "/opt/kafka-eks";
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
    const name = topicJobName(a.objectName, topicJobFingerprint(a));
    const client = clientConfigParts(a.client);
    const meta = topicMetadata(a.cluster, a.namespace, name, a.objectName, a.spec);
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            ...meta,
            annotations: {
                ...meta.annotations,
                // A Job that failed (cluster not ready, spec conflict fixed by hand) is replaced on
                // the next `pulumi up` instead of Pulumi waiting on the failed one again.
                "pulumi.com/replaceUnready": "true",
            },
        },
        spec: {
            backoffLimit: 2,
            // Bounds a hung run; Pulumi's own wait (customTimeouts in KafkaTopic) is longer.
            activeDeadlineSeconds: a.waitSeconds + 300,
            // ttlSecondsAfterFinished is deliberately unset: Kubernetes would delete the finished
            // Job and Pulumi would then see its resource vanish and recreate it on every refresh.
            podFailurePolicy: {
                rules: [{ action: "FailJob", onExitCodes: { containerName: APPLY_CONTAINER, operator: "In", values: PERMANENT_EXIT_CODES } }],
            },
            template: {
                metadata: { labels: meta.labels, annotations: meta.annotations },
                spec: {
                    restartPolicy: "Never",
                    enableServiceLinks: false,
                    automountServiceAccountToken: false,
                    securityContext: plain(restrictedPodSecurity(KAFKA_IMAGE_UID)),
                    containers: [
                        {
                            name: APPLY_CONTAINER,
                            image: a.image,
                            command: withClientProperties(`${SCRIPT_DIR}/${CLIENT_PROPERTIES_SCRIPT}`, ["bash", `${SCRIPT_DIR}/${APPLY_TOPIC_SCRIPT_KEY}`]),
                            args: applyTopicArgs(a.spec, a.bootstrapServers, a.waitSeconds),
                            env: [
                                ...client.env,
                                { name: "KAFKA_HEAP_OPTS", value: HEAP_OPTS },
                                // kafka-run-class.sh creates LOG_DIR; the root filesystem is read-only.
                                { name: "LOG_DIR", value: "/tmp/kafka-logs" },
                            ],
                            resources: a.resources,
                            securityContext: plain(restrictedContainerSecurity(true)),
                            volumeMounts: [
                                { name: "script", mountPath: SCRIPT_DIR, readOnly: true },
                                { name: "tmp", mountPath: "/tmp" },
                                ...client.volumeMounts,
                            ],
                        },
                    ],
                    volumes: [
                        {
                            name: "script",
                            configMap: {
                                name: a.objectName,
                                items: [APPLY_TOPIC_SCRIPT_KEY, CLIENT_PROPERTIES_SCRIPT].map((key) => ({ key, path: key })),
                                defaultMode: 0o444,
                            },
                        },
                        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                        ...client.volumes,
                    ],
                },
            },
        },
    };
}

/**
 * The common/pod.ts helpers build plain literals but type them as Pulumi Inputs; this states
 * what they are so the manifest stays a plain, directly testable object.
 */
function plain<T>(v: T): pulumi.Unwrap<T> {
    return v as pulumi.Unwrap<T>;
}
