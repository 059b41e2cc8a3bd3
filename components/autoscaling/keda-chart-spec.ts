/** The KEDA operator install as data: pinned chart, values, namespace (design §6). */
import type { NamespaceSpec } from "../common/namespace";
import { platformLabels } from "../common/labels";

/** kedacore/keda 2.20.2 (KEDA 2.20.2): tested on Kubernetes 1.33-1.35; the stacks pin 1.34. */
export const KEDA_CHART = { chart: "keda", version: "2.20.2", repo: "https://kedacore.github.io/charts" } as const;

const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/**
 * Chart values. The chart's defaults are already restricted at container level (drop ALL, no
 * privilege escalation, read-only root, RuntimeDefault seccomp) and set requests/limits; the pod
 * level gets seccomp too. Resource labels: the chart's own `app.kubernetes.io/part-of: keda-operator`
 * stays (KEDA is cluster-wide, not part of one Kafka cluster); managed-by says pulumi.
 */
export function kedaChartValues(): Record<string, unknown> {
    return {
        customManagedBy: "pulumi",
        crds: { install: true },
        podSecurityContext: { operator: restrictedPod, metricServer: restrictedPod, webhooks: restrictedPod },
    };
}

/** The operator namespace, enforcing the restricted Pod Security Standard. */
export function kedaNamespaceSpec(name: string, cluster: string): NamespaceSpec {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name,
            labels: { ...platformLabels(cluster), "pod-security.kubernetes.io/enforce": "restricted" },
        },
    };
}
