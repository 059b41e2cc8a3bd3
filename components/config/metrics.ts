/**
 * Config section `metrics`: Prometheus metrics from every Kafka, controller and ZooKeeper node,
 * the consumer-lag exporter, the alert rules and the Grafana dashboards, and optionally the
 * kube-prometheus-stack that scrapes them.
 */
import { z } from "zod";
import { PROMETHEUS_STACK_CHART, prometheusStackSupportsKubernetes } from "../observability/prometheus-stack-spec";
import { dnsLabel } from "./fields";

export const metricsSchema = z
    .strictObject({
        enabled: z
            .boolean()
            .default(true)
            .describe("Expose Prometheus metrics from brokers and controllers (JMX exporter agent) and ZooKeeper (its Prometheus provider), run the consumer-lag exporter, and create the alert rules and dashboards. Default true."),
        prometheusOperator: z
            .boolean()
            .default(false)
            .describe(
                "The cluster has the Prometheus Operator CRDs: create PodMonitors, a ServiceMonitor and a PrometheusRule. false: `prometheus.io/scrape` pod annotations, and the rules in the ConfigMap `<kafka.name>-prometheus-rules` for a plain Prometheus. Default false; implied by installStack.",
            ),
        scraperNamespace: dnsLabel
            .default("monitoring")
            .describe("Namespace of the Prometheus that scrapes the metrics ports; NetworkPolicies admit it to those ports only. Default \"monitoring\"."),
        installStack: z
            .boolean()
            .default(false)
            .describe("Install kube-prometheus-stack (Prometheus Operator, Prometheus, Alertmanager, Grafana, kube-state-metrics; chart pinned) into scraperNamespace. Default false: a Prometheus is already there."),
        lagExporter: z.boolean().default(true).describe("Run danielqsj/kafka-exporter (pinned) for consumer-group lag and partition state. Default true."),
        dashboards: z.boolean().default(true).describe("Grafana dashboards as ConfigMaps labelled `grafana_dashboard: \"1\"` in scraperNamespace (Grafana's sidecar loads them). Default true."),
        agentUrl: z
            .url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL of the jar, e.g. https://10.0.12.7/jmx_prometheus_javaagent.jar" })
            .optional()
            .describe(
                "Where the metrics-agent init container downloads the JMX exporter jar; its pinned sha256 is checked. Default: the jmx_exporter GitHub release. Set a mirror for clusters without internet access; one inside the VPC by its IPv4 address: with a host name, the pods' egress NetworkPolicy (security.networkPolicies) opens public addresses only.",
            ),
    })
    .prefault({});

export type MetricsConfig = z.output<typeof metricsSchema>;

/** Whether the PodMonitor/ServiceMonitor/PrometheusRule kinds exist (installed by the stack or already there). */
export function usesPrometheusOperator(m: MetricsConfig): boolean {
    return m.enabled && (m.prometheusOperator || m.installStack);
}

/** Rules across `metrics` and `platform`. */
export function metricsRules(
    c: { metrics: MetricsConfig; platform: { mode: string; kubernetesVersion?: string } },
    issue: (path: (string | number)[], message: string) => void,
): void {
    const k8sVersion = c.platform.kubernetesVersion;
    if (c.metrics.enabled && c.metrics.installStack && k8sVersion !== undefined && !prometheusStackSupportsKubernetes(k8sVersion)) {
        issue(
            ["platform", "kubernetesVersion"],
            `kube-prometheus-stack ${PROMETHEUS_STACK_CHART.version} (metrics.installStack) needs Kubernetes ${PROMETHEUS_STACK_CHART.kubernetes.min} or later; pin such a version or set metrics.installStack false`,
        );
    }
}
