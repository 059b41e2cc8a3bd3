/**
 * Kubernetes and AWS objects as the engine sees them (type token + inputs), built directly —
 * not through the components — so the tests prove the pack judges deployed objects.
 */
import type { Fixture } from "./fixtures";

export const NS = "kafka";
const CLUSTER = "kafka";

export function labels(component: string, instance: string): Record<string, string> {
    return {
        "app.kubernetes.io/part-of": CLUSTER,
        "app.kubernetes.io/managed-by": "pulumi",
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": instance,
    };
}

export function selector(component: string, instance: string): Record<string, string> {
    return { "app.kubernetes.io/part-of": CLUSTER, "app.kubernetes.io/component": component, "app.kubernetes.io/instance": instance };
}

export interface StatefulSetOptions {
    replicas?: number;
    image?: string;
    storageClassName?: string | null;
    /** Claim template size. Default 10Gi. */
    storage?: string;
}

export function statefulSet(component: string, name: string, options: StatefulSetOptions = {}): Fixture {
    const storageClassName = options.storageClassName === undefined ? "ebs-default" : options.storageClassName;
    return {
        type: "kubernetes:apps/v1:StatefulSet",
        name,
        props: {
            apiVersion: "apps/v1",
            kind: "StatefulSet",
            metadata: { name, namespace: NS, labels: labels(component, name) },
            spec: {
                ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
                serviceName: `${name}-headless`,
                selector: { matchLabels: selector(component, name) },
                template: {
                    metadata: { labels: labels(component, name) },
                    spec: {
                        // A well-formed workload: restricted pod security, resources set.
                        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: component,
                                image: options.image ?? "apache/kafka:3.9.2",
                                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                                resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { memory: "2Gi" } },
                            },
                        ],
                    },
                },
                volumeClaimTemplates: [
                    {
                        metadata: { name: "data" },
                        spec: { accessModes: ["ReadWriteOnce"], ...(storageClassName === null ? {} : { storageClassName }), resources: { requests: { storage: options.storage ?? "10Gi" } } },
                    },
                ],
            },
        },
    };
}

export function configMap(component: string, name: string, data: Record<string, string>): Fixture {
    return {
        type: "kubernetes:core/v1:ConfigMap",
        name,
        props: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: NS, labels: labels(component, name) }, data },
    };
}

export function serverProperties(component: string, name: string, properties: Record<string, string | number | boolean>): Fixture {
    const text = ["# rendered by the broker config builder", ...Object.entries(properties).map(([k, v]) => `${k}=${v}`)].join("\n") + "\n";
    return configMap(component, name, { "server.properties": text, "log4j.properties": "log4j.rootLogger=INFO, stdout\n" });
}

/** A broker ConfigMap that passes every durability rule with 3 brokers. */
export const DURABLE_BROKER = {
    "default.replication.factor": 3,
    "offsets.topic.replication.factor": 3,
    "transaction.state.log.replication.factor": 3,
    "transaction.state.log.min.isr": 2,
    "min.insync.replicas": 2,
    "unclean.leader.election.enable": false,
} as const;

export interface TopicJson {
    name: string;
    partitions: number;
    replicationFactor?: number;
    config?: Record<string, string | number | boolean>;
}

/** A topic's Job (component kafka-topic) whose `kafka-eks/topic-spec` annotation holds `specText`; a well-formed restricted pod. */
export function topicJob(name: string, specText: string): Fixture {
    const meta = { name, namespace: NS, labels: labels("kafka-topic", name) };
    return {
        type: "kubernetes:batch/v1:Job",
        name,
        props: {
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: { ...meta, annotations: { "kafka-eks/topic-spec": specText } },
            spec: {
                template: {
                    metadata: { labels: meta.labels },
                    spec: {
                        restartPolicy: "Never",
                        securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
                        containers: [
                            {
                                name: "apply-topic",
                                image: "apache/kafka:3.9.2",
                                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
                                resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "512Mi" } },
                            },
                        ],
                    },
                },
            },
        },
    };
}

export function topic(spec: TopicJson): Fixture {
    return topicJob(`kafka-topic-${spec.name}`, JSON.stringify({ config: {}, ...spec }));
}

export function pdb(name: string, matchLabels: Record<string, string>, namespace = NS): Fixture {
    return {
        type: "kubernetes:policy/v1:PodDisruptionBudget",
        name,
        props: { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name, namespace }, spec: { maxUnavailable: 1, selector: { matchLabels } } },
    };
}

export function scaledObject(name: string, options: { maxReplicaCount?: number; topic?: string; allowIdleConsumers?: string }): Fixture {
    return {
        type: "kubernetes:keda.sh/v1alpha1:ScaledObject",
        name,
        props: {
            apiVersion: "keda.sh/v1alpha1",
            kind: "ScaledObject",
            metadata: { name, namespace: NS, labels: labels("consumer-scaler", name) },
            spec: {
                scaleTargetRef: { name: "orders-consumer" },
                ...(options.maxReplicaCount === undefined ? {} : { maxReplicaCount: options.maxReplicaCount }),
                triggers: [
                    {
                        type: "kafka",
                        metadata: {
                            bootstrapServers: "kafka-bootstrap.kafka.svc.cluster.local:9092",
                            consumerGroup: "orders",
                            ...(options.topic === undefined ? {} : { topic: options.topic }),
                            lagThreshold: "10",
                            ...(options.allowIdleConsumers === undefined ? {} : { allowIdleConsumers: options.allowIdleConsumers }),
                        },
                        authenticationRef: { name: "kafka-auth" },
                    },
                ],
            },
        },
    };
}

/** A StatefulSet whose Kafka container declares `metrics` on 9404, optionally with scrape annotations. */
export function withMetricsPort(fixture: Fixture, annotations?: Record<string, string>): Fixture {
    const f = structuredClone(fixture) as { props: { spec: { template: { metadata: Record<string, unknown>; spec: { containers: Array<Record<string, unknown>> } } } } } & Fixture;
    f.props.spec.template.spec.containers[0].ports = [{ name: "client", containerPort: 9092 }, { name: "metrics", containerPort: 9404 }];
    if (annotations) f.props.spec.template.metadata.annotations = annotations;
    return f;
}
