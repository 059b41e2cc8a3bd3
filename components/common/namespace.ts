/** The Kafka namespace as data. */
import type * as k8s from "@pulumi/kubernetes";
import { platformLabels } from "./labels";

export type NamespaceSpec = k8s.types.input.core.v1.Namespace & { metadata: { name: string } };

export function namespaceSpec(name: string, cluster: string): NamespaceSpec {
    return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels: platformLabels(cluster) } };
}
