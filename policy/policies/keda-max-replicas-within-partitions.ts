/**
 * A Kafka consumer group cannot use more consumers than its topic has partitions: the extras
 * sit idle, and KEDA's kafka scaler caps its metric at partitions × lagThreshold anyway unless
 * allowIdleConsumers is "true". So maxReplicaCount above the partition count is a mistake.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { K8S_TYPE, clusterKeyOf, objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { asArray, asNumber, asString, at, isRecord, isTruthyFlag } from "../lib/props";
import { configSchema, boolean, readSettings } from "../lib/settings";
import { type DeployedTopic, deployedTopics } from "../lib/stack";

/** KEDA's default when spec.maxReplicaCount is omitted. */
const KEDA_DEFAULT_MAX_REPLICAS = 100;

const settings = {
    requireKnownTopic: boolean(true, "Report kafka triggers whose topic is not deployed by this stack (its partition count cannot be checked)."),
};

export const kedaMaxReplicasWithinPartitions: StackValidationPolicy = {
    name: "keda-max-replicas-within-partitions",
    description: "A KEDA ScaledObject with a kafka trigger scales to at most its topic's partition count, unless allowIdleConsumers is \"true\".",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateStack: (args, reportViolation) => {
        const { requireKnownTopic } = readSettings(args.getConfig(), settings);
        const topics = deployedTopics(args.resources);
        for (const resource of args.resources) {
            if (resource.type !== K8S_TYPE.scaledObject) {
                continue;
            }
            const ref = objectRef(resource.type, resource.props, resource.name);
            const max = asNumber(at(resource.props, "spec", "maxReplicaCount"));
            const maxShown = max === undefined ? `is unset (KEDA defaults it to ${KEDA_DEFAULT_MAX_REPLICAS})` : `is ${max}`;
            const maxReplicas = max ?? KEDA_DEFAULT_MAX_REPLICAS;

            asArray(at(resource.props, "spec", "triggers")).forEach((trigger, index) => {
                if (!isRecord(trigger) || trigger.type !== "kafka" || isTruthyFlag(at(trigger, "metadata", "allowIdleConsumers"))) {
                    return;
                }
                const field = `spec.triggers[${index}].metadata.topic`;
                const topicName = asString(at(trigger, "metadata", "topic"));
                if (topicName === undefined) {
                    if (requireKnownTopic) {
                        reportViolation(violation(ref, field, "is not set, so the partition bound cannot be checked (and a new group never scales up from zero)", "name the topic the consumer group reads"), resource.urn);
                    }
                    return;
                }
                const partitions = partitionsOf(topicName, resource, topics);
                if (partitions === undefined) {
                    if (requireKnownTopic) {
                        reportViolation(violation(ref, field, `is "${topicName}", which no topic Job (component kafka-topic) in this stack declares`, 'deploy the topic with this stack, set allowIdleConsumers: "true", or disable requireKnownTopic'), resource.urn);
                    }
                    return;
                }
                if (maxReplicas > partitions) {
                    reportViolation(
                        violation(ref, "spec.maxReplicaCount", `${maxShown} but topic "${topicName}" has ${partitions} partition(s)`, `set it to at most ${partitions}, add partitions, or set spec.triggers[${index}].metadata.allowIdleConsumers: "true"`),
                        resource.urn,
                    );
                }
            });
        }
    },
};

/** Partitions of the named topic, preferring the ScaledObject's own cluster; the smallest if ambiguous. */
function partitionsOf(name: string, scaler: PolicyResource, topics: readonly DeployedTopic[]): number | undefined {
    const named = topics.filter((t) => t.topic.name === name && t.topic.partitions !== undefined);
    const sameCluster = named.filter((t) => t.cluster === clusterKeyOf(scaler.props));
    const candidates = sameCluster.length > 0 ? sameCluster : named;
    const counts = candidates.map((t) => t.topic.partitions).filter((p): p is number => p !== undefined);
    return counts.length > 0 ? Math.min(...counts) : undefined;
}
