/**
 * Listener security as data: which protocol each listener speaks for a `security` setting, the
 * server.properties keys that make it work (SASL/SCRAM, PEM key and trust stores), the generated
 * users, and where Kafka pods find their credentials. Pure; KafkaCluster wires the Secrets.
 *
 * Secrets never enter server.properties: the template carries `@@SECRET:<file>@@` placeholders
 * that kafka-node.sh fills from the mounted credential files at pod start.
 */
import type { KafkaClientListener, KafkaClientSettings, SecurityProtocol } from "../common/client";
import { clusterNames, serviceDnsName } from "../common/names";
import { AuthenticationMode, AuthorizationMode, authorizationMode, RotationConfig, ZooKeeperAuthentication } from "../config/security";
import type { MetadataMode } from "./durability";
import { INTER_BROKER_LISTENER, Listener, ListenerName, ListenerProtocols } from "./listeners";

/** The `security` settings the Kafka data plane depends on. */
export interface KafkaSecurity {
    authentication: AuthenticationMode;
    tls: boolean;
    /** The generated user brokers log in to each other as (see interBrokerUser). Default `admin`. */
    interBrokerUser?: InterBrokerUser;
    /** ACL authorization on every node. @default "acls" with scram-sha-512 authentication, else "none" */
    authorization?: AuthorizationMode;
    /**
     * ZooKeeper mode: whether brokers log in to ZooKeeper and create znodes with ACLs
     * (`zookeeper.authentication` resolved, see zookeeperAuthentication). @default "none"
     */
    zookeeperAuthentication?: ZooKeeperAuthentication;
}

export const NO_SECURITY: KafkaSecurity = { authentication: "none", tls: false };

export const SCRAM_MECHANISM = "SCRAM-SHA-512" as const;
/** JAAS login module of every SCRAM mechanism. */
export const SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

/**
 * The users the program generates. `admin` and `admin-b` take turns as the inter-broker user
 * (and the administration user): SCRAM keeps one credential per user and mechanism, so a
 * password change of the user the brokers log in with is a flag day; moving the brokers to the
 * other user, whose fresh password is stored first, lets old and restarted brokers both log in
 * during the roll. These two are the only users the cluster itself holds: every client has its
 * own (KafkaUsers), so no password is shared between clients.
 */
export const SCRAM_USERS = { admin: "admin", "admin-b": "admin-b" } as const;
export type ScramUser = keyof typeof SCRAM_USERS;
export type InterBrokerUser = "admin" | "admin-b";

/** The inter-broker user of rotation step `interBrokerRotation` (`security.rotation.interBroker`). */
export function interBrokerUser(interBrokerRotation: number): InterBrokerUser {
    return interBrokerRotation % 2 === 0 ? "admin" : "admin-b";
}

/** The other inter-broker user: the one the brokers leave (and whose password is then retired). */
export function otherInterBrokerUser(user: InterBrokerUser): InterBrokerUser {
    return user === "admin" ? "admin-b" : "admin";
}

/**
 * The rotation step whose password a user holds: a password is generated anew exactly when this
 * changes. An inter-broker user gets a fresh password at the step that makes it active and keeps
 * it while the next step moves the brokers away.
 * 0 means "the first password" (no keepers, as generated before rotation existed).
 */
export function passwordGeneration(user: ScramUser, rotation: RotationConfig): number {
    const n = rotation.interBroker;
    const active = interBrokerUser(n);
    return user === active ? n : Math.max(n - 1, 0);
}

/** Name of the Secret holding a generated user's credentials. */
export function credentialsSecretName(cluster: string, user: ScramUser): string {
    const n = clusterNames(cluster);
    return { admin: n.adminCredentials, "admin-b": n.adminBCredentials }[user];
}

/** Keys of a credentials Secret. */
export const CREDENTIAL_KEYS = { username: "username", password: "password" } as const;

/** Keys of the TLS Secrets: the CA Secret holds only `ca`; the broker Secret all four. */
export const TLS_KEYS = { ca: "ca.crt", certificate: "tls.crt", privateKey: "tls.key", keystore: "keystore.pem" } as const;

/** Where Kafka pods mount their secrets (outside the read-only ConfigMap mount). */
export const SECRET_PATHS = {
    /** Projected credentials: `<user>-username`, `<user>-password` per generated user. */
    users: "/etc/kafka-eks-users",
    /** The broker TLS Secret. */
    tls: "/etc/kafka-eks-tls",
} as const;

/** File name of a user's credential in SECRET_PATHS.users. */
export function credentialFile(user: ScramUser, key: keyof typeof CREDENTIAL_KEYS): string {
    return `${user}-${CREDENTIAL_KEYS[key]}`;
}

