/**
 * How an in-cluster client reaches the Kafka cluster. KafkaCluster describes its client listener
 * (`KafkaClientListener`: address, protocol, CA, but no user); a client (topic apply, UI, KEDA
 * scalers, example consumers, smoke test) takes `KafkaClientSettings`, which on a SASL listener
 * names the user it logs in as. The listener is not assignable to the settings, so a client that
 * forgot to choose a user does not compile: there is no shared default user.
 */
import type * as pulumi from "@pulumi/pulumi";

export type SecurityProtocol = "PLAINTEXT" | "SASL_PLAINTEXT" | "SASL_SSL" | "SSL";

/** SASL as the listener offers it: the mechanism and the keys of a user's credentials Secret. */
export interface SaslListener {
    mechanism: "SCRAM-SHA-512";
    usernameKey: string;
    passwordKey: string;
}

/** One user's SCRAM login: its credentials Secret, in the client's namespace. */
export interface SaslLogin extends SaslListener {
    secretName: string;
}

/** What KafkaCluster says about its client listener. Not a client: it names no user. */
export interface KafkaClientListener {
    /** `host:port[,host:port]` of the bootstrap Service, in-cluster DNS. */
    bootstrapServers: pulumi.Input<string>;
    /** Namespace of the cluster (and of the CA Secret named below). */
    namespace: string;
    securityProtocol: SecurityProtocol;
    /** Set when securityProtocol is SASL_*: every client must log in as a user of its own. */
    sasl?: SaslListener;
    /** CA bundle to trust, as a Secret in `namespace`; set when securityProtocol is SSL or SASL_SSL. */
    tls?: { caSecretName: string; caKey: string };
}

/** How one client connects: the listener, and on a SASL listener the user it logs in as. */
export interface KafkaClientSettings extends Omit<KafkaClientListener, "sasl"> {
    /** Namespace the client runs in, where the Secrets named below are. */
    namespace: string;
    /** The user's credentials Secret; set when securityProtocol is SASL_*. */
    sasl?: SaslLogin;
}

/** The listener as `user`'s client: its credentials Secret `secretName` in `namespace`. */
export function clientAs(listener: KafkaClientListener, user: { secretName: string; namespace?: string; tls?: KafkaClientListener["tls"] }): KafkaClientSettings {
    const { sasl, ...rest } = listener;
    return {
        ...rest,
        namespace: user.namespace ?? listener.namespace,
        ...(sasl ? { sasl: { ...sasl, secretName: user.secretName } } : {}),
        ...(listener.tls && user.tls ? { tls: user.tls } : {}),
    };
}

/**
 * The listener as a client that logs in as nobody. Only for a listener without SASL: on a SASL
 * listener each client must be given its own user (KafkaUsers.clientFor).
 */
export function anonymousClient(listener: KafkaClientListener): KafkaClientSettings {
    if (listener.sasl) throw new Error(`anonymousClient: the ${listener.securityProtocol} listener needs a user; give the client its own (KafkaUsers.clientFor)`);
    const { sasl: _none, ...rest } = listener;
    return rest;
}
