/**
 * Grafana dashboards built from data: each panel is a title, a PromQL query over metrics the
 * exporters produce (tests/observability checks both) and a unit. Rendered as ConfigMaps labelled
 * for the Grafana sidecar (GRAFANA_DASHBOARD_LABEL). Pure: config in, JSON out.
 */
import { clusterNames } from "../common/names";
import { labels as labelsFor } from "../common/labels";
import type { AlertContext } from "./alerts";
import { lagExporterName } from "./alerts";
import { GRAFANA_DASHBOARD_LABEL } from "./prometheus-stack-spec";

export interface Panel {
    title: string;
    expr: string;
    /** Grafana unit id (short, bytes, Bps, ms, percentunit). */
    unit: string;
    /** Legend per series, e.g. `{{pod}}`. */
    legend: string;
}

export interface Dashboard {
    uid: string;
    title: string;
    panels: Panel[];
}

type Ctx = Pick<AlertContext, "cluster" | "namespace" | "mode" | "controllers">;

export function dashboards(c: Ctx): Dashboard[] {
    const n = clusterNames(c.cluster);
    const sel = (sets: string[]) => `namespace="${c.namespace}", pod=~"(${sets.join("|")})-[0-9]+"`;
    const brokers = sel([n.brokers]);
    const controllers = sel([c.mode === "kraft" && c.controllers > 0 ? n.controllers : n.brokers]);
    const kafkaPods = sel(c.controllers > 0 ? [n.brokers, n.controllers] : [n.brokers]);
    const claims = `namespace="${c.namespace}", persistentvolumeclaim=~"(data|datalog)-.+"`;
    const zk = sel([n.zookeeper]);
    const list: Dashboard[] = [
        {
            uid: `${c.cluster}-overview`,
            title: `Kafka ${c.cluster}: cluster overview`,
            panels: [
                { title: "Messages in", expr: `sum(rate(kafka_server_brokertopicmetrics_messagesin_total{${brokers}}[5m]))`, unit: "short", legend: "messages/s" },
                { title: "Bytes in", expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesin_total{${brokers}}[5m]))`, unit: "Bps", legend: "{{pod}} in" },
                { title: "Bytes out", expr: `sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesout_total{${brokers}}[5m]))`, unit: "Bps", legend: "{{pod}} out" },
                { title: "Partitions per broker", expr: `sum by (pod) (kafka_server_replicamanager_partitioncount{${brokers}})`, unit: "short", legend: "{{pod}}" },
                { title: "Under-replicated / under-min-ISR", expr: `sum(kafka_server_replicamanager_underreplicatedpartitions{${brokers}}) + sum(kafka_server_replicamanager_underminisrpartitioncount{${brokers}})`, unit: "short", legend: "unhealthy partitions" },
                { title: "Active controllers", expr: `sum(kafka_controller_kafkacontroller_activecontrollercount{${controllers}})`, unit: "short", legend: "active" },
                { title: "Offline partitions", expr: `max(kafka_controller_kafkacontroller_offlinepartitionscount{${controllers}})`, unit: "short", legend: "offline" },
                { title: "Request latency p99", expr: `max by (request) (kafka_network_requestmetrics_totaltimems_99thpercentile{${brokers}})`, unit: "ms", legend: "{{request}}" },
            ],
        },
        {
            uid: `${c.cluster}-brokers`,
            title: `Kafka ${c.cluster}: brokers, resources and disk`,
            panels: [
                { title: "Heap used", expr: `jvm_memory_used_bytes{area="heap", ${kafkaPods}} / jvm_memory_max_bytes{area="heap", ${kafkaPods}}`, unit: "percentunit", legend: "{{pod}}" },
                { title: "Request handler idle", expr: `kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent{${kafkaPods}}`, unit: "percentunit", legend: "{{pod}}" },
                { title: "Network processor idle", expr: `kafka_network_socketserver_networkprocessoravgidlepercent{${kafkaPods}}`, unit: "percentunit", legend: "{{pod}}" },
                { title: "Volume usage", expr: `kubelet_volume_stats_used_bytes{${claims}} / kubelet_volume_stats_capacity_bytes{${claims}}`, unit: "percentunit", legend: "{{persistentvolumeclaim}}" },
                { title: "Volume free in 24 h (6 h trend)", expr: `predict_linear(kubelet_volume_stats_available_bytes{${claims}}[6h], 24 * 3600)`, unit: "bytes", legend: "{{persistentvolumeclaim}}" },
                { title: "Leaders per broker", expr: `sum by (pod) (kafka_server_replicamanager_leadercount{${brokers}})`, unit: "short", legend: "{{pod}}" },
            ],
        },
        {
            uid: `${c.cluster}-consumer-lag`,
            title: `Kafka ${c.cluster}: consumer lag`,
            panels: [
                { title: "Lag per group and topic", expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{namespace="${c.namespace}", pod=~"${lagExporterName(c.cluster)}-.+"})`, unit: "short", legend: "{{consumergroup}} / {{topic}}" },
                { title: "Group members", expr: `sum by (consumergroup) (kafka_consumergroup_members{namespace="${c.namespace}", pod=~"${lagExporterName(c.cluster)}-.+"})`, unit: "short", legend: "{{consumergroup}}" },
                { title: "Under-replicated partitions per topic", expr: `sum by (topic) (kafka_topic_partition_under_replicated_partition{namespace="${c.namespace}", pod=~"${lagExporterName(c.cluster)}-.+"})`, unit: "short", legend: "{{topic}}" },
            ],
        },
    ];
    if (c.mode === "zookeeper") {
        list.push({
            uid: `${c.cluster}-zookeeper`,
            title: `Kafka ${c.cluster}: ZooKeeper`,
            panels: [
                { title: "Servers serving", expr: `count(znode_count{${zk}})`, unit: "short", legend: "serving" },
                { title: "Synced followers (leader)", expr: `max(synced_followers{${zk}})`, unit: "short", legend: "followers" },
                { title: "Average latency", expr: `avg_latency{${zk}}`, unit: "ms", legend: "{{pod}}" },
                { title: "Outstanding requests", expr: `outstanding_requests{${zk}}`, unit: "short", legend: "{{pod}}" },
                { title: "Connections", expr: `num_alive_connections{${zk}}`, unit: "short", legend: "{{pod}}" },
                { title: "Heap used", expr: `jvm_memory_bytes_used{area="heap", ${zk}} / jvm_memory_bytes_max{area="heap", ${zk}}`, unit: "percentunit", legend: "{{pod}}" },
            ],
        });
    }
    return list;
}

/** Grafana dashboard JSON (schemaVersion 39): time-series panels on a two-column grid. */
export function grafanaDashboard(d: Dashboard): Record<string, unknown> {
    return {
        uid: d.uid,
        title: d.title,
        schemaVersion: 39,
        editable: false,
        time: { from: "now-6h", to: "now" },
        refresh: "30s",
        tags: ["kafka"],
        panels: d.panels.map((p, i) => ({
            id: i + 1,
            type: "timeseries",
            title: p.title,
            gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
            fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
            targets: [{ refId: "A", expr: p.expr, legendFormat: p.legend }],
        })),
    };
}

/** One ConfigMap per dashboard, in the namespace Grafana's sidecar watches. */
export function dashboardConfigMaps(c: Ctx, namespace: string) {
    return dashboards(c).map((d) => ({
        apiVersion: "v1" as const,
        kind: "ConfigMap" as const,
        metadata: { name: `${d.uid}-dashboard`, namespace, labels: { ...labelsFor(c.cluster, "metrics", `${d.uid}-dashboard`), ...GRAFANA_DASHBOARD_LABEL } },
        data: { [`${d.uid}.json`]: JSON.stringify(grafanaDashboard(d)) },
    }));
}