/** Placeholder kafka-node.sh replaces with the content of `SECRETS_DIR/<file>`. */
export function secretPlaceholder(file: string): string {
    return `@@SECRET:${file}@@`;
}

export function usesSasl(p: SecurityProtocol): boolean {
    return p === "SASL_PLAINTEXT" || p === "SASL_SSL";
}

export function usesSsl(p: SecurityProtocol): boolean {
    return p === "SSL" || p === "SASL_SSL";
}

/**
 * Protocol per listener. CLIENT and INTERNAL follow both switches; CONTROLLER never uses SASL
 * (KRaft would need the credentials before the quorum that stores them exists): with TLS it is
 * mutual TLS, without it PLAINTEXT reachable only from Kafka pods (NetworkPolicy).
 */
export function listenerProtocols(s: KafkaSecurity): ListenerProtocols {
    const sasl = s.authentication !== "none";
    const protocol: SecurityProtocol = sasl ? (s.tls ? "SASL_SSL" : "SASL_PLAINTEXT") : s.tls ? "SSL" : "PLAINTEXT";
    return { CLIENT: protocol, INTERNAL: protocol, CONTROLLER: s.tls ? "SSL" : "PLAINTEXT" };
}

/** Listeners that only Kafka nodes use: with plain SSL they demand a client certificate. */
const NODE_ONLY: ListenerName[] = ["INTERNAL", "CONTROLLER"];

/**
 * server.properties keys for the listeners a node opens (`own`) and connects to (`mapped`, e.g. a
 * KRaft broker's controller listener). Prefixed keys use the forms the broker-config key lists
 * document: `listener.name.<listener lower-case>.<key>` and
 * `listener.name.<listener lower-case>.<mechanism lower-case>.sasl.jaas.config`.
 */
export function securityProperties(own: Listener[], mapped: Listener[], isBroker: boolean, interBroker: InterBrokerUser = "admin"): [string, string][] {
    const out: [string, string][] = [];
    const all = [...own, ...mapped];
    if (own.some((l) => usesSasl(l.protocol))) out.push(["sasl.enabled.mechanisms", SCRAM_MECHANISM]);
    const internal = own.find((l) => l.name === INTER_BROKER_LISTENER);
    if (isBroker && internal && usesSasl(internal.protocol)) out.push(["sasl.mechanism.inter.broker.protocol", SCRAM_MECHANISM]);
    for (const l of own) {
        const prefix = `listener.name.${l.name.toLowerCase()}`;
        if (usesSasl(l.protocol)) {
            // The inter-broker listener is also a client of itself: it logs in as the inter-broker user.
            const login =
                l.name === INTER_BROKER_LISTENER
                    ? `${SCRAM_LOGIN_MODULE} required username="${secretPlaceholder(credentialFile(interBroker, "username"))}" password="${secretPlaceholder(credentialFile(interBroker, "password"))}";`
                    : `${SCRAM_LOGIN_MODULE} required;`;
            out.push([`${prefix}.${SCRAM_MECHANISM.toLowerCase()}.sasl.jaas.config`, login]);
        }
        if (l.protocol === "SSL" && NODE_ONLY.includes(l.name)) out.push([`${prefix}.ssl.client.auth`, "required"]);
    }
    if (all.some((l) => usesSsl(l.protocol))) {
        // PEM files straight from the Secret (Kafka >= 2.7): no JKS conversion, no store passwords.
        out.push(
            ["ssl.keystore.type", "PEM"],
            ["ssl.keystore.location", `${SECRET_PATHS.tls}/${TLS_KEYS.keystore}`],
            ["ssl.truststore.type", "PEM"],
            ["ssl.truststore.location", `${SECRET_PATHS.tls}/${TLS_KEYS.ca}`],
            // The default, written out: clients and peers check the broker's name against its certificate.
            ["ssl.endpoint.identification.algorithm", "https"],
        );
    }
    return out;
}

/** The CLIENT listener as clients see it: protocol, SASL mechanism (no user: each client has its own), the CA. */
export function clientSecurity(cluster: string, s: KafkaSecurity): Pick<KafkaClientListener, "securityProtocol" | "sasl" | "tls"> {
    const n = clusterNames(cluster);
    const securityProtocol = listenerProtocols(s).CLIENT;
    return {
        securityProtocol,
        ...(usesSasl(securityProtocol) ? { sasl: { mechanism: SCRAM_MECHANISM, usernameKey: CREDENTIAL_KEYS.username, passwordKey: CREDENTIAL_KEYS.password } } : {}),
        ...(usesSsl(securityProtocol) ? { tls: { caSecretName: n.caSecret, caKey: TLS_KEYS.ca } } : {}),
    };
}

