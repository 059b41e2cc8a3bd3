/**
 * The Prometheus JMX exporter, run as a Java agent inside each broker and controller JVM: the
 * pinned release, and its rules as data. The rules export only what the alerts and dashboards
 * read (tests/observability checks both directions against the MBeans of Kafka 3.9.2 and 4.3.1
 * listed in upstream/kafka/mbeans-*.txt); everything else stays unexported.
 */
import { stringify } from "yaml";

/**
 * jmx_exporter 1.6.0 (tag 1.6.0, release commit 3a7e22607bf069cdb6c78f76553b5d3259a91bd2). Since
 * 1.1 the agent jar is published on GitHub Releases (website/versioned_docs/version-1.6.0/reference/artifacts.md).
 */
export const JMX_EXPORTER = {
    version: "1.6.0",
    url: "https://github.com/prometheus/jmx_exporter/releases/download/1.6.0/jmx_prometheus_javaagent-1.6.0.jar",
    sha256: "a95983fd96e865d2bcdf911cc500e7c82808c27ab9fd226bf96732b6c3d8c46e",
} as const;

export interface JmxRule {
    /** Regex over `domain<key=value, ...><>attribute` (the exporter wraps it in `^.*(?:…).*$`). */
    pattern: string;
    /** Metric name; `$n` refers to the pattern's groups. Lower-cased by lowercaseOutputName. */
    name: string;
    type: "GAUGE" | "COUNTER";
    labels?: Record<string, string>;
}

/**
 * The broker's largest follower lag in messages (ReplicaFetcherManager MaxLag, clientId Replica):
 * the leader's high watermark minus the next offset to fetch, per followed partition (4.3.1
 * core/src/main/scala/kafka/server/AbstractFetcherThread.scala:382, 3.9.2 :378), maximum over
 * all of them and 0 when there is none (4.3.1 AbstractFetcherManager.scala:48-54, 3.9.2 :44-51).
 * A follower whose end offset reached the leader's high watermark (and the start of the leader's
 * epoch) is what the leader adds back to the ISR on its next fetch, through the controller
 * (4.3.1 core/src/main/scala/kafka/cluster/Partition.scala:876-912, 3.9.2 :1042-1058), so 0 is
 * "caught up", not yet "in the ISR"; a partition only counts once a fetch response for it was
 * processed (AbstractFetcherThread.scala 4.3.1 :383, 3.9.2 :379).
 */
export const FOLLOWER_LAG_METRIC = "kafka_server_replicafetchermanager_maxlag";

/**
 * Partitions this broker follows whose fetching failed (ReplicaFetcherManager
 * FailedPartitionsCount, clientId Replica; 4.3.1 AbstractFetcherManager.scala:63, 3.9.2 :60).
 * A failed partition is removed from its fetcher and from MaxLag (4.3.1
 * AbstractFetcherThread.scala:493-500, removePartitions :867-877) yet stays out of the ISR, so
 * readiness needs this at 0 as well as MaxLag.
 */
export const FAILED_FETCH_METRIC = "kafka_server_replicafetchermanager_failedpartitionscount";

/**
 * One rule per family of MBeans. Yammer gauges expose `Value`, meters `Count` and the rates,
 * histograms `Count`, `Mean` and the percentiles (metrics-core 2.2.0 JmxReporter).
 */
export const KAFKA_JMX_RULES: readonly JmxRule[] = [
    {
        pattern: "kafka.server<type=ReplicaManager, name=(UnderReplicatedPartitions|UnderMinIsrPartitionCount|PartitionCount|LeaderCount)><>Value",
        name: "kafka_server_replicamanager_$1",
        type: "GAUGE",
    },
    {
        // This broker's own follower lag (max over the partitions it follows, 0 when it follows none):
        // the brokers' readiness probe reads it (components/kafka/scripts/broker-ready.sh).
        pattern: "kafka.server<type=ReplicaFetcherManager, name=MaxLag, clientId=Replica><>Value",
        name: FOLLOWER_LAG_METRIC,
        type: "GAUGE",
    },
    {
        // Followed partitions whose fetching failed: the readiness probe reads it too.
        pattern: "kafka.server<type=ReplicaFetcherManager, name=FailedPartitionsCount, clientId=Replica><>Value",
        name: FAILED_FETCH_METRIC,
        type: "GAUGE",
    },
    {
        // ZooKeeper mode: every broker (1 on the active controller); KRaft: every controller.
        pattern: "kafka.controller<type=KafkaController, name=(ActiveControllerCount|OfflinePartitionsCount)><>Value",
        name: "kafka_controller_kafkacontroller_$1",
        type: "GAUGE",
    },
    {
        // The all-topics meters only (the per-topic ones carry `, topic=…` before `><>`).
        pattern: "kafka.server<type=BrokerTopicMetrics, name=(MessagesIn|BytesIn|BytesOut)PerSec><>Count",
        name: "kafka_server_brokertopicmetrics_$1_total",
        type: "COUNTER",
    },
    {
        pattern: "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(Produce|FetchConsumer|FetchFollower)><>99thPercentile",
        name: "kafka_network_requestmetrics_totaltimems_99thpercentile",
        type: "GAUGE",
        labels: { request: "$1" },
    },
    {
        // A meter of idle time: its one-minute rate is the idle fraction (0..1).
        pattern: "kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate",
        name: "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent",
        type: "GAUGE",
    },
    {
        pattern: "kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value",
        name: "kafka_network_socketserver_networkprocessoravgidlepercent",
        type: "GAUGE",
    },
    {
        pattern: "kafka.log<type=LogManager, name=OfflineLogDirectoryCount><>Value",
        name: "kafka_log_logmanager_offlinelogdirectorycount",
        type: "GAUGE",
    },
];

/**
 * Only these MBeans are read at all (each scrape walks the matching MBeans; a broker with
 * thousands of partitions has tens of thousands of others).
 */
export const KAFKA_JMX_OBJECT_NAMES: readonly string[] = [
    "kafka.server:type=ReplicaManager,*",
    "kafka.server:type=ReplicaFetcherManager,*",
    "kafka.controller:type=KafkaController,*",
    "kafka.server:type=BrokerTopicMetrics,*",
    "kafka.network:type=RequestMetrics,name=TotalTimeMs,*",
    "kafka.server:type=KafkaRequestHandlerPool,*",
    "kafka.network:type=SocketServer,*",
    "kafka.log:type=LogManager,*",
];

/** The exporter's YAML config (jmx_exporter 1.6.0 collector/src/main/java/io/prometheus/jmx/JmxCollector.java:430-590). */
export function jmxExporterConfig(rules: readonly JmxRule[] = KAFKA_JMX_RULES, objectNames: readonly string[] = KAFKA_JMX_OBJECT_NAMES): string {
    return stringify({
        lowercaseOutputName: true,
        lowercaseOutputLabelNames: true,
        includeObjectNames: [...objectNames],
        rules: rules.map((r) => ({ pattern: r.pattern, name: r.name, type: r.type, ...(r.labels ? { labels: r.labels } : {}) })),
    });
}
