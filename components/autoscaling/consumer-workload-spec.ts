/**
 * The example consumer Deployment as data. spec.replicas is deliberately absent: KEDA's HPA owns
 * the replica count, and a value here would make every `pulumi up` fight the autoscaler.
 */
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { labels, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import { CONSUMER_SCRIPT } from "./consumer-script";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type Deployment = k8s.types.input.apps.v1.Deployment;

/** apache/kafka runs as appuser, uid 1000. */
export const CONSUMER_UID = 1000;
const CA_DIR = "/etc/kafka-ca";

export interface ConsumerWorkloadInput {
    /** Deployment name. */
    name: string;
    /** Kafka cluster name (labels). */
    cluster: string;
    client: KafkaClientSettings;
    topic: string;
    group: string;
    /** apache/kafka image, pinned. */
    image: string;
    /** Simulated processing time per record, milliseconds. */
    processingDelayMs: number;
    resources: { cpu: string; memoryMiB: number; heapMiB: number };
}

function secretEnv(name: string, secretName: string, key: string): EnvVar {
    return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export function consumerEnv(w: ConsumerWorkloadInput): EnvVar[] {
    const env: EnvVar[] = [
        { name: "BOOTSTRAP_SERVERS", value: w.client.bootstrapServers as pulumi.Input<string> },
        { name: "SECURITY_PROTOCOL", value: w.client.securityProtocol },
        { name: "TOPIC", value: w.topic },
        { name: "GROUP", value: w.group },
        { name: "PROCESSING_DELAY", value: String(w.processingDelayMs / 1000) },
        { name: "KAFKA_HEAP_OPTS", value: `-Xms${w.resources.heapMiB}m -Xmx${w.resources.heapMiB}m` },
        // kafka-run-class.sh creates $LOG_DIR; the root filesystem is read-only.
        { name: "LOG_DIR", value: "/tmp/logs" },
    ];
    if (w.client.sasl !== undefined) {
        env.push({ name: "SASL_MECHANISM", value: w.client.sasl.mechanism });
        env.push(secretEnv("CLIENT_SASL_USERNAME", w.client.sasl.secretName, w.client.sasl.usernameKey));
        env.push(secretEnv("CLIENT_SASL_PASSWORD", w.client.sasl.secretName, w.client.sasl.passwordKey));
    }
    if (w.client.tls !== undefined) env.push({ name: "CA_FILE", value: `${CA_DIR}/${w.client.tls.caKey}` });
    return env;
}

export function consumerDeployment(w: ConsumerWorkloadInput): Deployment & { metadata: { name: string; namespace: string } } {
    const podLabels = labels(w.cluster, "consumer-scaler", w.name);
    const mounts: k8s.types.input.core.v1.VolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
    const volumes: k8s.types.input.core.v1.Volume[] = [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }];
    if (w.client.tls !== undefined) {
        mounts.push({ name: "kafka-ca", mountPath: CA_DIR, readOnly: true });
        volumes.push({ name: "kafka-ca", secret: { secretName: w.client.tls.caSecretName } });
    }
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
                            image: w.image,
                            command: ["/bin/sh", "-c", CONSUMER_SCRIPT],
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
