/**
 * Turns recorded Kubernetes resources into multi-document YAML a person could `kubectl apply`:
 * dependency order (explicit dependsOn first, then Helm's install order by kind), stable keys.
 */
import YAML from "yaml";
import type { RenderedResource } from "./runtime";

// Helm's install order: what must exist before what refers to it.
const KIND_ORDER = [
    "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodDisruptionBudget", "ServiceAccount", "Secret",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
    "ClusterRoleBinding", "Role", "RoleBinding", "Service", "DaemonSet", "Pod", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
];

export interface KubernetesObject {
    apiVersion: string;
    kind: string;
    metadata: { name?: string; namespace?: string; [key: string]: unknown };
    [key: string]: unknown;
}

/** Kubernetes objects among the recorded resources (providers, components and patches are not objects). */
export function kubernetesObjects(resources: readonly RenderedResource[]): RenderedResource[] {
    return resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.endsWith("Patch") && typeof r.inputs.kind === "string");
}

function sortKey(r: RenderedResource): string {
    const o = r.inputs as KubernetesObject;
    const rank = KIND_ORDER.indexOf(o.kind);
    return [String(rank === -1 ? KIND_ORDER.length : rank).padStart(3, "0"), o.metadata?.namespace ?? "", o.metadata?.name ?? "", r.urn].join("\u0000");
}

/** Kahn's algorithm; among ready objects the lowest sort key goes first, so output is stable. */
export function dependencyOrder(objects: readonly RenderedResource[]): RenderedResource[] {
    const byUrn = new Map(objects.map((o) => [o.urn, o]));
    const waiting = new Map(objects.map((o) => [o.urn, new Set(o.dependencies.filter((d) => byUrn.has(d) && d !== o.urn))]));
    const out: RenderedResource[] = [];
    while (waiting.size > 0) {
        const ready = [...waiting.entries()].filter(([, deps]) => deps.size === 0).map(([urn]) => byUrn.get(urn)!);
        // A cycle cannot come from Pulumi (dependsOn is acyclic); fall back to sort order if it does.
        const next = (ready.length > 0 ? ready : [...waiting.keys()].map((u) => byUrn.get(u)!)).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))[0];
        out.push(next);
        waiting.delete(next.urn);
        for (const deps of waiting.values()) deps.delete(next.urn);
    }
    return out;
}

const LEADING_KEYS = ["apiVersion", "kind", "metadata", "name"];

/** Recursively orders keys: apiVersion, kind, metadata, name first, then alphabetical. */
export function stableKeys(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(stableKeys);
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => {
        const ra = LEADING_KEYS.indexOf(a), rb = LEADING_KEYS.indexOf(b);
        if (ra !== -1 || rb !== -1) return (ra === -1 ? 99 : ra) - (rb === -1 ? 99 : rb);
        return a < b ? -1 : a > b ? 1 : 0;
    });
    return Object.fromEntries(entries.map(([k, v]) => [k, stableKeys(v)]));
}

export function toManifestYaml(resources: readonly RenderedResource[]): string {
    return dependencyOrder(kubernetesObjects(resources))
        .map((r) => YAML.stringify(stableKeys(r.inputs), { lineWidth: 0 }))
        .join("---\n");
}
