/**
 * ZooKeeper holds a ZooKeeper-mode cluster's metadata and its SCRAM credentials: whoever can
 * write there can create an admin login, change topic configs or delete topics, bypassing every
 * Kafka ACL. So the brokers create their znodes with ACLs (`zookeeper.set.acl=true`, which also
 * makes them log in), and the ZooKeeper servers close every session that has not logged in with
 * SASL (ZooKeeper 3.7+ `enforce.auth.enabled` / `enforce.auth.schemes`, passed as zoo.cfg lines
 * through the official image's ZOO_CFG_EXTRA).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { COMPONENT } from "../lib/contract";
import { K8S_TYPE, componentOf, objectRef } from "../lib/k8s";
import { propertyField, serverPropertiesOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { asArray, asString, at, isRecord } from "../lib/props";

const FIX = "set kafka-eks:zookeeper.authentication to sasl (its default when security.authentication is scram-sha-512)";

/** The official image's variable whose words become zoo.cfg lines (docker-entrypoint.sh). */
export const ZOO_CFG_EXTRA = "ZOO_CFG_EXTRA";
/** The zoo.cfg lines that make a server refuse sessions without a SASL login. */
export const ENFORCED_SASL_LINES: readonly string[] = ["enforce.auth.enabled=true", "enforce.auth.schemes=sasl"];

/** `ZOO_CFG_EXTRA` of each container of a ZooKeeper StatefulSet, with its field path. */
function cfgExtras(props: unknown): { path: string; lines: string[] }[] {
    return asArray(at(props, "spec", "template", "spec", "containers")).flatMap((c, ci) => {
        const env = asArray(isRecord(c) ? c.env : undefined);
        const i = env.findIndex((e) => asString(at(e, "name")) === ZOO_CFG_EXTRA);
        return i < 0 ? [{ path: `spec.template.spec.containers[${ci}].env`, lines: [] }] : [{ path: `spec.template.spec.containers[${ci}].env[${i}].value`, lines: (asString(at(env[i], "value")) ?? "").split(/\s+/) }];
    });
}

export const zookeeperAuthentication: ResourceValidationPolicy = {
    name: "zookeeper-authentication",
    description: "ZooKeeper-mode brokers create znodes with ACLs (zookeeper.set.acl=true) and ZooKeeper servers accept only SASL-authenticated sessions.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const server = serverPropertiesOf(args.type, args.props);
        if (server) {
            if (!server.properties.has("zookeeper.connect")) return;
            const value = server.properties.get("zookeeper.set.acl");
            if ((value ?? "").trim().toLowerCase() !== "true") {
                const ref = objectRef(args.type, args.props, args.name);
                reportViolation(violation(ref, propertyField("zookeeper.set.acl"), `is ${value ?? "unset (false)"}: brokers create znodes anyone who reaches ZooKeeper may change, SCRAM credentials included`, FIX));
            }
            return;
        }
        if (args.type !== K8S_TYPE.statefulSet || componentOf(args.props) !== COMPONENT.zookeeper) return;
        const ref = objectRef(args.type, args.props, args.name);
        for (const { path, lines } of cfgExtras(args.props)) {
            const missing = ENFORCED_SASL_LINES.filter((l) => !lines.includes(l));
            if (missing.length > 0) {
                reportViolation(violation(ref, path, `lacks ${missing.join(" ")}: ZooKeeper serves sessions that never logged in`, FIX));
            }
        }
    },
};
