/**
 * Kafka's ACL evaluation as a pure function, so tests (and the policy pack) can prove what a
 * principal may do on a rendered stack without a broker. It follows the two authorizers this
 * project runs, which decide identically for every rule modelled here:
 *
 * - KRaft (4.3.1): org.apache.kafka.metadata.authorizer.StandardAuthorizer, whose decision is
 *   StandardAuthorizerData.authorize (metadata/src/main/java/org/apache/kafka/metadata/authorizer/
 *   StandardAuthorizerData.java, cited below as SAD:<line>);
 * - ZooKeeper mode (3.9.2): kafka.security.authorizer.AclAuthorizer (core/src/main/scala/kafka/
 *   security/authorizer/AclAuthorizer.scala, cited as AA:<line>).
 *
 * Where they differ (only outside the decision): StandardAuthorizer throws
 * AuthorizerNotReadyException for non-super users until the metadata log is loaded (SAD:239-240);
 * AclAuthorizer loads its cache from ZooKeeper before serving. Not modelled: a request is
 * "not ready", not "denied". Configuration is parsed in StandardAuthorizer.java (cited SA:<line>).
 *
 * Names are the Java enum names kafka-acls.sh prints in `--list` (TOPIC, READ, ALLOW, ...).
 */

export const RESOURCE_TYPES = ["TOPIC", "GROUP", "CLUSTER", "TRANSACTIONAL_ID", "DELEGATION_TOKEN", "USER"] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export const PATTERN_TYPES = ["LITERAL", "PREFIXED"] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

export const ACL_OPERATIONS = [
    "ALL",
    "READ",
    "WRITE",
    "CREATE",
    "DELETE",
    "ALTER",
    "DESCRIBE",
    "CLUSTER_ACTION",
    "DESCRIBE_CONFIGS",
    "ALTER_CONFIGS",
    "IDEMPOTENT_WRITE",
    "CREATE_TOKENS",
    "DESCRIBE_TOKENS",
    "TWO_PHASE_COMMIT",
] as const;
export type AclOperation = (typeof ACL_OPERATIONS)[number];

export type AclPermission = "ALLOW" | "DENY";

/** The one cluster resource's name (clients/src/main/java/org/apache/kafka/common/resource/Resource.java:32). */
export const CLUSTER_RESOURCE_NAME = "kafka-cluster";
/** Wildcard resource name, principal name and host (SAD:66, SAD:71; AA:81). */
export const WILDCARD = "*";
export const WILDCARD_PRINCIPAL = "User:*";

/** One ACL binding: a resource pattern and an access control entry. */
export interface AclBinding {
    resourceType: ResourceType;
    /** Resource name; `*` with LITERAL is the wildcard (every name). */
    name: string;
    patternType: PatternType;
    /** `User:<name>`; `User:*` is every user. */
    principal: string;
    /** Client IP address, or `*`. */
    host: string;
    operation: AclOperation;
    permission: AclPermission;
}

/** The authorizer's configuration (`super.users`, `allow.everyone.if.no.acl.found`). */
export interface AuthorizerSettings {
    superUsers: readonly string[];
    allowEveryoneIfNoAclFound: boolean;
}

/** One action of a request: an operation on a literal resource, by a principal from a host. */
export interface AclRequest {
    principal: string;
    /** Client IP address. Default "10.0.0.1" (any address no ACL names). */
    host?: string;
    operation: Exclude<AclOperation, "ALL">;
    resourceType: ResourceType;
    name: string;
}

export type AclDecision =
    | { result: "ALLOWED"; rule: "SuperUser" | "DefaultAllow" | AclBinding }
    | { result: "DENIED"; rule: "DefaultDeny" | "NoMatchingAllow" | AclBinding };

/** Operations an ALLOW ACL also grants (SAD:436-443, AA:508-512; AclOperation.java's javadoc). */
const IMPLIED_BY: Partial<Record<AclOperation, readonly AclOperation[]>> = {
    DESCRIBE: ["DESCRIBE", "READ", "WRITE", "DELETE", "ALTER"],
    DESCRIBE_CONFIGS: ["DESCRIBE_CONFIGS", "ALTER_CONFIGS"],
};

