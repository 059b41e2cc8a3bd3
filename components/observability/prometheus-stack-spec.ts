/** The kube-prometheus-stack install as data: pinned chart and its values. */

/**
 * prometheus-community/kube-prometheus-stack 88.5.3 (Prometheus Operator v0.93.1), whose Chart.yaml
 * declares `kubeVersion: ">=1.25.0-0"` (helm-charts tag kube-prometheus-stack-88.5.3).
 */
export const PROMETHEUS_STACK_CHART = {
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    repo: "https://prometheus-community.github.io/helm-charts",
    operatorVersion: "v0.93.1",
    kubernetes: { min: "1.25" },
} as const;

/** Whether a Kubernetes minor version ("1.34") satisfies the chart's kubeVersion. */
export function prometheusStackSupportsKubernetes(version: string): boolean {
    const [major, minor] = version.split(".").map(Number);
    const [minMajor, minMinor] = PROMETHEUS_STACK_CHART.kubernetes.min.split(".").map(Number);
    return major > minMajor || (major === minMajor && minor >= minMinor);
}

/** Grafana's dashboard sidecar picks up ConfigMaps with this label (the chart's default). */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;

const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/**
 * Chart values. Prometheus selects every PodMonitor, ServiceMonitor and PrometheusRule in the
 * cluster (the chart's default would select only its own release's). node-exporter is off: it
 * needs host namespaces (privileged Pod Security), and no alert or dashboard here reads it (disk
 * usage comes from the kubelet's volume stats). EKS does not expose the control-plane components
 * the chart would scrape (etcd, scheduler, controller-manager, kube-proxy), so those are off too.
 */
export function prometheusStackValues(): Record<string, unknown> {
    return {
        nodeExporter: { enabled: false },
        kubeEtcd: { enabled: false },
        kubeScheduler: { enabled: false },
        kubeControllerManager: { enabled: false },
        kubeProxy: { enabled: false },
        prometheus: {
            prometheusSpec: {
                ruleSelectorNilUsesHelmValues: false,
                serviceMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelectorNilUsesHelmValues: false,
                probeSelectorNilUsesHelmValues: false,
                scrapeConfigSelectorNilUsesHelmValues: false,
                securityContext: { ...restrictedPod, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 },
            },
        },
        alertmanager: { alertmanagerSpec: { securityContext: { ...restrictedPod, runAsUser: 1000, runAsGroup: 2000, fsGroup: 2000 } } },
        grafana: {
            sidecar: { dashboards: { enabled: true, label: Object.keys(GRAFANA_DASHBOARD_LABEL)[0], labelValue: Object.values(GRAFANA_DASHBOARD_LABEL)[0], searchNamespace: "ALL" } },
        },
    };
}
