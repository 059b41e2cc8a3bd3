/**
 * The alert rules as data: each one names the metrics it reads, and the README's Monitoring
 * section carries its runbook line. Selectors are built from the cluster's own names (pods,
 * claims, consumer groups), so the rules only ever match this cluster. Pure: config in, rules out.
 */
import { clusterNames } from "../common/names";
import type { KafkaConfig } from "../config/kafka";

export interface AlertRule {
    alert: string;
    expr: string;
    /** How long the condition must hold. */
    for: string;
    severity: "warning" | "critical";
    summary: string;
}

export interface AlertContext {
    cluster: string;
    namespace: string;
    mode: KafkaConfig["mode"];
    /** Pods serving the client listener, and (KRaft) the quorum voters. */
    brokers: number;
    /** Dedicated KRaft controllers (0 in ZooKeeper mode and combined KRaft). */
    controllers: number;
    /** ZooKeeper servers (ZooKeeper mode). */
    zookeeperReplicas: number;
    /**
     * Unix time (seconds) from which the broker certificate is within renewBeforeDays of its end,
     * known once the certificate exists; regenerated on every `pulumi up`. Undefined: no TLS.
     */
    certificateRenewAt?: number;
    /** Consumer groups with a lag threshold (consumers[].lagAlertThreshold). */
    lagAlerts: Array<{ group: string; topic: string; threshold: number }>;
    /** The lag exporter runs (its metrics exist). */
    lagExporter: boolean;
    /** KEDA ScaledObjects whose scaler errors alert, each with its namespace (scalers[].namespace, default kafka.namespace). */
    scaledObjects: Array<{ name: string; namespace: string }>;
}

/** `a|b|c` as a PromQL regex alternative, each part escaped. */
function alternatives(values: string[]): string {
    return values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\\\$&")).join("|");
}

/** Label matchers selecting the pods of StatefulSets `sets` in the cluster's namespace. */
function podsOf(namespace: string, sets: string[]): string {
    return `namespace="${namespace}", pod=~"(${alternatives(sets)})-[0-9]+"`;
}

