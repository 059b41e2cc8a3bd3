/** The KEDA operator install as data: pinned chart, values, namespace. */

/** kedacore/keda 2.20.2 (KEDA 2.20.2), and the Kubernetes minor versions it is tested on (1.33-1.35). */
export const KEDA_CHART = {
    chart: "keda",
    version: "2.20.2",
    repo: "https://kedacore.github.io/charts",
    kubernetes: { min: "1.33", max: "1.35" },
} as const;

/** Whether a Kubernetes minor version ("1.34") is within KEDA_CHART's tested range. */
export function kedaSupportsKubernetes(version: string): boolean {
    const minor = (v: string) => Number(v.split(".")[1]);
    return minor(version) >= minor(KEDA_CHART.kubernetes.min) && minor(version) <= minor(KEDA_CHART.kubernetes.max);
}

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
