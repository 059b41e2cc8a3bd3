/** Config section `users`: SCRAM users for applications, with their ACLs, quotas and Secret namespace. */
import { isIP } from "net";
import { z } from "zod";
import { ACL_OPERATIONS, PATTERN_TYPES, WILDCARD } from "../security/acl-model";
import { BUILTIN_USER, builtinUsers, consumerUserName, kedaUserName } from "../security/builtin-users";
import { DeployedUserSpec, supportedAclOperations, USER_ACL_RESOURCE_TYPES, USER_NAME_PATTERN, USER_NAME_RULE } from "../security/kafka-user";
import { dnsLabel } from "./fields";
import { defaultKafkaVersion } from "./kafka";
import { authorizationMode, SecurityConfig } from "./security";
import { smokeTopicName } from "./smoke-test";
import { closest } from "./suggest";
import { MAX_TOPIC_NAME, TOPIC_NAME_CHARACTERS } from "./topic-rules";

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
    // LONG in Kafka's QuotaConfig (4.3.1 :123-127, 3.9.2 QuotaConfigs :125-129): a fraction is refused.
    producer_byte_rate: z.int().positive().optional().describe("Bytes per second the user may produce, per broker (a whole number)."),
    consumer_byte_rate: z.int().positive().optional().describe("Bytes per second the user may fetch, per broker (a whole number)."),
    request_percentage: z.number().positive().optional().describe("Percentage of one request-handler and network thread."),
    controller_mutation_rate: z.number().positive().optional().describe("Partition mutations (create/add/delete) per second."),
});

const userSchema = z.strictObject({
    name: z
        .string()
        .regex(USER_NAME_PATTERN, `must be ${USER_NAME_RULE}`)
        .max(40)
        .describe("SCRAM user name (principal `User:<name>`)."),
    namespace: dnsLabel.describe("Namespace of the application and of the user's Secret `<kafka.name>-user-<name>` (username, password, sasl.jaas.config, client.properties and, with TLS, the CA as ca.crt); must exist and be listed in security.clientNamespaces (kafka.namespace holds only the cluster). Required."),
    acls: z.array(aclSchema).default([]).describe("What the user may do; nothing else is allowed. At least one with security.authorization acls; none without an authorizer."),
    quotas: quotasSchema.optional().describe("User quotas; a quota removed here is deleted from the cluster. Default none."),
    passwordSecret: z
        .strictObject({
            name: dnsLabel.describe("Name of the Secret, in the user's namespace."),
            // A Secret data key: [-._a-zA-Z0-9]+, at most 253 characters, not "." and not starting with ".." (Kubernetes IsConfigMapKey, hasChDirPrefix).
            key: z
                .string()
                .regex(/^(?!\.$)(?!\.\.)[-._a-zA-Z0-9]{1,253}$/, 'must be a Secret data key: letters, digits, "-", "_" and ".", at most 253 characters, not "." and not starting with ".."')
                .default("password")
                .describe("Key holding the password. Default password."),
        })
        .optional()
        .describe("An existing Secret in the user's namespace holding its password, read at deploy instead of generating one (a change to it re-runs the user's Job). Default: a generated password."),
});

export const usersSchema = z.array(userSchema).default([]);
export type UserConfig = z.output<typeof userSchema>;

/**
 * Names the program uses itself, and `client` and `keda`, users of earlier versions whose
 * credentials and ACLs may still be in Kafka (removing a user leaves them): a new user of that
 * name would inherit them.
 */
const RESERVED = new Set<string>(["admin", "admin-b", "client", "keda", ...Object.values(BUILTIN_USER)]);

/** The KEDA users of a stack's scalers, one per namespace. */
function kedaUserNames(c: { kafka: { namespace: string }; autoscaling: { scalers: readonly { namespace?: string }[] } }): string[] {
    return c.autoscaling.scalers.map((s) => kedaUserName(s.namespace ?? c.kafka.namespace));
}

