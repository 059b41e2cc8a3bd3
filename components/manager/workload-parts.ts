/** Pod pieces both manager UIs share: resources, HTTP probes, the ClusterIP Service. */
import type * as k8s from "../common/kubernetes";
import { labels, selectorLabels } from "../common/labels";

type Container = k8s.types.input.core.v1.Container;

export interface ManagerResources {
    /** CPU request. */
    cpu: string;
    /** Memory request and limit, MiB. */
    memoryMiB: number;
    /** JVM heap, MiB. */
    heapMiB: number;
}

export function managerContainerResources(r: ManagerResources): NonNullable<Container["resources"]> {
    const memory = `${r.memoryMiB}Mi`;
    return { requests: { cpu: r.cpu, memory }, limits: { memory } };
}

/** Startup (up to 5 minutes for a cold JVM), readiness and liveness on one HTTP health path. */
export function httpProbes(path: string, port: string): Pick<Container, "startupProbe" | "readinessProbe" | "livenessProbe"> {
    const httpGet = { path, port };
    return {
        startupProbe: { httpGet, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 60 },
        readinessProbe: { httpGet, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 },
        livenessProbe: { httpGet, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
    };
}

/** The UI's ClusterIP Service (never a LoadBalancer: reach it with kubectl port-forward or an ingress you own). */
export function managerService(
    name: string,
    cluster: string,
    namespace: string,
    port: number,
): k8s.types.input.core.v1.Service & { metadata: { name: string; namespace: string } } {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, labels: labels(cluster, "kafka-manager", name) },
        spec: {
            type: "ClusterIP",
            selector: selectorLabels(cluster, "kafka-manager", name),
            ports: [{ name: "http", port, targetPort: "http", protocol: "TCP" }],
        },
    };
}
