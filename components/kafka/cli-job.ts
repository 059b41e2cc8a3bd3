/**
 * A Job that runs one shipped script with the Kafka CLI tools of the brokers' image, as a
 * client of the cluster: the topic apply Jobs and the smoke test. One builder, so both get
 * the same client.properties wrapper, restricted pod, failure policy and Pulumi handling.
 */
import type * as k8s from "../common/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { CLIENT_PROPERTIES_SCRIPT, clientConfigParts, withClientProperties } from "../common/client-config";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";

export type JobSpec = pulumi.Unwrap<k8s.types.input.batch.v1.JobSpec>;
export type ResourceRequirements = pulumi.Unwrap<k8s.types.input.core.v1.ResourceRequirements>;
type EnvVar = pulumi.Unwrap<k8s.types.input.core.v1.EnvVar>;
type Volume = pulumi.Unwrap<k8s.types.input.core.v1.Volume>;
type VolumeMount = pulumi.Unwrap<k8s.types.input.core.v1.VolumeMount>;

/** uid of `appuser` in the apache/kafka image. */
export const KAFKA_IMAGE_UID = 1000;
/** Where the ConfigMap's scripts are mounted. */
export const CLI_SCRIPT_DIR = "/opt/kafka-eks";

/** Metadata of the Job (and of the ConfigMap it mounts). */
export interface JobMetadata {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations?: Record<string, string>;
}

export interface CliJobManifest {
    apiVersion: "batch/v1";
    kind: "Job";
    metadata: JobMetadata & { annotations: Record<string, string> };
    spec: JobSpec;
}

export interface CliJobArgs {
    metadata: JobMetadata;
    /** Container name (the failure policy refers to it). */
    container: string;
    /** apache/kafka image, the brokers' version. */
    image: string;
    /** ConfigMap holding `script` and the shared client-properties.sh. */
    configMap: string;
    /** Key of the script to run in the ConfigMap. */
    script: string;
    /** Keys of further scripts in the ConfigMap that `script` sources, mounted beside it. Default none. */
    libraries?: string[];
    args: string[];
    /** Writes /tmp/client.properties for these settings before the script runs. Default: no wrapper (the script logs in by itself). */
    client?: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    /** KAFKA_HEAP_OPTS for the CLI tools' JVM. */
    heapOpts: string;
    resources: ResourceRequirements;
    /** Extra environment. Default none. */
    env?: EnvVar[];
    /** Extra pod volumes and container mounts. Default none. */
    volumes?: Volume[];
    volumeMounts?: VolumeMount[];
    /** Retries for transient failures (a node drained under the pod). */
    backoffLimit: number;
    activeDeadlineSeconds: number;
    /** Exit codes of `script` a retry cannot fix: they fail the Job at once. */
    permanentExitCodes: number[];
}

/** pod.ts builds plain literals typed as Pulumi Inputs; this states what they are. */
function plain<T>(v: T): pulumi.Unwrap<T> {
    return v as pulumi.Unwrap<T>;
}

export function kafkaCliJob(a: CliJobArgs): CliJobManifest {
    const client = a.client ? clientConfigParts(a.client) : { env: [], volumes: [], volumeMounts: [] };
    const script = ["bash", `${CLI_SCRIPT_DIR}/${a.script}`];
    return {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
            ...a.metadata,
            // A failed Job is replaced on the next `pulumi up` instead of Pulumi waiting on it again.
            annotations: { ...a.metadata.annotations, "pulumi.com/replaceUnready": "true" },
        },
        spec: {
            backoffLimit: a.backoffLimit,
            activeDeadlineSeconds: a.activeDeadlineSeconds,
            // No ttlSecondsAfterFinished: Kubernetes would delete the finished Job and Pulumi
            // would see it vanish and recreate it on every refresh.
            podFailurePolicy: {
                rules: [{ action: "FailJob", onExitCodes: { containerName: a.container, operator: "In", values: a.permanentExitCodes } }],
            },
            template: {
                metadata: { labels: a.metadata.labels, annotations: a.metadata.annotations },
                spec: {
                    restartPolicy: "Never",
                    enableServiceLinks: false,
                    automountServiceAccountToken: false,
                    securityContext: plain(restrictedPodSecurity(KAFKA_IMAGE_UID)),
                    containers: [
                        {
                            name: a.container,
                            image: a.image,
                            command: a.client ? withClientProperties(`${CLI_SCRIPT_DIR}/${CLIENT_PROPERTIES_SCRIPT}`, script) : script,
                            args: a.args,
                            env: [
                                ...client.env,
                                ...(a.env ?? []),
                                { name: "KAFKA_HEAP_OPTS", value: a.heapOpts },
                                // kafka-run-class.sh creates LOG_DIR; the root filesystem is read-only.
                                { name: "LOG_DIR", value: "/tmp/kafka-logs" },
                            ],
                            resources: a.resources,
                            securityContext: plain(restrictedContainerSecurity(true)),
                            volumeMounts: [{ name: "scripts", mountPath: CLI_SCRIPT_DIR, readOnly: true }, { name: "tmp", mountPath: "/tmp" }, ...client.volumeMounts, ...(a.volumeMounts ?? [])],
                        },
                    ],
                    volumes: [
                        {
                            name: "scripts",
                            configMap: { name: a.configMap, items: [a.script, ...(a.libraries ?? []), ...(a.client ? [CLIENT_PROPERTIES_SCRIPT] : [])].map((key) => ({ key, path: key })), defaultMode: 0o444 },
                        },
                        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                        ...client.volumes,
                        ...(a.volumes ?? []),
                    ],
                },
            },
        },
    };
}
