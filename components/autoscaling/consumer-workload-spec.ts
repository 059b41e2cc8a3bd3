/**
 * The example consumer Deployment as data. spec.replicas is deliberately absent: KEDA's HPA owns
 * the replica count, and a value here would make every `pulumi up` fight the autoscaler.
 */
import type * as k8s from "../common/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { clientConfigParts, withInlineClientProperties } from "../common/client-config";
import { kafkaImage } from "../common/images";
import { labels, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import { consumerScript } from "./consumer-script";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type Deployment = k8s.types.input.apps.v1.Deployment;

/** apache/kafka runs as appuser, uid 1000. */
export const CONSUMER_UID = 1000;

export interface ConsumerWorkloadInput {
    /** Deployment name. */
    name: string;
    /** Kafka cluster name (labels). */
    cluster: string;
    client: KafkaClientSettings;
    topic: string;
    group: string;
    /** The brokers' Kafka version: the pod runs its apache/kafka image, with that version's console-consumer flags. */
    kafkaVersion: string;
    /** Simulated processing time per record, milliseconds. */
    processingDelayMs: number;
    resources: { cpu: string; memoryMiB: number; heapMiB: number };
}

/** Env of the consumer container: the shared client-properties env (paths, never credentials) plus its own. */
export function consumerEnv(w: ConsumerWorkloadInput): EnvVar[] {
    return [
        ...clientConfigParts(w.client).env,
        { name: "BOOTSTRAP_SERVERS", value: w.client.bootstrapServers as pulumi.Input<string> },
        { name: "TOPIC", value: w.topic },
        { name: "GROUP", value: w.group },
        { name: "PROCESSING_DELAY", value: String(w.processingDelayMs / 1000) },
        { name: "KAFKA_HEAP_OPTS", value: `-Xms${w.resources.heapMiB}m -Xmx${w.resources.heapMiB}m` },
        // kafka-run-class.sh creates $LOG_DIR; the root filesystem is read-only.
        { name: "LOG_DIR", value: "/tmp/logs" },
    ];
}

export function consumerDeployment(w: ConsumerWorkloadInput): Deployment & { metadata: { name: string; namespace: string } } {
    const podLabels = labels(w.cluster, "consumer-scaler", w.name);
    const client = clientConfigParts(w.client);
    const mounts: k8s.types.input.core.v1.VolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }, ...client.volumeMounts];
    const volumes: k8s.types.input.core.v1.Volume[] = [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }, ...client.volumes];
    const memory = `${w.resources.memoryMiB}Mi`;
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: w.name, namespace: w.client.namespace, labels: podLabels },
        spec: {
            // No `replicas`: the HPA created by the ScaledObject owns it.
            selector: { matchLabels: selectorLabels(w.cluster, "consumer-scaler", w.name) },
            template: {
                metadata: { labels: podLabels },
                spec: {
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    terminationGracePeriodSeconds: 30,
                    securityContext: restrictedPodSecurity(CONSUMER_UID),
                    containers: [
                        {
                            name: "consumer",
                            image: kafkaImage(w.kafkaVersion),
                            command: withInlineClientProperties(["/bin/sh", "-c", consumerScript(w.kafkaVersion)]),
                            env: consumerEnv(w),
                            resources: { requests: { cpu: w.resources.cpu, memory }, limits: { memory } },
                            securityContext: restrictedContainerSecurity(true),
                            volumeMounts: mounts,
                        },
                    ],
                    volumes,
                },
            },
        },
    };
}
