/** The Kafka namespace as data. */
import type * as k8s from "./kubernetes";
import { platformLabels } from "./labels";

export type NamespaceSpec = k8s.types.input.core.v1.Namespace & { metadata: { name: string } };

/** Pod Security admission labels: reject, warn about and audit anything below "restricted". */
export const RESTRICTED_POD_SECURITY: Record<string, string> = {
    "pod-security.kubernetes.io/enforce": "restricted",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
};

export function namespaceSpec(name: string, cluster: string): NamespaceSpec {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: { ...platformLabels(cluster), ...RESTRICTED_POD_SECURITY } } };
}
