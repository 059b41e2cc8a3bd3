/**
 * The data plane's PriorityClass. Brokers, controllers and ZooKeeper outrank every pod without a
 * class (priority 0: consumers, the UI, Jobs), so on a full node the scheduler preempts those
 * rather than leave a broker Pending, and under node pressure the kubelet evicts them first.
 * Far below the system classes (system-cluster-critical is 2000000000).
 */
import { clusterScopedName } from "../common/names";

export const DATA_PLANE_PRIORITY = 1_000_000;

/** Cluster-scoped, so the name carries the namespace: two clusters named alike can coexist. */
export function dataPlanePriorityClassName(namespace: string, cluster: string): string {
    return clusterScopedName(namespace, cluster, "data-plane");
}

export function dataPlanePriorityClass(namespace: string, cluster: string, labels: Record<string, string>) {
    return {
        apiVersion: "scheduling.k8s.io/v1" as const,
        kind: "PriorityClass" as const,
        metadata: { name: dataPlanePriorityClassName(namespace, cluster), labels },
        value: DATA_PLANE_PRIORITY,
        globalDefault: false,
        preemptionPolicy: "PreemptLowerPriority",
        description: `Kafka cluster ${cluster} (namespace ${namespace}): brokers, controllers and ZooKeeper, above consumers and Jobs.`,
    };
}