/** Rules across `users`, `security` and `consumers`. */
export function usersRules(
    c: {
        users: UserConfig[];
        security: SecurityConfig;
        kafka: { namespace: string; mode: "zookeeper" | "kraft"; version?: string };
        consumers: { workload?: { name: string } }[];
        autoscaling: { scalers: readonly { namespace?: string }[] };
    },
    issue: (path: (string | number)[], message: string) => void,
): void {
    if (c.users.length > 0 && c.security.authentication === "none") {
        issue(["users"], "needs security.authentication scram-sha-512: without authentication there are no users");
    }
    const authorizer = authorizationMode(c.security) === "acls";
    const kafkaVersion = c.kafka.version ?? defaultKafkaVersion(c.kafka.mode);
    const reserved = new Set([...RESERVED, ...kedaUserNames(c), ...c.consumers.flatMap((x) => (x.workload ? [consumerUserName(x.workload.name)] : []))]);
    const seen = new Set<string>();
    c.users.forEach((u, i) => {
        if (reserved.has(u.name)) issue(["users", i, "name"], `${u.name} is a user the program manages itself; pick another name`);
        if (seen.has(u.name)) issue(["users", i, "name"], `${u.name} is declared twice`);
        seen.add(u.name);
        if (u.namespace === c.kafka.namespace) {
            // The NetworkPolicy admits only the cluster's own pods from the Kafka namespace.
            issue(["users", i, "namespace"], `must be the application's own namespace (listed in security.clientNamespaces): kafka.namespace (${c.kafka.namespace}) holds only the cluster`);
        } else if (!c.security.clientNamespaces.includes(u.namespace)) {
            issue(["users", i, "namespace"], `${u.namespace} is not in security.clientNamespaces: its pods could not reach the brokers; add it there`);
        }
        if (authorizer && u.acls.length === 0) {
            issue(["users", i, "acls"], "a user needs at least one ACL: under a deny-by-default authorizer a user without any can log in and do nothing; list the operations the application needs");
        }
        if (!authorizer && u.acls.length > 0 && c.security.authentication !== "none") {
            issue(["users", i, "acls"], "needs security.authorization acls: without an authorizer ACLs mean nothing (every user may do anything); remove them or turn authorization on");
        }
        u.acls.forEach((a, j) => {
            if (a.resourceType !== "CLUSTER" && a.name === undefined) issue(["users", i, "acls", j, "name"], `is required for ${a.resourceType}`);
            const everyTopic = a.resourceType === "TOPIC" && a.name === WILDCARD && a.patternType === "LITERAL";
            if (a.permission === "ALLOW" && a.operations.includes("ALL") && (a.resourceType === "CLUSTER" || everyTopic)) {
                issue(["users", i, "acls", j, "operations"], "ALL on the cluster or on every topic makes a super user in disguise; list the operations the application needs");
            } else if (a.permission === "ALLOW" && a.operations.includes("ALTER") && a.resourceType === "CLUSTER") {
                // CreateAcls, DeleteAcls and AlterUserScramCredentials check ALTER on the cluster (policy kafka-acl-no-broad-all).
                issue(["users", i, "acls", j, "operations"], "ALTER on the cluster makes a super user in disguise (it may create ACLs and set SCRAM passwords, the admin's included); list the operations the application needs");
            }
            const supported = supportedAclOperations(a.resourceType, kafkaVersion);
            const unsupported = a.operations.filter((op) => !supported.includes(op));
            if (unsupported.length > 0) {
                issue(["users", i, "acls", j, "operations"], `${unsupported.join(", ")} is not an operation of ${a.resourceType} at Kafka ${kafkaVersion}: kafka-acls.sh would refuse it and the user's Job fail; use ${supported.join(", ")}`);
            }
            if (a.patternType === "PREFIXED" && a.name === WILDCARD) issue(["users", i, "acls", j, "patternType"], "PREFIXED '*' is not a wildcard: use LITERAL '*'");
        });
    });
}

/**
 * An address as Kafka writes the client's when it matches an ACL's host: the authorizer compares
 * the two as text with the client's InetAddress.getHostAddress() (4.3.1
 * metadata/.../StandardAuthorizerData.java:451,492; 3.9.2 AclAuthorizer.scala:366), which writes
 * IPv4 dotted and IPv6 as eight lower-case hex groups without leading zeros and without "::".
 * Undefined: not one IP address.
 */