/**
 * How the cluster's own machinery (the roller) logs in: as the active inter-broker user, a super
 * user. It runs inside KafkaCluster, before any application user exists, and must see every
 * partition: with fewer rights kafka-topics.sh --describe silently leaves out the topics it may
 * not describe, and an ISR check over a subset would let a roll take a hidden partition below
 * min ISR.
 */
export function operatorClientSecurity(cluster: string, s: KafkaSecurity): Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls"> {
    const { sasl, ...c } = clientSecurity(cluster, s);
    return sasl ? { ...c, sasl: { ...sasl, secretName: credentialsSecretName(cluster, s.interBrokerUser ?? "admin") } } : c;
}

/**
 * DNS names the broker certificate covers: every pod behind each headless Service (one wildcard
 * per Service: pods are `<pod>.<headless>.<ns>.svc.cluster.local`) and the bootstrap Service in
 * its usual spellings.
 */
export function brokerCertificateDnsNames(cluster: string, namespace: string, headlessServices: string[]): string[] {
    const n = clusterNames(cluster);
    const bootstrap = serviceDnsName(n.bootstrap, namespace);
    return [
        ...headlessServices.map((h) => `*.${serviceDnsName(h, namespace)}`),
        bootstrap,
        `${n.bootstrap}.${namespace}.svc`,
        `${n.bootstrap}.${namespace}`,
        n.bootstrap,
    ];
}

/** Authorizer of each metadata mode: KRaft keeps ACLs in the metadata log, ZooKeeper mode in ZooKeeper. */
export const AUTHORIZER_CLASS: Readonly<Record<MetadataMode, string>> = {
    // 4.3.1 metadata/src/main/java/org/apache/kafka/metadata/authorizer/StandardAuthorizer.java:57
    kraft: "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    // 3.9.2 core/src/main/scala/kafka/security/authorizer/AclAuthorizer.scala (ACLs from the broker's zookeeper.connect, :198-200)
    zookeeper: "kafka.security.authorizer.AclAuthorizer",
};

/**
 * Maps a certificate's distinguished name to its CN, wherever the CN sits in the RFC 2253 name
 * (DefaultKafkaPrincipalBuilder.java:105 applies it to X500Principal.getName(); rule syntax and
 * `$1` back-reference: clients/.../security/ssl/SslPrincipalMapper.java:31-76 and 135-138, the
 * same at 3.9.2 and 4.3.1). Other certificates keep their full DN (DEFAULT).
 */
export const SSL_PRINCIPAL_MAPPING_RULES = "RULE:^(?:.*,)?CN=([^,]+)(?:,.*)?$/$1/,DEFAULT";

/** The principal a node's certificate maps to: its CN, the first non-wildcard name (certificates.ts). */
export function nodeCertificatePrincipal(cluster: string, namespace: string): string {
    const commonName = brokerCertificateDnsNames(cluster, namespace, []).find((d) => !d.startsWith("*."))!;
    return `User:${commonName}`;
}

/**
 * Principals allowed everything without ACLs: both inter-broker users (SASL inter-broker listener;
 * `admin` and `admin-b` take turns under security.rotation.interBroker, and super.users is read only
 * at startup, so during a roll old nodes log in as one and restarted nodes as the other) and the
 * node certificate (mutual TLS to the controllers, and between brokers without SASL).
 * Nobody else: every client has its own user with ACLs (KafkaUsers).
 */
export function superUsers(cluster: string, namespace: string, s: KafkaSecurity): string[] {
    const users: string[] = [];
    if (s.authentication !== "none") users.push(`User:${SCRAM_USERS.admin}`, `User:${SCRAM_USERS["admin-b"]}`);
    if (s.tls) users.push(nodeCertificatePrincipal(cluster, namespace));
    return users;
}

/**
 * The authorizer block of server.properties, for every node that serves requests (brokers and
 * controllers): controllers authorize the requests brokers forward and the quorum's own traffic.
 */
export function authorizerProperties(mode: MetadataMode, cluster: string, namespace: string, s: KafkaSecurity): [string, string][] {
    if (authorizationMode(s) !== "acls") return [];
    const out: [string, string][] = [
        ["authorizer.class.name", AUTHORIZER_CLASS[mode]],
        // super.users is ;-separated (StandardAuthorizer.java:195-205, AclAuthorizer.scala:192-194).
        ["super.users", superUsers(cluster, namespace, s).join(";")],
        ["allow.everyone.if.no.acl.found", "false"],
    ];
    if (s.tls) out.push(["ssl.principal.mapping.rules", SSL_PRINCIPAL_MAPPING_RULES]);
    return out;
}
