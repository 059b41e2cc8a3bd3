/**
 * The objects that tell Prometheus what to scrape and what to alert on, as data: PodMonitors for
 * the Kafka and ZooKeeper pods, a ServiceMonitor for the lag exporter and a PrometheusRule (with
 * the Prometheus Operator), or the same rules as a rule file in a ConfigMap (without it; the pods
 * then carry `prometheus.io/*` annotations instead). Pure: config in, specs out.
 */
import { stringify } from "yaml";
import { KafkaComponent, labels as labelsFor, LABEL } from "../common/labels";
import { AlertRule, ruleGroups } from "./alerts";
import { METRICS_PATH, METRICS_PORT_NAME } from "./endpoints";

/** An object of a Prometheus Operator kind (monitoring.coreos.com/v1), as plain data. */
export interface MonitoringObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    spec?: Record<string, unknown>;
    data?: Record<string, string>;
}

export const MONITORING_API = "monitoring.coreos.com/v1";
/** How often the exporters are read; lag and partition state need no finer grain. */
export const SCRAPE_INTERVAL = "30s";

/** Components whose pods have a `metrics` port, each scraped by one PodMonitor. */
export const SCRAPED_COMPONENTS: readonly KafkaComponent[] = ["kafka-broker", "kafka-controller", "kafka", "zookeeper"];

export function podMonitorSpec(cluster: string, namespace: string, components: readonly KafkaComponent[] = SCRAPED_COMPONENTS): MonitoringObject {
    return {
        apiVersion: MONITORING_API,
        kind: "PodMonitor",
        metadata: { name: `${cluster}-nodes`, namespace, labels: labelsFor(cluster, "metrics", `${cluster}-nodes`) },
        spec: {
            selector: {
                matchLabels: { [LABEL.partOf]: cluster },
                matchExpressions: [{ key: LABEL.component, operator: "In", values: [...components] }],
            },
            podMetricsEndpoints: [{ port: METRICS_PORT_NAME, path: METRICS_PATH, interval: SCRAPE_INTERVAL }],
        },
    };
}

export function serviceMonitorSpec(cluster: string, namespace: string, service: string, selector: Record<string, string>): MonitoringObject {
    return {
        apiVersion: MONITORING_API,
        kind: "ServiceMonitor",
        metadata: { name: service, namespace, labels: labelsFor(cluster, "metrics", service) },
        spec: {
            selector: { matchLabels: selector },
            endpoints: [{ port: METRICS_PORT_NAME, path: METRICS_PATH, interval: SCRAPE_INTERVAL }],
        },
    };
}

export function prometheusRuleSpec(cluster: string, namespace: string, rules: AlertRule[]): MonitoringObject {
    return {
        apiVersion: MONITORING_API,
        kind: "PrometheusRule",
        metadata: { name: `${cluster}-alerts`, namespace, labels: labelsFor(cluster, "metrics", `${cluster}-alerts`) },
        spec: { groups: ruleGroups(cluster, rules) },
    };
}

/** Key of the rule file in the rules ConfigMap (for a Prometheus without the operator: mount it, list it in rule_files). */
export const RULES_FILE = "kafka-alerts.yaml";

export function rulesConfigMapSpec(cluster: string, namespace: string, rules: AlertRule[]): MonitoringObject {
    const name = `${cluster}-prometheus-rules`;
    return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, labels: labelsFor(cluster, "metrics", name) }, data: { [RULES_FILE]: stringify({ groups: ruleGroups(cluster, rules) }) } };
}
