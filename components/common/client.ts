/**
 * How an in-cluster client reaches the Kafka cluster. KafkaCluster produces it; everything that
 * talks to Kafka (topic apply, UI, KEDA scalers, example consumers, smoke test) consumes it, so
 * a change of listener security reaches every client at once.
 */
import type * as pulumi from "@pulumi/pulumi";

export type SecurityProtocol = "PLAINTEXT" | "SASL_PLAINTEXT" | "SASL_SSL" | "SSL";

export interface KafkaClientSettings {
    /** `host:port[,host:port]` of the bootstrap Service, in-cluster DNS. */
    bootstrapServers: pulumi.Input<string>;
    /** Namespace of the cluster (and of the Secrets named below). */
    namespace: string;
    securityProtocol: SecurityProtocol;
    /** SASL credentials, as a Secret in `namespace`; set when securityProtocol is SASL_*. */
    sasl?: { mechanism: "SCRAM-SHA-512"; secretName: string; usernameKey: string; passwordKey: string };
    /** CA bundle to trust, as a Secret in `namespace`; set when securityProtocol is SSL or SASL_SSL. */
    tls?: { caSecretName: string; caKey: string };
}
