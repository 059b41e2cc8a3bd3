/**
 * Unclean leader election lets an out-of-sync replica become leader and silently drops the
 * writes it missed. It must stay off, cluster-wide and per topic.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectRef } from "../lib/k8s";
import { propertyField, serverPropertiesOf, topicField, topicOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { isTruthyFlag } from "../lib/props";

const KEY = "unclean.leader.election.enable";
const FIX = `remove it or set it to false; an out-of-sync leader discards acknowledged writes`;

export const uncleanLeaderElectionDisabled: ResourceValidationPolicy = {
    name: "unclean-leader-election-disabled",
    description: "unclean.leader.election.enable is never true, in server.properties or in a topic's config.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const ref = objectRef(args.type, args.props, args.name);
        const server = serverPropertiesOf(args.type, args.props);
        const brokerValue = server?.properties.get(KEY);
        if (brokerValue !== undefined && isTruthyFlag(brokerValue)) {
            reportViolation(violation(ref, propertyField(KEY), `is ${brokerValue}`, FIX));
        }
        const topic = topicOf(args.type, args.props);
        if (topic !== undefined && "topic" in topic) {
            const topicValue = topic.topic.config[KEY];
            if (topicValue !== undefined && isTruthyFlag(topicValue)) {
                reportViolation(violation(ref, topicField(`config["${KEY}"]`), `is ${topicValue}`, FIX));
            }
        }
    },
};