export function javaHostAddress(host: string): string | undefined {
    const family = isIP(host);
    if (family === 4) return host;
    if (family !== 6 || host.includes("%")) return undefined;
    const groups = (part: string) => (part === "" ? [] : part.split(":")).flatMap((g) => {
        if (!g.includes(".")) return [g];
        const [a, b, c, d] = g.split(".").map(Number);
        return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
    const [head, tail] = host.split("::");
    const left = groups(head);
    const right = tail === undefined ? [] : groups(tail);
    const all = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right].map((g) => parseInt(g, 16));
    // An IPv4-mapped address (::ffff:a.b.c.d) reaches Java as the IPv4 address itself (Inet4Address).
    if (all.slice(0, 5).every((g) => g === 0) && all[5] === 0xffff) return [all[6] >> 8, all[6] & 255, all[7] >> 8, all[7] & 255].join(".");
    return all.map((g) => g.toString(16)).join(":");
}

/**
 * ACLs the authorizer would never match (an operation a resource type lacks is usersRules', by
 * Kafka version): a CIDR host, a name on CLUSTER, a literal topic one typo away from a declared one.
 */
export function aclTargetRules(c: { users: readonly UserConfig[]; topics: readonly { name: string }[] }, issue: (path: (string | number)[], message: string) => void): void {
    const topics = c.topics.map((t) => t.name);
    c.users.forEach((u, i) =>
        u.acls.forEach((a, j) => {
            const at = ["users", i, "acls", j];
            const written = a.host === WILDCARD ? WILDCARD : javaHostAddress(a.host);
            if (written === undefined) issue([...at, "host"], `must be * or one IP address: Kafka compares it with the client's address as text, so a range or name never matches`);
            else if (written !== a.host) issue([...at, "host"], `is not how Kafka writes this address: it compares the client's address as text (as Java prints it), so this ACL would never match; write ${written}`);
            // A literal topic one typo away from a declared one (and not one the user creates) is the typo.
            const typo = a.resourceType === "TOPIC" && a.patternType === "LITERAL" && a.name !== undefined && !topics.includes(a.name) && !a.operations.some((o) => o === "CREATE" || o === "ALL");
            const meant = typo ? closest(a.name!, topics) : undefined;
            if (meant !== undefined) issue([...at, "name"], `names no declared topic (did you mean ${meant}?): an ACL on a topic nobody creates allows nothing`);
            // A name outside Kafka's topic-name characters or length, or a prefix no topic can start
            // with, matches no topic.
            if (a.resourceType === "TOPIC" && a.name !== undefined && a.name !== WILDCARD && (!TOPIC_NAME_CHARACTERS.test(a.name) || a.name.length > MAX_TOPIC_NAME)) {
                issue([...at, "name"], `can be no topic's ${a.patternType === "PREFIXED" ? "prefix" : "name"}: topic names are at most ${MAX_TOPIC_NAME} letters, digits, '.', '_' and '-', so this ACL matches nothing`);
            }
            if (a.resourceType === "CLUSTER" && a.name !== undefined && a.name !== "kafka-cluster") {
                issue([...at, "name"], "has no effect: the CLUSTER resource is always kafka-cluster; remove name");
            }
        }),
    );
}

export interface StackUsersInput {
    kafka: { name: string; namespace: string };
    security: { authentication: SecurityConfig["authentication"]; authorization?: SecurityConfig["authorization"]; rotation?: { users: Readonly<Record<string, number>> } };
    topics: readonly { name: string }[];
    smokeTest: { enabled: boolean };
    manager: { enabled: boolean; kind: string; readOnly: boolean };
    autoscaling: { scalers: readonly { topic: string; consumerGroup: string; namespace?: string }[] };
    consumers: readonly { topic: string; group: string; workload?: { name: string; namespace?: string } }[];
    metrics: { enabled: boolean; lagExporter: boolean };
    users: readonly UserConfig[];
}

/**
 * Every SCRAM user KafkaUsers manages for a stack: the built-in clients' users, then the stack
 * file's. With SCRAM every client logs in as its own user; none without authentication. Without
 * an authorizer (security.authorization none) the users have no ACLs (Kafka refuses ACL requests
 * then). One list for the program (index.ts) and for the object plan (object-names.ts).
 */
export function stackUsers(c: StackUsersInput): DeployedUserSpec[] {
    if (c.security.authentication === "none") return [];
    const ns = c.kafka.namespace;
    const builtin = builtinUsers({
        topics: c.topics.map((t) => t.name),
        smokeTopic: c.smokeTest.enabled ? smokeTopicName(c.kafka.name) : undefined,
        manager: c.manager.enabled && c.manager.kind === "kafka-ui" ? { readOnly: c.manager.readOnly } : undefined,
        scalers: c.autoscaling.scalers.map((s) => ({ ...s, namespace: s.namespace ?? ns })),
        lagExporter: c.metrics.enabled && c.metrics.lagExporter,
        consumers: c.consumers.flatMap((x) => (x.workload ? [{ workload: x.workload.name, topic: x.topic, group: x.group, namespace: x.workload.namespace ?? ns }] : [])),
    });
    const authorizer = authorizationMode(c.security) === "acls";
    const rotation = c.security.rotation?.users ?? {};
    const declared = c.users.map((u) => ({ name: u.name, acls: u.acls, quotas: u.quotas, secretNamespace: u.namespace, ...(u.passwordSecret ? { passwordSecret: u.passwordSecret } : {}) }));
    return [...builtin, ...declared].map((u) => ({
        ...u,
        acls: authorizer ? u.acls : [],
        ...(rotation[u.name] ? { rotation: rotation[u.name] } : {}),
    }));
}

/** security.rotation.users names users of this stack whose password the program generates. */
export function rotationRules(c: StackUsersInput, issue: (path: (string | number)[], message: string) => void): void {
    const names = stackUsers(c).map((u) => u.name);
    for (const user of Object.keys(c.security.rotation?.users ?? {})) {
        if (!names.includes(user)) {
            const known = names.length > 0 ? names.join(", ") : "none: users exist only with security.authentication scram-sha-512";
            issue(["security", "rotation", "users", user], `is not a user of this stack (its users: ${known})`);
        } else if (c.users.find((u) => u.name === user)?.passwordSecret) {
            issue(["security", "rotation", "users", user], `rotates a generated password, but users[].passwordSecret gives ${user}'s: change the password in that Secret instead (the next pulumi up stores it)`);
        }
    }
}
