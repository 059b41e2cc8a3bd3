/** Metrics, alerts and dashboards: exporter pins and rules, pod hooks, monitoring objects. */
import { MetricsConfig, usesPrometheusOperator } from "../config/metrics";
import type { NodeMetricsOptions } from "./node-metrics";

export * from "./alerts";
export * from "./dashboards";
export * from "./endpoints";
export * from "./kafka-monitoring";
export * from "./lag-exporter-spec";
export * from "./monitoring-spec";
export * from "./jmx-exporter";
export * from "./node-metrics";
export * from "./prometheus-stack-spec";

/** What the Kafka and ZooKeeper pods need from the `metrics` section; undefined when it is off. */
export function nodeMetricsOptions(m: MetricsConfig): NodeMetricsOptions | undefined {
    if (!m.enabled) return undefined;
    return { agentUrl: m.agentUrl, scrapeAnnotations: !usesPrometheusOperator(m) };
}
