/**
 * ZooKeeper's SASL login as data (`zookeeper.authentication: sasl`): the DIGEST-MD5 user the
 * brokers log in as, the JAAS files of both sides, the zoo.cfg lines that make the server demand
 * the login, and where each pod finds its file. Pure; ZooKeeperEnsemble generates the password
 * and the Secret holding both files, each pod mounts only its own.
 *
 * Why both layers: with enforcement alone, a broker writing znodes with open ACLs still leaves
 * them to anyone who logs in; with ACLs alone (`zookeeper.set.acl`), anyone reaching port 2181
 * could still read the world-readable metadata and create znodes where Kafka left them open
 * (/consumers). The servers also authenticate each other on the quorum ports (2888/3888) as
 * a second user whose password the brokers never see, on top of the NetworkPolicy
 * `zookeeper-quorum` that lets only ZooKeeper pods reach them.
 */
import type { ZooKeeperAuthentication } from "../config/security";

export type { ZooKeeperAuthentication };

/** The one ZooKeeper client user: what every broker (and the scram-users init step) logs in as. */
export const ZOOKEEPER_SASL_USER = "kafka";
/** The user ZooKeeper servers log in to each other as (quorum SASL); only the server JAAS file holds it. */
export const ZOOKEEPER_QUORUM_USER = "quorum";

/** Keys of the ZooKeeper credentials Secret: a finished JAAS file per side. */
export const ZOOKEEPER_JAAS_KEYS = { server: "server-jaas.conf", client: "client-jaas.conf" } as const;

/** Where the JAAS file is mounted (a directory of its own, outside the other mounts). */
export const ZOOKEEPER_JAAS_DIRS = { zookeeper: "/etc/zookeeper-eks-jaas", kafka: "/etc/kafka-eks-zookeeper" } as const;

/** The JAAS file each side's JVM reads. */
export const ZOOKEEPER_JAAS_FILES = {
    zookeeper: `${ZOOKEEPER_JAAS_DIRS.zookeeper}/${ZOOKEEPER_JAAS_KEYS.server}`,
    kafka: `${ZOOKEEPER_JAAS_DIRS.kafka}/${ZOOKEEPER_JAAS_KEYS.client}`,
} as const;

/**
 * ZooKeeper's DIGEST-MD5 login module, on both sides (apache/zookeeper release-3.8.6
 * zookeeper-server/src/main/java/org/apache/zookeeper/server/auth/DigestLoginModule.java:43-50 reads
 * `username`/`password` for a client; the server's users are the `user_<name>` options,
 * SaslServerCallbackHandler.java:39,64-69).
 */
export const DIGEST_LOGIN_MODULE = "org.apache.zookeeper.server.auth.DigestLoginModule";
export const SASL_AUTH_PROVIDER = "org.apache.zookeeper.server.auth.SASLAuthenticationProvider";

/**
 * zoo.cfg lines of a server that demands the login (ZooKeeper 3.8.6). Unknown zoo.cfg keys become
 * `zookeeper.<key>` system properties (QuorumPeerConfig.java:388-389):
 * - `authProvider.<any>` registers the `sasl` scheme (ProviderRegistry.java:32,64-75; zookeeperAdmin.md
 *   "authProvider"); without it enforcement refuses to start ("Authentication scheme sasl is not
 *   available", AuthenticationHelper.java:81-86).
 * - `enforce.auth.enabled` + `enforce.auth.schemes=sasl` (new in 3.7.0; AuthenticationHelper.java:38-39,
 *   57-64): a session that has not logged in is answered SESSIONCLOSEDREQUIRESASLAUTH and closed at
 *   its first request (:118-132). The older `requireClientAuthScheme=sasl` is read by nothing in 3.8;
 *   `sessionRequireClientSASLAuth=true` is the 3.6 shorthand for these two (:53-56).
 * Four-letter words (the probes) are answered before any session exists, so they keep working.
 * - `quorum.auth.*` (QuorumPeerConfig.java:353-358; names in quorum/auth/QuorumAuth.java:32-34): every
 *   server authenticates with SASL on both quorum connections, a follower to its leader
 *   (Learner.java:354, LearnerHandler.java:290) and leader election (QuorumCnxManager.java:509,636),
 *   and demands it from the other side; login sections QuorumServer / QuorumLearner (QuorumAuth.java:39-43).
 *   Safe only because every server of an ensemble starts with it: a running open ensemble could not
 *   roll onto it (the layout guard refuses switching zookeeper.authentication).
 */
export const ZOOKEEPER_SASL_SERVER_CFG: readonly string[] = [
    `authProvider.sasl=${SASL_AUTH_PROVIDER}`,
    "enforce.auth.enabled=true",
    "enforce.auth.schemes=sasl",
    "quorum.auth.enableSasl=true",
    "quorum.auth.learnerRequireSasl=true",
    "quorum.auth.serverRequireSasl=true",
];

/** The JVM option that points a JVM at its JAAS file (a path: never a secret). */
export function jaasLoginOption(file: string): string {
    return `-Djava.security.auth.login.config=${file}`;
}

/**
 * A password safe inside a JAAS quoted value (no quote, backslash or semicolon): RandomPassword with
 * `special: false` gives letters and digits; the set is the one kafka-node.sh accepts for credentials.
 */
function checked(password: string): string {
    if (!/^[A-Za-z0-9._~-]+$/.test(password)) throw new Error("a ZooKeeper password may hold only letters, digits and ._~- (it is written into a JAAS file)");
    return password;
}

/**
 * The server side: section `Server`, ZooKeeper's default server login context
 * (ZooKeeperSaslServer.java:31-32), with the client user; `QuorumServer` (the quorum user a peer
 * must present) and `QuorumLearner` (what this server presents to its peers).
 */
export function zookeeperServerJaas(password: string, quorumPassword: string): string {
    return [
        `Server {\n    ${DIGEST_LOGIN_MODULE} required\n    user_${ZOOKEEPER_SASL_USER}="${checked(password)}";\n};`,
        `QuorumServer {\n    ${DIGEST_LOGIN_MODULE} required\n    user_${ZOOKEEPER_QUORUM_USER}="${checked(quorumPassword)}";\n};`,
        `QuorumLearner {\n    ${DIGEST_LOGIN_MODULE} required\n    username="${ZOOKEEPER_QUORUM_USER}"\n    password="${checked(quorumPassword)}";\n};`,
    ].join("\n") + "\n";
}

/**
 * The client side: section `Client`, the login context both ZooKeeper's client
 * (ZKClientConfig.java:39-40, default "Client") and Kafka look for. Kafka 3.9.2 treats ZooKeeper
 * as secured exactly when that section exists (clients/src/main/java/org/apache/kafka/common/security/
 * JaasUtils.java:37,55-81), which kafka-configs.sh --zookeeper then also uses to create znodes with
 * ACLs (core/src/main/scala/kafka/admin/ConfigCommand.scala:117).
 */
export function zookeeperClientJaas(password: string): string {
    return `Client {\n    ${DIGEST_LOGIN_MODULE} required\n    username="${ZOOKEEPER_SASL_USER}"\n    password="${checked(password)}";\n};\n`;
}
