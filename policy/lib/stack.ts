/**
 * Stack-wide views the cross-object policies share: broker counts and topics, grouped by the
 * Kafka cluster they belong to (`app.kubernetes.io/part-of`, else their namespace).
 */
import type { PolicyResource } from "@pulumi/policy";
import { BROKER_COMPONENTS } from "./contract";
import { K8S_TYPE, clusterKeyOf, componentOf } from "./k8s";
import { type TopicSpec, topicOf } from "./kafka-config";
import { replicasOf } from "./k8s";

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

/** Every readable topic ConfigMap (unreadable ones are reported by topic-replication-factor). */
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
