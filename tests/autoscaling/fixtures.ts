/** Client settings and scaler inputs shared by the autoscaling tests. */
import type { KafkaClientSettings } from "../../components/common/client";
import { SCALER_DEFAULTS } from "../../components/autoscaling/scaler-settings";
import type { ScaledObjectInput } from "../../components/autoscaling/scaled-object-spec";

export const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";

export const PLAINTEXT: KafkaClientSettings = { bootstrapServers: BOOTSTRAP, namespace: "kafka", securityProtocol: "PLAINTEXT" };

export const SASL_SSL: KafkaClientSettings = {
    bootstrapServers: BOOTSTRAP,
    namespace: "kafka",
    securityProtocol: "SASL_SSL",
    sasl: { mechanism: "SCRAM-SHA-512", secretName: "kafka-client-user", usernameKey: "user", passwordKey: "pass" },
    tls: { caSecretName: "kafka-ca", caKey: "ca.crt" },
};

export function scalerInput(overrides: Partial<ScaledObjectInput> = {}): ScaledObjectInput {
    return {
        ...SCALER_DEFAULTS,
        name: "orders-consumer",
        cluster: "kafka",
        namespace: "kafka",
        deployment: "orders-consumer",
        bootstrapServers: BOOTSTRAP,
        topic: "orders",
        consumerGroup: "orders-processor",
        maxReplicaCount: 6,
        client: PLAINTEXT,
        ...overrides,
    };
}

/** The pod template of a rendered Deployment (the SDK's input types wrap everything in Input<>). */
export function podTemplate<T>(deployment: { spec?: unknown }): { metadata: { labels: Record<string, string> }; spec: T } {
    return (deployment.spec as { template: { metadata: { labels: Record<string, string> }; spec: T } }).template;
}
