/** Pure builders: scaler settings in, ScaledObject and TriggerAuthentication manifests out. */
import type { KafkaClientSettings } from "../common/client";
import { labels } from "../common/labels";
import { kafkaTriggerMetadata, needsTriggerAuthentication } from "./kafka-trigger";
import type { HpaScalingRules, ScaledObjectManifest, SecretTargetRef, TriggerAuthenticationManifest } from "./keda-types";
import type { ScalerFallback, ScalerTuning, ScalingDirection } from "./scaler-settings";

export interface ScaledObjectInput extends ScalerTuning {
    /** ScaledObject name. */
    name: string;
    /** Kafka cluster name (labels). */
    cluster: string;
    /** Namespace of the ScaledObject, the target Deployment and the credential Secrets. */
    namespace: string;
    /** Deployment to scale. */
    deployment: string;
    bootstrapServers: string;
    topic: string;
    consumerGroup: string;
    maxReplicaCount: number;
    fallback?: ScalerFallback;
    hpaName?: string;
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
}

/** TriggerAuthentication name of a scaler. */
export function triggerAuthenticationName(scaler: string): string {
    return `${scaler}-kafka-auth`;
}

function rules(d: ScalingDirection): HpaScalingRules {
    return {
        stabilizationWindowSeconds: d.stabilizationWindowSeconds,
        selectPolicy: "Max",
        policies: [{ type: "Pods", value: d.podsPerPeriod, periodSeconds: d.periodSeconds }],
    };
}

export function buildScaledObject(s: ScaledObjectInput): ScaledObjectManifest {
    const auth = needsTriggerAuthentication(s.client);
    return {
        apiVersion: "keda.sh/v1alpha1",
        kind: "ScaledObject",
        metadata: { name: s.name, namespace: s.namespace, labels: labels(s.cluster, "consumer-scaler", s.name) },
        spec: {
            scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: s.deployment },
            pollingInterval: s.pollingInterval,
            cooldownPeriod: s.cooldownPeriod,
            minReplicaCount: s.minReplicaCount,
            maxReplicaCount: s.maxReplicaCount,
            ...(s.fallback ? { fallback: { failureThreshold: s.fallback.failureThreshold, replicas: s.fallback.replicas, behavior: "static" as const } } : {}),
            advanced: {
                restoreToOriginalReplicaCount: false,
                horizontalPodAutoscalerConfig: {
                    ...(s.hpaName !== undefined ? { name: s.hpaName } : {}),
                    behavior: { scaleUp: rules(s.behavior.scaleUp), scaleDown: rules(s.behavior.scaleDown) },
                },
            },
            triggers: [
                {
                    type: "kafka",
                    name: "consumer-lag",
                    metricType: "AverageValue",
                    metadata: kafkaTriggerMetadata(s),
                    ...(auth ? { authenticationRef: { name: triggerAuthenticationName(s.name), kind: "TriggerAuthentication" as const } } : {}),
                },
            ],
        },
    };
}

/** The Secret references KEDA reads: SASL user and password, and the CA bundle. */
export function secretTargetRefs(client: Pick<KafkaClientSettings, "sasl" | "tls">): SecretTargetRef[] {
    const refs: SecretTargetRef[] = [];
    if (client.sasl !== undefined) {
        refs.push({ parameter: "username", name: client.sasl.secretName, key: client.sasl.usernameKey });
        refs.push({ parameter: "password", name: client.sasl.secretName, key: client.sasl.passwordKey });
    }
    if (client.tls !== undefined) refs.push({ parameter: "ca", name: client.tls.caSecretName, key: client.tls.caKey });
    return refs;
}

/** The scaler's TriggerAuthentication, or undefined when the cluster needs no credentials. */
export function buildTriggerAuthentication(
    s: Pick<ScaledObjectInput, "name" | "cluster" | "namespace" | "client">,
): TriggerAuthenticationManifest | undefined {
    if (!needsTriggerAuthentication(s.client)) return undefined;
    const name = triggerAuthenticationName(s.name);
    return {
        apiVersion: "keda.sh/v1alpha1",
        kind: "TriggerAuthentication",
        metadata: { name, namespace: s.namespace, labels: labels(s.cluster, "consumer-scaler", s.name) },
        spec: { secretTargetRef: secretTargetRefs(s.client) },
    };
}