export function alertRules(c: AlertContext): AlertRule[] {
    const n = clusterNames(c.cluster);
    const brokers = podsOf(c.namespace, [n.brokers]);
    const controllerSets = c.mode === "zookeeper" ? [n.brokers] : c.controllers > 0 ? [n.controllers] : [n.brokers];
    const controllers = podsOf(c.namespace, controllerSets);
    const kafkaSets = c.controllers > 0 ? [n.brokers, n.controllers] : [n.brokers];
    const kafkaPods = podsOf(c.namespace, kafkaSets);
    const zookeeper = podsOf(c.namespace, [n.zookeeper]);
    const claims = `namespace="${c.namespace}", persistentvolumeclaim=~"(data|datalog)-(${alternatives([...kafkaSets, ...(c.mode === "zookeeper" ? [n.zookeeper] : [])])})-[0-9]+"`;
    const answering = (sel: string) => `(count(up{${sel}} == 1) or vector(0))`;
    const usage = `kubelet_volume_stats_used_bytes{${claims}} / kubelet_volume_stats_capacity_bytes{${claims}}`;

    const rules: AlertRule[] = [
        {
            alert: "KafkaUnderReplicatedPartitions",
            expr: `sum by (namespace, pod) (kafka_server_replicamanager_underreplicatedpartitions{${brokers}}) > 0`,
            for: "5m",
            severity: "warning",
            summary: "Partitions led by {{ $labels.pod }} have followers out of sync for 5 minutes.",
        },
        {
            alert: "KafkaUnderMinIsrPartitions",
            expr: `sum by (namespace, pod) (kafka_server_replicamanager_underminisrpartitioncount{${brokers}}) > 0`,
            for: "1m",
            severity: "critical",
            summary: "Partitions led by {{ $labels.pod }} have fewer in-sync replicas than min.insync.replicas: acks=all writes fail.",
        },
        {
            alert: "KafkaOfflinePartitions",
            expr: `max(kafka_controller_kafkacontroller_offlinepartitionscount{${controllers}}) > 0`,
            for: "1m",
            severity: "critical",
            summary: "{{ $value }} partitions have no leader: they can be neither written nor read.",
        },
        {
            alert: "KafkaActiveControllerCount",
            expr: `(sum(kafka_controller_kafkacontroller_activecontrollercount{${controllers}}) or vector(0)) != 1`,
            for: "2m",
            severity: "critical",
            summary: "{{ $value }} active controllers (exactly one expected): metadata changes and leader elections stall.",
        },
        {
            alert: "KafkaOfflineLogDirectory",
            expr: `sum by (namespace, pod) (kafka_log_logmanager_offlinelogdirectorycount{${brokers}}) > 0`,
            for: "1m",
            severity: "critical",
            summary: "{{ $labels.pod }} took its log directory offline (I/O error); its replicas are gone until it restarts.",
        },
        {
            alert: "KafkaBrokerDown",
            expr: `${answering(brokers)} < ${c.brokers}`,
            for: "5m",
            severity: "critical",
            summary: "{{ $value }} of " + c.brokers + " brokers answer their metrics endpoint.",
        },
        ...(c.controllers > 0
            ? [
                  {
                      alert: "KafkaControllerDown",
                      expr: `${answering(controllers)} < ${c.controllers}`,
                      for: "5m",
                      severity: "critical",
                      summary: "{{ $value }} of " + c.controllers + " KRaft controllers answer their metrics endpoint.",
                  } as AlertRule,
              ]
            : []),
        ...(c.mode === "zookeeper"
            ? [
                  {
                      alert: "ZooKeeperServerDown",
                      expr: `${answering(zookeeper)} < ${c.zookeeperReplicas}`,
                      for: "5m",
                      severity: "warning",
                      summary: "{{ $value }} of " + c.zookeeperReplicas + " ZooKeeper servers answer their metrics endpoint.",
                  } as AlertRule,
                  {
                      // A server exports znode_count only while it serves in a quorum (ZooKeeperServer.java:1909, unregistered at :1959).
                      alert: "ZooKeeperQuorumLost",
                      expr: `(count(znode_count{${zookeeper}}) or vector(0)) < ${Math.floor(c.zookeeperReplicas / 2) + 1}`,
                      for: "1m",
                      severity: "critical",
                      summary: "Fewer than a majority of ZooKeeper servers serve: brokers cannot change metadata or elect a controller.",
                  } as AlertRule,
                  {
                      alert: "ZooKeeperJvmHeapHigh",
                      expr: `max by (namespace, pod) (jvm_memory_bytes_used{area="heap", ${zookeeper}} / jvm_memory_bytes_max{area="heap", ${zookeeper}}) > 0.9`,
                      for: "15m",
                      severity: "warning",
                      summary: "{{ $labels.pod }} has used over 90% of its heap for 15 minutes.",
                  } as AlertRule,
              ]
            : []),
        {
            // Ready but not scraped: the node started without its agent (metrics-agent.sh could not
            // download it). kube-state-metrics tells readiness; without it the rule stays silent.
            alert: "KafkaMetricsAgentMissing",
            expr: `up{${kafkaPods}} == 0 and on (namespace, pod) kube_pod_container_status_ready{container="kafka", ${kafkaPods}} == 1`,
            for: "15m",
            severity: "warning",
            summary: "{{ $labels.pod }} is ready but its metrics endpoint does not answer: it probably started without the JMX exporter agent.",
        },
        {
            alert: "KafkaVolumeUsageHigh",
            expr: `${usage} > 0.70`,
            for: "15m",
            severity: "warning",
            summary: "Volume {{ $labels.persistentvolumeclaim }} is over 70% full.",
        },
        {
            alert: "KafkaVolumeUsageCritical",
            expr: `${usage} > 0.85`,
            for: "5m",
            severity: "critical",
            summary: "Volume {{ $labels.persistentvolumeclaim }} is over 85% full.",
        },
        {
            alert: "KafkaVolumeFullIn24h",
            // Half-full guard (as kubernetes-mixin's KubePersistentVolumeFillingUp): a fresh cluster filling
            // towards its size-bounded retention would otherwise predict "full" for days.
            expr: `predict_linear(kubelet_volume_stats_available_bytes{${claims}}[6h], 24 * 3600) < 0 and ${usage} > 0.5`,
            for: "1h",
            severity: "warning",
            summary: "At the rate of the last 6 hours, volume {{ $labels.persistentvolumeclaim }} fills within 24 hours.",
        },
        {
            alert: "KafkaJvmHeapHigh",
            expr: `max by (namespace, pod) (jvm_memory_used_bytes{area="heap", ${kafkaPods}} / jvm_memory_max_bytes{area="heap", ${kafkaPods}}) > 0.9`,
            for: "15m",
            severity: "warning",
            summary: "{{ $labels.pod }} has used over 90% of its heap for 15 minutes.",
        },
    ];
    if (c.certificateRenewAt !== undefined) {
        rules.push({
            alert: "KafkaBrokerCertificateExpiring",
            expr: `time() > ${Math.floor(c.certificateRenewAt)}`,
            for: "1h",
            severity: "warning",
            summary: "The broker certificate is within security.certificates.renewBeforeDays of its end: run `pulumi up` to renew it.",
        });
    }
    if (c.lagExporter) {
        // The exporter's series carry no cluster label of their own: the target's namespace and pod
        // keep two clusters in one Prometheus apart.
        const exporter = `namespace="${c.namespace}", pod=~"${alternatives([lagExporterName(c.cluster)])}-.+"`;
        rules.push({
            alert: "KafkaLagExporterDown",
            expr: `${answering(exporter)} < 1`,
            for: "10m",
            severity: "warning",
            summary: "The consumer-lag exporter does not answer: consumer lag alerts are blind.",
        });
        for (const l of c.lagAlerts) {
            rules.push({
                alert: "KafkaConsumerGroupLag",
                expr: `sum by (consumergroup, topic) (kafka_consumergroup_lag{${exporter}, consumergroup="${l.group}", topic="${l.topic}"}) > ${l.threshold}`,
                for: "10m",
                severity: "warning",
                summary: `Group {{ $labels.consumergroup }} is more than ${l.threshold} records behind on {{ $labels.topic }} for 10 minutes.`,
            });
        }
    }
    if (c.scaledObjects.length > 0) {
        // KEDA labels the series with the ScaledObject's namespace (keda v2.20.2 pkg/metricscollector/prommetrics.go:35).
        // The chart's PodMonitor sets no honorLabels (kedacore/charts v2.20.2 keda/templates/manager/podmonitor.yaml:20-35),
        // so Prometheus keeps the target's (KEDA's) namespace and renames KEDA's to exported_namespace; a scrape
        // with honor_labels keeps KEDA's as namespace. Match either, so a namesake elsewhere never does.
        // A ScaledObject lives in its application's namespace, not Kafka's: each is matched in its own.
        const byNamespace = new Map<string, string[]>();
        for (const o of c.scaledObjects) byNamespace.set(o.namespace, [...(byNamespace.get(o.namespace) ?? []), o.name]);
        const errors = (ns: string, names: string[]) => `increase(keda_scaler_detail_errors_total{${ns}, scaledObject=~"${alternatives(names)}"}[5m])`;
        const series = [...byNamespace].flatMap(([ns, names]) => [errors(`exported_namespace="${ns}"`, names), errors(`namespace="${ns}", exported_namespace=""`, names)]);
        rules.push({
            alert: "KedaScalerErrors",
            expr: `sum by (scaledObject, scaler) (${series.join(" or ")}) > 0`,
            for: "10m",
            severity: "warning",
            summary: "KEDA cannot read the lag of {{ $labels.scaledObject }}: its consumers no longer scale.",
        });
    }
    return rules;
}

/** Name of the consumer-lag exporter Deployment and Service. */
export function lagExporterName(cluster: string): string {
    return `${cluster}-lag-exporter`;
}

/** The rule group as Prometheus's rule-file format (`groups:`), shared by the PrometheusRule and the ConfigMap. */
export function ruleGroups(cluster: string, rules: AlertRule[]) {
    return [
        {
            name: `${cluster}-kafka`,
            rules: rules.map((r) => ({
                alert: r.alert,
                expr: r.expr,
                for: r.for,
                labels: { severity: r.severity, kafka_cluster: cluster },
                annotations: { summary: r.summary, runbook: `README.md#monitoring (${r.alert})` },
            })),
        },
    ];
}
