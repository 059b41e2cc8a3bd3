/**
 * Pod-template pieces every workload shares: placement across zones and nodes, and the
 * restricted Pod Security Standard. One module so ZooKeeper, Kafka, UI and consumers cannot drift.
 */
import type * as k8s from "./kubernetes";

type PodSpec = k8s.types.input.core.v1.PodSpec;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

export const ZONE_KEY = "topology.kubernetes.io/zone";
export const HOSTNAME_KEY = "kubernetes.io/hostname";

/** `required`: never co-locate (Pending rather than unsafe); `preferred`: best effort (single-zone/dev clusters). */
export type SpreadMode = "required" | "preferred";

export interface Placement {
    /** How replicas spread over availability zones. */
    zones: SpreadMode;
    /** How replicas spread over nodes. */
    hosts: SpreadMode;
    /**
     * Zones that must exist for a `required` zone spread (minDomains): with fewer zones the
     * scheduler treats the missing ones as empty and will not double up. Default 3.
     */
    minZones?: number;
    /** Node labels the pods require (a dedicated node group). Default none. */
    nodeSelector?: Record<string, string>;
    /** Taints the pods tolerate (a dedicated node group's). Default none. */
    tolerations?: Array<{ key: string; operator?: "Equal" | "Exists"; value?: string; effect?: string }>;
}

/**
 * Zone spread (maxSkew 1) plus hostname anti-affinity for the pods matching `selector`.
 * A required hostname anti-affinity with replicas ≤ nodes is safe; a required *zone*
 * anti-affinity is not (it leaves replicas > zones Pending forever), so zones use a spread constraint.
 */
export function spreadPods(selector: Record<string, string>, placement: Placement): Pick<PodSpec, "topologySpreadConstraints" | "affinity"> {
    const labelSelector = { matchLabels: selector };
    const zoneConstraint =
        placement.zones === "required"
            ? { maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: "DoNotSchedule", minDomains: placement.minZones ?? 3, labelSelector }
            : { maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: "ScheduleAnyway", labelSelector };
    const hostTerm = { topologyKey: HOSTNAME_KEY, labelSelector };
    const podAntiAffinity =
        placement.hosts === "required"
            ? { requiredDuringSchedulingIgnoredDuringExecution: [hostTerm] }
            : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: hostTerm }] };
    return { topologySpreadConstraints: [zoneConstraint], affinity: { podAntiAffinity } };
}

/** nodeSelector and tolerations of a placement, omitted when empty. */
export function nodeConstraints(placement: Placement): Pick<PodSpec, "nodeSelector" | "tolerations"> {
    const selector = placement.nodeSelector ?? {};
    const tolerations = placement.tolerations ?? [];
    return {
        ...(Object.keys(selector).length > 0 ? { nodeSelector: selector } : {}),
        ...(tolerations.length > 0 ? { tolerations: tolerations.map((t) => ({ ...t })) } : {}),
    };
}

/** Pod-level part of the restricted Pod Security Standard, running as `uid`. */
export function restrictedPodSecurity(uid: number): NonNullable<PodSpec["securityContext"]> {
    return {
        runAsNonRoot: true,
        runAsUser: uid,
        runAsGroup: uid,
        fsGroup: uid,
        // Only chown a volume when its root is not already ours: large Kafka volumes mount fast.
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container-level part of the restricted Pod Security Standard. */
export function restrictedContainerSecurity(readOnlyRootFilesystem: boolean): SecurityContext {
    return {
        allowPrivilegeEscalation: false,
        capabilities: { drop: ["ALL"] },
        readOnlyRootFilesystem,
        runAsNonRoot: true,
    };
}

/**
 * A projected ServiceAccount token with the cluster CA, for the one container that calls the
 * Kubernetes API (mounted at /var/run/secrets/kubernetes.io/serviceaccount, where in-cluster
 * clients look): pods set automountServiceAccountToken false so no other container gets it.
 */
export function kubeApiTokenVolume(name: string) {
    return {
        name,
        projected: {
            defaultMode: 0o444,
            sources: [
                { serviceAccountToken: { path: "token", expirationSeconds: 3600 } },
                { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
            ],
        },
    };
}
