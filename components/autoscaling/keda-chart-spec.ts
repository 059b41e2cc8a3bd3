/** The KEDA operator install as data: pinned chart, values, namespace (design §6). */

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