/**
 * Does the ACL's resource pattern cover the literal resource? Same type; LITERAL `*` covers every
 * name (SAD:351-362, AA:543); LITERAL covers the equal name only (SAD:399-403, AA:547); PREFIXED
 * covers names that start with it (SAD:397-398, AA:551-557). Case-sensitive.
 */
export function patternMatches(acl: Pick<AclBinding, "resourceType" | "name" | "patternType">, type: ResourceType, name: string): boolean {
    if (acl.resourceType !== type) return false;
    if (acl.patternType === "LITERAL") return acl.name === WILDCARD || acl.name === name;
    return name.startsWith(acl.name);
}

/**
 * Does the entry apply to this principal, host and operation? Principal: the same or `User:*`
 * (SAD:463-468, SAD:488; AA:570). Host: `*` or the exact address string (SAD:492, AA:572).
 * Operation: ALL applies to everything, ALLOW and DENY alike (SAD:502, AA:571); an ALLOW of
 * READ/WRITE/DELETE/ALTER also allows DESCRIBE and an ALLOW of ALTER_CONFIGS also allows
 * DESCRIBE_CONFIGS (SAD:503-516, AA:508-513); a DENY denies only its own operation: DENY READ
 * does not deny DESCRIBE (SAD:517-519, AA:499-501).
 */
function entryApplies(acl: AclBinding, principal: string, host: string, operation: AclOperation): boolean {
    if (acl.principal !== principal && acl.principal !== WILDCARD_PRINCIPAL) return false;
    if (acl.host !== WILDCARD && acl.host !== host) return false;
    if (acl.operation === "ALL") return true;
    if (acl.permission === "ALLOW") return (IMPLIED_BY[operation] ?? [operation]).includes(acl.operation);
    return acl.operation === operation;
}

/**
 * The authorizer's decision, in its order: a super user is allowed anything, ACLs or not
 * (SAD:236-238, AA:524 and 530-535; super.users is `;`-separated, SA:195-208, AA:192-194). Then
 * among the ACLs whose pattern covers the resource: any applicable DENY wins (SAD:347-349 and
 * 426-428, then SAD:585-586; AA:520); else an applicable ALLOW allows (SAD:587-588, AA:520); else,
 * when no ACL at all (for any principal) covers the resource, `allow.everyone.if.no.acl.found`
 * decides (SAD:589-590 with SA:210-214; AA:491-497 and 196), else it is denied (SAD:591-592, AA:520).
 */
export function authorize(settings: AuthorizerSettings, acls: readonly AclBinding[], request: AclRequest): AclDecision {
    const host = request.host ?? "10.0.0.1";
    if (settings.superUsers.includes(request.principal)) return { result: "ALLOWED", rule: "SuperUser" };
    const covering = acls.filter((a) => patternMatches(a, request.resourceType, request.name));
    const applicable = covering.filter((a) => entryApplies(a, request.principal, host, request.operation));
    const deny = applicable.find((a) => a.permission === "DENY");
    if (deny) return { result: "DENIED", rule: deny };
    const allow = applicable.find((a) => a.permission === "ALLOW");
    if (allow) return { result: "ALLOWED", rule: allow };
    if (covering.length === 0) return settings.allowEveryoneIfNoAclFound ? { result: "ALLOWED", rule: "DefaultAllow" } : { result: "DENIED", rule: "DefaultDeny" };
    return { result: "DENIED", rule: "NoMatchingAllow" };
}

/** Shorthand: is the request allowed? */
export function isAllowed(settings: AuthorizerSettings, acls: readonly AclBinding[], request: AclRequest): boolean {
    return authorize(settings, acls, request).result === "ALLOWED";
}

