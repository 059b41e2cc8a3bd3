/**
 * No user the program applies holds ALL on the cluster or on every topic: that is a super user in
 * disguise (it could alter the admin credential's ACLs, broker configs such as
 * unclean.leader.election.enable, and delete or read every topic). ALTER on the cluster is one
 * too: it is the operation CreateAcls, DeleteAcls and AlterUserScramCredentials check (4.3.1
 * core/src/main/scala/kafka/server/AclApis.scala:85 and 141, ControllerApis.scala:892), so its
 * holder can grant itself anything or set the admin's password.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ACL_ARGUMENT, USER_ANNOTATION } from "../lib/contract";
import { objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { asArray, asString, at } from "../lib/props";
import { configSchema, readSettings, stringList } from "../lib/settings";

const settings = {
    exemptUsers: stringList([], "Users (without `User:`) that may hold ALL on the cluster or every topic, or ALTER on the cluster: a deliberate decision, recorded in the stack's policy config."),
};

/** `--acl` values of a Job's containers: TYPE|NAME|PATTERN|HOST|OPERATION|PERMISSION. */
export function aclArguments(props: unknown): { path: string; value: string }[] {
    const out: { path: string; value: string }[] = [];
    asArray(at(props, "spec", "template", "spec", "containers")).forEach((container, ci) => {
        const cargs = asArray(at(container, "args")).map((a) => asString(a) ?? "");
        cargs.forEach((a, i) => {
            if (a === ACL_ARGUMENT && i + 1 < cargs.length) out.push({ path: `spec.template.spec.containers[${ci}].args[${i + 1}]`, value: cargs[i + 1] });
        });
    });
    return out;
}

export const kafkaAclNoBroadAll: ResourceValidationPolicy = {
    name: "kafka-acl-no-broad-all",
    description: "No user Job grants ALL on the cluster or on every topic (`*`), nor ALTER on the cluster (ACLs and SCRAM credentials).",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        if (args.type !== "kubernetes:batch/v1:Job") return;
        const user = asString(at(args.props, "metadata", "annotations", USER_ANNOTATION));
        if (user === undefined || readSettings(args.getConfig(), settings).exemptUsers.includes(user)) return;
        const ref = objectRef(args.type, args.props, args.name);
        for (const { path, value } of aclArguments(args.props)) {
            const [resourceType, name, patternType, , operation, permission] = value.split("|");
            if (permission !== "ALLOW") continue;
            const everyTopic = resourceType === "TOPIC" && ((patternType === "LITERAL" && name === "*") || (patternType === "PREFIXED" && name === ""));
            if (operation === "ALL" && (resourceType === "CLUSTER" || everyTopic)) {
                reportViolation(violation(ref, path, `grants User:${user} ALL on ${resourceType === "CLUSTER" ? "the cluster" : "every topic"}`, "grant the operations the client needs (see components/security/builtin-users.ts)"));
            } else if (operation === "ALTER" && resourceType === "CLUSTER") {
                reportViolation(violation(ref, path, `grants User:${user} ALTER on the cluster: it may create ACLs and set SCRAM passwords, the admin's included`, "grant the operations the client needs (see components/security/builtin-users.ts)"));
            }
        }
    },
};
