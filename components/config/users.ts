/** Config section `users`: SCRAM users for applications, with their ACLs, quotas and Secret namespace. */
import { z } from "zod";
import { ACL_OPERATIONS, PATTERN_TYPES, WILDCARD } from "../security/acl-model";
import { BUILTIN_USER, builtinUsers, consumerUserName } from "../security/builtin-users";
import { KafkaUserSpec, USER_ACL_RESOURCE_TYPES } from "../security/kafka-user";
import { dnsLabel } from "./fields";
import { authorizationMode, SecurityConfig } from "./security";
import { smokeTopicName } from "./smoke-test";

const aclSchema = z.strictObject({
    resourceType: z.enum(USER_ACL_RESOURCE_TYPES).describe("`TOPIC`, `GROUP`, `CLUSTER` or `TRANSACTIONAL_ID`."),
    name: z
        .string()
        .regex(/^[^|\n]+$/, "must be non-empty, without '|' or line breaks")
        .optional()
        .describe("Resource name; `*` is every name. Required except for CLUSTER."),
    patternType: z.enum(PATTERN_TYPES).default("LITERAL").describe("`LITERAL` (the name, or `*`) or `PREFIXED` (names starting with it). Default LITERAL."),
    operations: z.array(z.enum(ACL_OPERATIONS)).min(1).describe("Kafka operations, e.g. READ, WRITE, DESCRIBE, CREATE, ALTER_CONFIGS."),
    permission: z.enum(["ALLOW", "DENY"]).default("ALLOW").describe("ALLOW or DENY (DENY wins). Default ALLOW."),
    host: z.string().regex(/^[^|\s]+$/).default(WILDCARD).describe("Client IP address, or `*`. Default *."),
});

const quotasSchema = z.strictObject({
    producer_byte_rate: z.number().positive().optional().describe("Bytes per second the user may produce, per broker."),
    consumer_byte_rate: z.number().positive().optional().describe("Bytes per second the user may fetch, per broker."),
    request_percentage: z.number().positive().optional().describe("Percentage of one request-handler and network thread."),
    controller_mutation_rate: z.number().positive().optional().describe("Partition mutations (create/add/delete) per second."),
});

const userSchema = z.strictObject({
    name: z
        .string()
        .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, "must be lower-case letters, digits, '.' and '-'")
        .max(40)
        .describe("SCRAM user name (principal `User:<name>`)."),
    namespace: dnsLabel.optional().describe("Namespace of the user's Secret `<kafka.name>-user-<name>` (username, password). Default kafka.namespace; another namespace must exist and be listed in security.clientNamespaces."),
    acls: z
        .array(aclSchema)
        .min(1, "a user needs at least one ACL: under a deny-by-default authorizer a user without any can log in and do nothing; list the operations the application needs")
        // Parsed when absent too, so a missing list gets the same explanation as an empty one.
        .prefault([])
        .describe("What the user may do; nothing else is allowed. Required, at least one."),
    quotas: quotasSchema.optional().describe("User quotas; a quota removed here is deleted from the cluster. Default none."),
});

export const usersSchema = z.array(userSchema).default([]);
export type UserConfig = z.output<typeof userSchema>;

/** Names the program uses itself. */
const RESERVED = new Set<string>(["admin", "admin-b", "client", ...Object.values(BUILTIN_USER)]);

/** Rules across `users`, `security` and `consumers`. */
export function usersRules(
    c: { users: UserConfig[]; security: SecurityConfig; kafka: { namespace: string }; consumers: { workload?: { name: string } }[] },
    issue: (path: (string | number)[], message: string) => void,
): void {
    if (c.users.length > 0 && authorizationMode(c.security) !== "acls") {
        issue(["users"], "needs security.authorization acls (and security.authentication scram-sha-512): without an authorizer a user's ACLs mean nothing");
    }
    const reserved = new Set([...RESERVED, ...c.consumers.flatMap((x) => (x.workload ? [consumerUserName(x.workload.name)] : []))]);
    const seen = new Set<string>();
    c.users.forEach((u, i) => {
        if (reserved.has(u.name)) issue(["users", i, "name"], `${u.name} is a user the program manages itself; pick another name`);
        if (seen.has(u.name)) issue(["users", i, "name"], `${u.name} is declared twice`);
        seen.add(u.name);
        if (u.namespace !== undefined && u.namespace !== c.kafka.namespace && !c.security.clientNamespaces.includes(u.namespace)) {
            issue(["users", i, "namespace"], `${u.namespace} is not in security.clientNamespaces: its pods could not reach the brokers; add it there`);
        }
        u.acls.forEach((a, j) => {
            if (a.resourceType !== "CLUSTER" && a.name === undefined) issue(["users", i, "acls", j, "name"], `is required for ${a.resourceType}`);
            const everyTopic = a.resourceType === "TOPIC" && a.name === WILDCARD && a.patternType === "LITERAL";
            if (a.permission === "ALLOW" && a.operations.includes("ALL") && (a.resourceType === "CLUSTER" || everyTopic)) {
                issue(["users", i, "acls", j, "operations"], "ALL on the cluster or on every topic makes a super user in disguise; list the operations the application needs");
            }
            if (a.patternType === "PREFIXED" && a.name === WILDCARD) issue(["users", i, "acls", j, "patternType"], "PREFIXED '*' is not a wildcard: use LITERAL '*'");
        });
    });
}

export interface StackUsersInput {
    kafka: { name: string };
    security: { authentication: SecurityConfig["authentication"]; authorization?: SecurityConfig["authorization"] };
    topics: readonly { name: string }[];
    smokeTest: { enabled: boolean };
    manager: { enabled: boolean; kind: string; readOnly: boolean };
    autoscaling: { scalers: readonly { topic: string; consumerGroup: string }[] };
    consumers: readonly { topic: string; group: string; workload?: { name: string } }[];
    metrics: { enabled: boolean; lagExporter: boolean };
    users: readonly UserConfig[];
}

/**
 * Every SCRAM user KafkaUsers manages for a stack: the built-in clients' users, then the stack
 * file's. None without ACL authorization (the clients then share `client`). One list for the
 * program (index.ts) and for the object plan (object-names.ts).
 */
export function stackUsers(c: StackUsersInput): (KafkaUserSpec & { secretNamespace?: string })[] {
    if (authorizationMode(c.security) !== "acls") return [];
    const builtin = builtinUsers({
        topics: c.topics.map((t) => t.name),
        smokeTopic: c.smokeTest.enabled ? smokeTopicName(c.kafka.name) : undefined,
        manager: c.manager.enabled && c.manager.kind === "kafka-ui" ? { readOnly: c.manager.readOnly } : undefined,
        scalers: c.autoscaling.scalers,
        lagExporter: c.metrics.enabled && c.metrics.lagExporter,
        consumers: c.consumers.flatMap((x) => (x.workload ? [{ workload: x.workload.name, topic: x.topic, group: x.group }] : [])),
    });
    return [...builtin, ...c.users.map((u) => ({ name: u.name, acls: u.acls, quotas: u.quotas, secretNamespace: u.namespace }))];
}
