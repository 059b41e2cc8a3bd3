/**
 * The subset of KEDA's keda.sh/v1alpha1 API (v2.20) this project renders, as TypeScript types.
 * Tests check rendered objects against the CRDs' openAPIV3Schema, so these cannot drift silently.
 */

export interface KedaObjectMeta {
    name: string;
    namespace: string;
    labels: Record<string, string>;
}

export interface HpaScalingPolicy {
    type: "Pods" | "Percent";
    value: number;
    periodSeconds: number;
}

export interface HpaScalingRules {
    stabilizationWindowSeconds: number;
    selectPolicy: "Max" | "Min" | "Disabled";
    policies: HpaScalingPolicy[];
}

export interface KafkaTrigger {
    type: "kafka";
    /** Trigger name (also in the external metric name). */
    name: string;
    /** AverageValue: lag is divided by the replica count, so lagThreshold is lag per replica. */
    metricType: "AverageValue";
    /** Every value a string (the CRD's additionalProperties type). */
    metadata: Record<string, string>;
    authenticationRef?: { name: string; kind: "TriggerAuthentication" };
}

export interface ScaledObjectSpec {
    scaleTargetRef: { apiVersion: "apps/v1"; kind: "Deployment"; name: string };
    pollingInterval: number;
    cooldownPeriod: number;
    minReplicaCount: number;
    maxReplicaCount: number;
    fallback?: { failureThreshold: number; replicas: number; behavior: "static" };
    advanced: {
        restoreToOriginalReplicaCount: boolean;
        horizontalPodAutoscalerConfig: {
            name?: string;
            behavior: { scaleUp: HpaScalingRules; scaleDown: HpaScalingRules };
        };
    };
    triggers: KafkaTrigger[];
}

export interface ScaledObjectManifest {
    apiVersion: "keda.sh/v1alpha1";
    kind: "ScaledObject";
    metadata: KedaObjectMeta;
    spec: ScaledObjectSpec;
}

/** One value KEDA reads from a Secret in the TriggerAuthentication's namespace. */
export interface SecretTargetRef {
    /** Scaler parameter (e.g. username, password, ca). */
    parameter: string;
    /** Secret name. */
    name: string;
    /** Key in the Secret. */
    key: string;
}

export interface TriggerAuthenticationManifest {
    apiVersion: "keda.sh/v1alpha1";
    kind: "TriggerAuthentication";
    metadata: KedaObjectMeta;
    spec: { secretTargetRef: SecretTargetRef[] };
}
