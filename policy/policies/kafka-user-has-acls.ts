/**
 * A user without ACLs can log in and do nothing, under an authorizer that denies by default: a
 * user declared for an application that was never given its access, or whose ACLs were removed
 * while its credential stayed. Either is a mistake to fix, not a state to deploy. A Job run with
 * `--no-acls` belongs to a cluster without an authorizer (kafka-authorizer-required reports that).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { NO_ACLS_ARGUMENT, USER_ANNOTATION } from "../lib/contract";
import { objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { asString, at } from "../lib/props";
import { aclArguments } from "./kafka-acl-no-broad-all";

export const kafkaUserHasAcls: ResourceValidationPolicy = {
    name: "kafka-user-has-acls",
    description: "Every user Job applies at least one ACL.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== "kubernetes:batch/v1:Job") return;
        const user = asString(at(args.props, "metadata", "annotations", USER_ANNOTATION));
        if (user === undefined || aclArguments(args.props).length > 0 || JSON.stringify(at(args.props, "spec", "template", "spec", "containers")).includes(`"${NO_ACLS_ARGUMENT}"`)) return;
        reportViolation(
            violation(objectRef(args.type, args.props, args.name), "spec.template.spec.containers[0].args", `applies no ACL for User:${user}: it can log in and do nothing`, "declare the operations it needs in kafka-eks:users[].acls, or remove the user"),
        );
    },
};
