/**
 * The labels contract: what the policy pack, NetworkPolicies, PDBs and tests key on.
 * Every Kubernetes object the project creates carries these; selectors use the subset that
 * never changes over an object's life (changing a StatefulSet selector forces a replacement).
 */
export type KafkaComponent =
    | "zookeeper"
    | "kafka-broker"
    | "kafka-controller"
    | "kafka"
    | "kafka-topic"
    | "kafka-manager"
    | "consumer-scaler"
    | "smoke-test"
    | "kafka-credentials"
    /** The per-user Jobs and Secrets (components/kafka/users); never "kafka", which selects combined nodes. */
    | "kafka-user"
    /** The Job that retires users that left the stack (components/kafka/users/retire.ts): it reads one ConfigMap through the API server. */
    | "kafka-users-retire"
    /** Monitoring objects and the consumer-lag exporter (components/observability). */
    | "metrics"
    | "kafka-roller"
    /** The Jobs that move partitions when the broker count changes (components/kafka/rebalance). */
    | "kafka-rebalance"
    /** The Job that finalizes KRaft feature levels after a version change (components/kafka/features). */
    | "kafka-features";

export const LABEL = {
    partOf: "app.kubernetes.io/part-of",
    managedBy: "app.kubernetes.io/managed-by",
    component: "app.kubernetes.io/component",
    name: "app.kubernetes.io/name",
    instance: "app.kubernetes.io/instance",
} as const;

/** Labels for the platform objects that belong to no Kafka component (StorageClass, namespace). */
export function platformLabels(cluster: string): Record<string, string> {
    return { [LABEL.partOf]: cluster, [LABEL.managedBy]: "pulumi" };
}

/** Full label set for an object of `component` in Kafka cluster `cluster`; `instance` is the owning workload's name. */
export function labels(cluster: string, component: KafkaComponent, instance: string): Record<string, string> {
    return {
        ...platformLabels(cluster),
        [LABEL.component]: component,
        [LABEL.name]: component,
        [LABEL.instance]: instance,
    };
}

/** The immutable subset used in selectors. */
export function selectorLabels(cluster: string, component: KafkaComponent, instance: string): Record<string, string> {
    return { [LABEL.partOf]: cluster, [LABEL.component]: component, [LABEL.instance]: instance };
}