/**
 * Parses `super.users` as StandardAuthorizer does: `;`-separated, trimmed, empty entries dropped
 * (SA:198-205). AclAuthorizer drops only trailing empty entries (Java's split) and refuses to
 * start on an empty one in the middle (AA:193, parseKafkaPrincipal("")); the rendered value never
 * has one.
 */
export function parseSuperUsers(value: string | undefined): string[] {
    return (value ?? "")
        .split(";")
        .map((s) => s.trim())
        .filter((s) => s !== "");
}

/** The settings a rendered server.properties gives its authorizer (null: no authorizer, everything allowed). */
export function authorizerSettingsOf(props: ReadonlyMap<string, string>): AuthorizerSettings | null {
    if (!props.get("authorizer.class.name")) return null;
    return {
        superUsers: parseSuperUsers(props.get("super.users")),
        // Boolean.parseBoolean of the trimmed value, absent is false (SA:210-214); AA:196 uses Scala's
        // toBoolean, which throws on anything but true/false: the rendered value is always one of them.
        allowEveryoneIfNoAclFound: (props.get("allow.everyone.if.no.acl.found") ?? "").trim().toLowerCase() === "true",
    };
}

/**
 * `Authorizer.authorizeByResourceType` (clients/src/main/java/org/apache/kafka/server/authorizer/
 * Authorizer.java:184-293 at 4.3.1, which StandardAuthorizer inherits): may the principal do
 * `operation` on *some* resource of the type? Kafka asks it where no resource is named, e.g. an
 * idempotent producer's InitProducerId passes with IDEMPOTENT_WRITE on the cluster or WRITE on any
 * topic (core/src/main/scala/kafka/server/KafkaApis.scala:1616-1617; 3.9.2 :2321-2322). Only the exact operation or
 * ALL counts (no implication, :229-231). A literal `*` DENY denies (:236-238), a literal `*`
 * ALLOW allows (:254-256, 267-269); otherwise any allowed name not equal to a denied literal nor
 * starting with a denied prefix allows (:271-290). Super users first (:187-194, an authorize on a
 * made-up name). 3.9.2's AclAuthorizer (AclAuthorizer.scala:352-408) decides the same with
 * allow.everyone.if.no.acl.found=false, the only setting this project uses, for every operation
 * but DESCRIBE and DESCRIBE_CONFIGS: it has no "hardcode" step, so an ALLOW that would imply them
 * on a pattern covering that name does not count there. Kafka asks only about WRITE (KafkaApis.scala
 * :1617 is the one caller at 4.3.1).
 */
export function authorizeByResourceType(
    settings: AuthorizerSettings,
    acls: readonly AclBinding[],
    request: Omit<AclRequest, "name">,
): "ALLOWED" | "DENIED" {
    const host = request.host ?? "10.0.0.1";
    if (authorize(settings, acls, { ...request, name: "hardcode" }).result === "ALLOWED") return "ALLOWED";
    const applicable = acls.filter(
        (a) =>
            a.resourceType === request.resourceType &&
            (a.host === host || a.host === WILDCARD) &&
            (a.principal === request.principal || a.principal === WILDCARD_PRINCIPAL) &&
            (a.operation === request.operation || a.operation === "ALL"),
    );
    const deny = applicable.filter((a) => a.permission === "DENY");
    if (deny.some((a) => a.patternType === "LITERAL" && a.name === WILDCARD)) return "DENIED";
    const allow = applicable.filter((a) => a.permission === "ALLOW");
    if (allow.some((a) => a.patternType === "LITERAL" && a.name === WILDCARD)) return "ALLOWED";
    const deniedLiterals = new Set(deny.filter((a) => a.patternType === "LITERAL").map((a) => a.name));
    const deniedPrefixes = deny.filter((a) => a.patternType === "PREFIXED").map((a) => a.name);
    const dominated = (a: AclBinding) => (a.patternType === "LITERAL" && deniedLiterals.has(a.name)) || deniedPrefixes.some((p) => a.name.startsWith(p));
    return allow.some((a) => !dominated(a)) ? "ALLOWED" : "DENIED";
}
