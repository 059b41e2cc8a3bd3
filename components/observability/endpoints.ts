/**
 * Where each exporter serves its metrics: one port per kind of pod, always named `metrics` and
 * served at `/metrics`. Pod specs, PodMonitors, scrape annotations and NetworkPolicies read them here.
 */

export const METRICS_PORTS = {
    /** JMX exporter agent in brokers and controllers (the exporter's conventional port). */
    kafka: 9404,
    /** ZooKeeper's PrometheusMetricsProvider (`metricsProvider.httpPort`; ZooKeeper's own default). */
    zookeeper: 7000,
    /** danielqsj/kafka-exporter (`--web.listen-address`, its default :9308). */
    lagExporter: 9308,
} as const;

export const METRICS_PORT_NAME = "metrics";
export const METRICS_PATH = "/metrics";

/** Pod-template annotations a plain Prometheus (kubernetes_sd, the common relabelling) scrapes by. */
export function scrapeAnnotations(port: number): Record<string, string> {
    return { "prometheus.io/scrape": "true", "prometheus.io/port": String(port), "prometheus.io/path": METRICS_PATH };
}
