/**
 * What one Kafka consumer scaler is, as plain data: the typed fields of a KEDA `kafka` trigger and
 * its ScaledObject, their defaults, and the rules KEDA itself does not enforce (or enforces only
 * at runtime). The config schema and the KafkaConsumerScaler component share this module, so a
 * rule is written once.
 */

/** One HPA scaling direction, simplified to a single "at most N pods per period" policy. */
export interface ScalingDirection {
    /** Seconds of recommendations the HPA looks back over before acting (HPA `stabilizationWindowSeconds`). */
    stabilizationWindowSeconds: number;
    /** At most this many pods added (scale-up) or removed (scale-down) per period. */
    podsPerPeriod: number;
    /** Length of that period, seconds. */
    periodSeconds: number;
}

/** HPA behaviour (ScaledObject `advanced.horizontalPodAutoscalerConfig.behavior`). */
export interface ScalingBehavior {
    scaleUp: ScalingDirection;
    scaleDown: ScalingDirection;
}

/** Replicas KEDA keeps while the scaler fails (Kafka unreachable, metrics error). */
export interface ScalerFallback {
    /** Consecutive failed polls before the fallback applies. */
    failureThreshold: number;
    /** Replica count held while failing. */
    replicas: number;
}

/** The tunable part of a consumer scaler; every field has a default in SCALER_DEFAULTS. */
export interface ScalerTuning {
    /** Target lag per replica (KEDA `lagThreshold`, > 0). Default 10. */
    lagThreshold: number;
    /** Total lag above which a scaled-to-zero target activates (KEDA `activationLagThreshold`). Default 0. */
    activationLagThreshold: number;
    /** Fewest replicas; 0 lets KEDA scale the consumer to zero. Default 0. */
    minReplicaCount: number;
    /** Seconds between lag checks. Default 30. */
    pollingInterval: number;
    /** Seconds after the last active poll before scaling to zero. Default 300. */
    cooldownPeriod: number;
    /** Where a group without committed offsets starts: `latest` or `earliest`. Default latest. */
    offsetResetPolicy: "latest" | "earliest";
    /** Allow more replicas than partitions (they sit idle). Default false. */
    allowIdleConsumers: boolean;
    /** Count only partitions with lag when capping replicas. Default false. Excludes allowIdleConsumers. */
    limitToPartitionsWithLag: boolean;
    /** With no committed offset, report lag 0 (scale to zero) instead of 1. Default false. */
    scaleToZeroOnInvalidOffset: boolean;
    /** Ignore partitions whose lag does not move (a stuck poison message). Default false. */
    excludePersistentLag: boolean;
    /** HPA behaviour. Default: scale up by at most 2 pods a minute after a 30 s window, down by 1 pod every 2 minutes after 5 minutes. */
    behavior: ScalingBehavior;
}

/**
 * Defaults that avoid consumer-group rebalance storms: every replica change rebalances the group,
 * so scale-up is batched (30 s window, at most 2 pods a minute) and scale-down is slow (5 minute
 * window, 1 pod every 2 minutes) so a lag dip does not shed consumers that are needed again soon.
 */
export const SCALER_DEFAULTS: ScalerTuning = {
    lagThreshold: 10,
    activationLagThreshold: 0,
    minReplicaCount: 0,
    pollingInterval: 30,
    cooldownPeriod: 300,
    offsetResetPolicy: "latest",
    allowIdleConsumers: false,
    limitToPartitionsWithLag: false,
    scaleToZeroOnInvalidOffset: false,
    excludePersistentLag: false,
    behavior: {
        scaleUp: { stabilizationWindowSeconds: 30, podsPerPeriod: 2, periodSeconds: 60 },
        scaleDown: { stabilizationWindowSeconds: 300, podsPerPeriod: 1, periodSeconds: 120 },
    },
};

/** KEDA names the HPA `keda-hpa-<ScaledObject name>`; a Kubernetes name has at most 63 characters. */
export const KEDA_HPA_PREFIX = "keda-hpa-";
export const MAX_SCALED_OBJECT_NAME = 63 - KEDA_HPA_PREFIX.length;

/** What the rules need to know about one scaler. */
export interface ScalerRuleInput {
    name: string;
    hpaName?: string;
    minReplicaCount: number;
    maxReplicaCount: number;
    allowIdleConsumers: boolean;
    limitToPartitionsWithLag: boolean;
    fallback?: ScalerFallback;
    /** Partition count of the topic, when known. */
    topicPartitions?: number;
    topic: string;
}

/** A broken rule: the field it is about and a message that names the other keys involved. */
export interface ScalerViolation {
    field: "name" | "minReplicaCount" | "maxReplicaCount" | "limitToPartitionsWithLag" | "fallback";
    message: string;
}

/** Every rule a scaler breaks (empty when valid). */
export function scalerViolations(s: ScalerRuleInput): ScalerViolation[] {
    const out: ScalerViolation[] = [];
    if (s.hpaName === undefined && s.name.length > MAX_SCALED_OBJECT_NAME) {
        out.push({
            field: "name",
            message: `must be at most ${MAX_SCALED_OBJECT_NAME} characters (KEDA names the HPA "${KEDA_HPA_PREFIX}<name>", at most 63), or set hpaName`,
        });
    }
    if (s.minReplicaCount > s.maxReplicaCount) {
        out.push({ field: "minReplicaCount", message: `must be at most maxReplicaCount (${s.maxReplicaCount})` });
    }
    if (s.allowIdleConsumers && s.limitToPartitionsWithLag) {
        out.push({ field: "limitToPartitionsWithLag", message: "allowIdleConsumers and limitToPartitionsWithLag are mutually exclusive" });
    }
    if (s.topicPartitions !== undefined && !s.allowIdleConsumers && s.maxReplicaCount > s.topicPartitions) {
        out.push({
            field: "maxReplicaCount",
            message: `must be at most the partitions of topic ${s.topic} (${s.topicPartitions}): replicas beyond that sit idle (set allowIdleConsumers to allow it)`,
        });
    }
    if (s.fallback !== undefined && s.fallback.replicas > s.maxReplicaCount) {
        out.push({ field: "fallback", message: `fallback.replicas (${s.fallback.replicas}) must be at most maxReplicaCount (${s.maxReplicaCount})` });
    }
    return out;
}
