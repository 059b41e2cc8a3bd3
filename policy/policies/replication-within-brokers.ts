/**
 * A replication factor above the broker count cannot be satisfied: topic creation fails, and
 * for the internal topics consumer groups or transactions never start. Checks every topic and
 * every RF key a broker or controller reads (the durability table: KRaft controllers own
 * default.replication.factor). Needs the whole stack (topics and Kafka configs against broker
 * StatefulSets), hence a stack policy.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { BROKER_COMPONENTS } from "../lib/contract";
import { clusterKeyOf, objectRef } from "../lib/k8s";
import { durabilityKeysOf, numericProperty, propertyField, serverPropertiesOf, topicField } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { brokerCounts, deployedTopics, describeCluster } from "../lib/stack";

export const replicationWithinBrokers: StackValidationPolicy = {
    name: "replication-within-brokers",
    description: "Topic, default and internal-topic replication factors (on brokers and controllers) do not exceed the number of brokers.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const brokers = brokerCounts(args.resources);

        for (const { resource, cluster, topic } of deployedTopics(args.resources)) {
            const ref = objectRef(resource.type, resource.props, resource.name);
            const rf = topic.replicationFactor;
            const count = brokers.get(cluster);
            const label = topic.name ? `topic "${topic.name}": ` : "";
            if (count === undefined) {
                reportViolation(
                    violation(ref, topicField("replicationFactor"), `cannot be checked: no broker StatefulSet (component ${BROKER_COMPONENTS.join(" or ")}) in ${describeCluster(cluster)}`, `${label}deploy the topic in the same part-of cluster as its brokers`),
                    resource.urn,
                );
            } else if (rf !== undefined && rf > count) {
                reportViolation(violation(ref, topicField("replicationFactor"), `is ${rf} but ${describeCluster(cluster)} has ${count} broker(s)`, `${label}set it to at most ${count}, or add brokers`), resource.urn);
            }
        }

        for (const resource of args.resources) {
            const server = serverPropertiesOf(resource.type, resource.props);
            const count = brokers.get(clusterKeyOf(resource.props));
            if (server === undefined || count === undefined) {
                continue;
            }
            const ref = objectRef(resource.type, resource.props, resource.name);
            for (const key of durabilityKeysOf(server).filter((k) => k.value === "replicationFactor")) {
                const read = numericProperty(server.properties, key);
                if ("value" in read && read.value > count) {
                    const shown = read.explicit ? `is ${read.value}` : `is not set (Kafka defaults it to ${read.value})`;
                    reportViolation(violation(ref, propertyField(key.key), `${shown} but ${describeCluster(clusterKeyOf(resource.props))} has ${count} broker(s)`, `set it to at most ${count}, or add brokers`), resource.urn);
                }
            }
        }
    },
};
