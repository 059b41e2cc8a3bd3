/**
 * Per-topic durability, read from the deployed topic Job (its `kafka-eks/topic-spec` annotation): a topic with a
 * single replica loses its data with one broker, and a topic whose min.insync.replicas reaches
 * its replication factor stops accepting acks=all writes whenever one replica is down. It also
 * reports a topic Job whose arguments (what it applies) state another spec than that annotation
 * (what every topic policy checks), so a spec the pack never saw cannot be applied.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectRef } from "../lib/k8s";
import { topicField, topicOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { asNumber } from "../lib/props";
import { configSchema, integer, readSettings } from "../lib/settings";

const settings = {
    minReplicationFactor: integer(2, 1, "Smallest replication factor a topic may have."),
};

export const topicReplicationFactor: ResourceValidationPolicy = {
    name: "topic-replication-factor",
    description: "Every topic has replicationFactor >= minReplicationFactor and min.insync.replicas below it; a topic Job's arguments state the spec its annotation does.",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const read = topicOf(args.type, args.props);
        if (read === undefined) {
            return;
        }
        const ref = objectRef(args.type, args.props, args.name);
        if ("error" in read) {
            reportViolation(violation(ref, read.error.field, read.error.problem, 'write {"name","partitions","replicationFactor","config"} as a JSON object there'));
            return;
        }
        if (read.mismatch) {
            reportViolation(violation(ref, read.mismatch.field, read.mismatch.problem, read.mismatch.fix));
        }
        const { minReplicationFactor } = readSettings(args.getConfig(), settings);
        const topic = read.topic;
        const label = topic.name ? `topic "${topic.name}": ` : "";
        const rf = topic.replicationFactor;
        if (rf === undefined || rf < minReplicationFactor) {
            const shown = rf === undefined ? "is missing" : `is ${rf}`;
            reportViolation(violation(ref, topicField("replicationFactor"), `${shown}`, `${label}set it to at least ${minReplicationFactor} so a topic survives the loss of a broker`));
            return;
        }
        const minIsr = asNumber(topic.config["min.insync.replicas"]);
        if (minIsr !== undefined && minIsr >= rf) {
            reportViolation(
                violation(ref, topicField('config["min.insync.replicas"]'), `is ${minIsr} with replicationFactor ${rf}`, `${label}set it to at most ${rf - 1} so acks=all writes continue with one replica down`),
            );
        }
    },
};
