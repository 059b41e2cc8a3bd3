/**
 * A Kafka user as data: its name, the ACLs its principal holds and its quotas. The user Job
 * (components/kafka/users/) applies it; the ACL model (acl-model.ts) proves what it may do.
 * An ACL names operations on one resource pattern; it expands into one binding per operation,
 * the unit kafka-acls.sh lists and the authorizer evaluates.
 */
import { AclBinding, AclOperation, AclPermission, CLUSTER_RESOURCE_NAME, PatternType, WILDCARD } from "./acl-model";

/** Resource types a user's ACLs may name (the ones kafka-acls.sh takes as --topic/--group/--cluster/--transactional-id). */
export const USER_ACL_RESOURCE_TYPES = ["TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID"] as const;
export type UserAclResourceType = (typeof USER_ACL_RESOURCE_TYPES)[number];

/**
 * The operations kafka-acls.sh accepts on each resource type, ALL always: AclEntry.supportedOperations
 * (server/src/main/java/org/apache/kafka/security/authorizer/AclEntry.java 3.9.2 :150-159, 4.3.1 :53-58),
 * checked before it connects (3.9.2 AclCommand.scala:479-485; 4.3.1 AclCommand.java:391-407): any
 * other operation fails the user's Job. Kafka 4 adds group configs and TWO_PHASE_COMMIT.
 */
export function supportedAclOperations(type: UserAclResourceType, kafkaVersion: string): readonly AclOperation[] {
    const four = Number(kafkaVersion.split(".")[0]) >= 4;
    switch (type) {
        case "TOPIC":
            return ["ALL", "READ", "WRITE", "CREATE", "DESCRIBE", "DELETE", "ALTER", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"];
        case "GROUP":
            return four ? ["ALL", "READ", "DESCRIBE", "DELETE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"] : ["ALL", "READ", "DESCRIBE", "DELETE"];
        case "CLUSTER":
            return ["ALL", "CREATE", "CLUSTER_ACTION", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "IDEMPOTENT_WRITE", "ALTER", "DESCRIBE"];
        case "TRANSACTIONAL_ID":
            return four ? ["ALL", "DESCRIBE", "WRITE", "TWO_PHASE_COMMIT"] : ["ALL", "DESCRIBE", "WRITE"];
    }
}

export interface KafkaUserAcl {
    resourceType: UserAclResourceType;
    /** Resource name; `*` is every name. Ignored for CLUSTER (always kafka-cluster). */
    name?: string;
    /** @default "LITERAL" */
    patternType?: PatternType;
    operations: readonly AclOperation[];
    /** @default "ALLOW" */
    permission?: AclPermission;
    /** Client IP address. @default "*" */
    host?: string;
}

/** User-level client quotas (kafka-configs.sh --entity-type users names). */
export interface KafkaUserQuotas {
    /** Bytes per second the user may produce, per broker. */
    producer_byte_rate?: number;
    /** Bytes per second the user may fetch, per broker. */
    consumer_byte_rate?: number;
    /** Percentage of one request-handler and network thread. */
    request_percentage?: number;
    /** Partition mutations (create/add/delete) per second. */
    controller_mutation_rate?: number;
}

export interface KafkaUserSpec {
    /** SCRAM user name; its principal is `User:<name>`. */
    name: string;
    acls: readonly KafkaUserAcl[];
    /** @default none */
    quotas?: KafkaUserQuotas;
}

/** A user as a stack deploys it: where its clients run, and its password's rotation step. */
export interface DeployedUserSpec extends KafkaUserSpec {
    /** Namespace of the clients, which get the user's Secret there. @default the Kafka namespace */
    secretNamespace?: string;
    /** security.rotation.users[name]: a new password at every step. @default 0 */
    rotation?: number;
    /** An existing Secret in `secretNamespace` holding the password (read, never written). @default a generated password */
    passwordSecret?: { name: string; key: string };
}

export function principalOf(user: string): string {
    return `User:${user}`;
}

/** The spec's ACLs as bindings, one per operation, sorted and without duplicates. */
export function userAclBindings(spec: KafkaUserSpec): AclBinding[] {
    const out = new Map<string, AclBinding>();
    for (const acl of spec.acls) {
        for (const operation of acl.operations) {
            const b: AclBinding = {
                resourceType: acl.resourceType,
                name: acl.resourceType === "CLUSTER" ? CLUSTER_RESOURCE_NAME : (acl.name ?? WILDCARD),
                patternType: acl.patternType ?? "LITERAL",
                principal: principalOf(spec.name),
                host: acl.host ?? WILDCARD,
                operation,
                permission: acl.permission ?? "ALLOW",
            };
            out.set(aclArgument(b), b);
        }
    }
    return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, b]) => b);
}

/** A binding as apply-user.sh's `--acl` takes it: TYPE|NAME|PATTERN|HOST|OPERATION|PERMISSION. */
export function aclArgument(b: AclBinding): string {
    return [b.resourceType, b.name, b.patternType, b.host, b.operation, b.permission].join("|");
}

/** Parses an `--acl` argument back (the tests read rendered Jobs with it). */
export function parseAclArgument(arg: string, user: string): AclBinding {
    const [resourceType, name, patternType, host, operation, permission] = arg.split("|");
    return { resourceType, name, patternType, host, operation, permission, principal: principalOf(user) } as AclBinding;
}

/** `--quota key=value` arguments, in a stable order. */
export function quotaArguments(q: KafkaUserQuotas | undefined): string[] {
    return Object.entries(q ?? {})
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => `${k}=${v}`);
}

/**
 * A user name: it names Kubernetes objects (`<kafka.name>-user-<name>` Secrets, the user's Job),
 * so it is a DNS-1123 subdomain: dot-separated parts of lower-case letters, digits and '-', each
 * starting and ending with a letter or digit (no "..", ".-" or "-."). apply-user.sh checks the same.
 */
export const USER_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export const USER_NAME_RULE = "lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit (it names Kubernetes objects)";

/** Problems that would make apply-user.sh refuse the spec (exit 2) or kafka-acls.sh reject an ACL. */
export function userSpecProblems(spec: KafkaUserSpec): string[] {
    const problems: string[] = [];
    if (!USER_NAME_PATTERN.test(spec.name)) problems.push(`user name ${JSON.stringify(spec.name)}: ${USER_NAME_RULE}`);
    for (const b of userAclBindings(spec)) {
        if (/[|\n]/.test(b.name) || b.name === "") problems.push(`ACL resource name ${JSON.stringify(b.name)}: non-empty, no '|' or line break`);
        if (b.patternType === "PREFIXED" && b.name === WILDCARD) problems.push("a PREFIXED '*' ACL is not a wildcard: use LITERAL '*'");
    }
    return problems;
}
