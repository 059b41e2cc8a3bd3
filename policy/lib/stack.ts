/**
 * Stack-wide views the cross-object policies share: broker counts and topics, grouped by the
 * Kafka cluster they belong to (`app.kubernetes.io/part-of`, else their namespace).
 */
import type { PolicyResource } from "@pulumi/policy";
import { BROKER_COMPONENTS } from "./contract";
import { K8S_TYPE, type ObjectRef, clusterKeyOf, componentOf, objectRef } from "./k8s";
import { type ServerProperties, type TopicSpec, serverPropertiesOf, topicOf } from "./kafka-config";
import { replicasOf } from "./k8s";
import { asArray, at } from "./props";

/** Brokers per cluster: replicas of every broker or combined-role StatefulSet. */
export function brokerCounts(resources: readonly PolicyResource[]): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of resources) {
        const component = componentOf(r.props);
        if (r.type === K8S_TYPE.statefulSet && component !== undefined && BROKER_COMPONENTS.includes(component)) {
            const key = clusterKeyOf(r.props);
            counts.set(key, (counts.get(key) ?? 0) + replicasOf(r.props).value);
        }
    }
    return counts;
}

export interface DeployedTopic {
    resource: PolicyResource;
    cluster: string;
    topic: TopicSpec;
}

/** Every readable topic Job (unreadable ones are reported by topic-replication-factor). */
export function deployedTopics(resources: readonly PolicyResource[]): DeployedTopic[] {
    const topics: DeployedTopic[] = [];
    for (const r of resources) {
        const read = topicOf(r.type, r.props);
        if (read !== undefined && "topic" in read) {
            topics.push({ resource: r, cluster: clusterKeyOf(r.props), topic: read.topic });
        }
    }
    return topics;
}

/** How a cluster key reads in a message. */
export function describeCluster(key: string): string {
    return key.startsWith("namespace:") ? `namespace ${key.slice("namespace:".length) || "(provider default)"}` : `Kafka cluster "${key}"`;
}

/** Bytes of a Kubernetes quantity ("500Gi", "1T", "1073741824"); undefined when unreadable. */
export function quantityBytes(quantity: unknown): number | undefined {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?\s*$/.exec(typeof quantity === "string" ? quantity : typeof quantity === "number" ? String(quantity) : "");
    if (!m) {
        return undefined;
    }
    const binary = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"].indexOf(m[2] ?? "");
    const decimal = ["k", "M", "G", "T", "P", "E"].indexOf(m[2] ?? "");
    const factor = binary >= 0 ? 1024 ** (binary + 1) : decimal >= 0 ? 1000 ** (decimal + 1) : 1;
    return Math.floor(Number(m[1]) * factor);
}

export interface BrokerVolume {
    bytes: number;
    /** The claim (or StatefulSet claim template) it comes from, and the field, for messages. */
    ref: ObjectRef;
    field: string;
    urn: string;
}

/** Per cluster, the smallest broker data volume: broker PVCs and broker StatefulSets' claim templates. */
export function smallestBrokerVolumes(resources: readonly PolicyResource[]): Map<string, BrokerVolume> {
    const smallest = new Map<string, BrokerVolume>();
    const offer = (r: PolicyResource, field: string, quantity: unknown) => {
        const bytes = quantityBytes(quantity);
        const key = clusterKeyOf(r.props);
        if (bytes !== undefined && bytes < (smallest.get(key)?.bytes ?? Infinity)) {
            smallest.set(key, { bytes, ref: objectRef(r.type, r.props, r.name), field, urn: r.urn });
        }
    };
    for (const r of resources) {
        const component = componentOf(r.props);
        if (component === undefined || !BROKER_COMPONENTS.includes(component)) {
            continue;
        }
        if (r.type === K8S_TYPE.pvc) {
            offer(r, "spec.resources.requests.storage", at(r.props, "spec", "resources", "requests", "storage"));
        } else if (r.type === K8S_TYPE.statefulSet) {
            asArray(at(r.props, "spec", "volumeClaimTemplates")).forEach((t, i) => {
                offer(r, `spec.volumeClaimTemplates[${i}].spec.resources.requests.storage`, at(t, "spec", "resources", "requests", "storage"));
            });
        }
    }
    return smallest;
}

/** Per cluster, the server.properties of a node that hosts partitions (broker or combined role). */
export function brokerProperties(resources: readonly PolicyResource[]): Map<string, ServerProperties> {
    const found = new Map<string, ServerProperties>();
    for (const r of resources) {
        const server = serverPropertiesOf(r.type, r.props);
        const key = clusterKeyOf(r.props);
        if (server !== undefined && BROKER_COMPONENTS.includes(server.component) && !found.has(key)) {
            found.set(key, server);
        }
    }
    return found;
}
