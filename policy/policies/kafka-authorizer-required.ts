/**
 * Every Kafka node that serves requests runs an authorizer that denies by default: without one,
 * every authenticated client may do anything, including changing the admin credential.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectRef } from "../lib/k8s";
import { propertyField, serverPropertiesOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { isTruthyFlag } from "../lib/props";

export const kafkaAuthorizerRequired: ResourceValidationPolicy = {
    name: "kafka-authorizer-required",
    description: "Every broker and controller sets authorizer.class.name and does not allow everyone when no ACL is found.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const server = serverPropertiesOf(args.type, args.props);
        if (!server) return;
        const ref = objectRef(args.type, args.props, args.name);
        if (!server.properties.get("authorizer.class.name")) {
            reportViolation(violation(ref, propertyField("authorizer.class.name"), "is not set: every authenticated client may do anything", "set kafka-eks:security.authorization to acls (needs security.authentication scram-sha-512)"));
        }
        const everyone = server.properties.get("allow.everyone.if.no.acl.found");
        if (everyone !== undefined && isTruthyFlag(everyone)) {
            reportViolation(violation(ref, propertyField("allow.everyone.if.no.acl.found"), `is ${everyone}: a resource without ACLs is open to everyone`, "remove it (the program sets false)"));
        }
    },
};
