/**
 * What a Kafka or ZooKeeper pod gets when metrics are on, as pieces the pod spec builders add:
 *
 * - Kafka (brokers, controllers): the JMX exporter Java agent. The apache/kafka image has no
 *   agent, so an init container (the project's pinned curl image) downloads the pinned jar,
 *   checks its sha256 and leaves it in an emptyDir the Kafka container mounts read-only.
 *   kafka-node.sh adds `-javaagent:<jar>=<port>:<config>` to KAFKA_OPTS for the broker JVM only:
 *   set in the container's env, every Kafka tool run with `kubectl exec` would load the agent too
 *   and fail to bind the port the broker holds (kafka-run-class.sh passes $KAFKA_OPTS to every JVM
 *   it starts: 4.3.1 bin/kafka-run-class.sh:352, 3.9.2 :353).
 * - ZooKeeper: its own Prometheus provider (3.8, in the image's lib/), two zoo.cfg lines.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { CURL_IMAGE } from "../common/images";
import { restrictedContainerSecurity } from "../common/pod";
import type { Container, EnvVar, Volume, VolumeMount } from "../kafka/k8s-types";
import { METRICS_PORT_NAME, METRICS_PORTS, scrapeAnnotations } from "./endpoints";
import { JMX_EXPORTER, jmxExporterConfig } from "./jmx-exporter";

export const SCRIPTS_DIR = path.join(__dirname, "scripts");
export const METRICS_AGENT_SCRIPT = "metrics-agent.sh";

export function readMetricsScript(name: typeof METRICS_AGENT_SCRIPT): string {
    return fs.readFileSync(path.join(SCRIPTS_DIR, name), "utf8");
}

/** How the pods of a cluster expose metrics (from the `metrics` config section). */
export interface NodeMetricsOptions {
    /** Where the init container downloads the agent jar. Default JMX_EXPORTER.url. */
    agentUrl?: string;
    /** Add `prometheus.io/*` scrape annotations (no Prometheus Operator). Default false. */
    scrapeAnnotations?: boolean;
}

/** Where the metrics-agent init container downloads the agent jar from (egress NetworkPolicies allow it). */
export function metricsAgentUrl(opts: NodeMetricsOptions): string {
    return opts.agentUrl ?? JMX_EXPORTER.url;
}

/** The agent's shared volume, jar and config file names. */
export const METRICS_AGENT = {
    volume: "metrics-agent",
    dir: "/opt/jmx-exporter",
    jar: "/opt/jmx-exporter/jmx_prometheus_javaagent.jar",
    configFile: "jmx-exporter.yaml",
} as const;

export interface KafkaPodMetrics {
    /** Files for the node pool's ConfigMap (mounted at `configDir`). */
    configData: Record<string, string>;
    initContainer: Container;
    volume: Volume;
    /** For the Kafka container: kafka-node.sh's METRICS_* variables, the read-only jar mount, the port. */
    env: EnvVar[];
    mount: VolumeMount;
    port: { name: string; containerPort: number };
    /** Pod-template annotations (empty with the Prometheus Operator). */
    annotations: Record<string, string>;
}

/** `configDir`: where the pod mounts its ConfigMap (the script and exporter config go there). */
export function kafkaPodMetrics(configDir: string, configVolume: string, opts: NodeMetricsOptions = {}): KafkaPodMetrics {
    return {
        configData: { [METRICS_AGENT_SCRIPT]: readMetricsScript(METRICS_AGENT_SCRIPT), [METRICS_AGENT.configFile]: jmxExporterConfig() },
        initContainer: {
            name: "metrics-agent",
            image: CURL_IMAGE,
            command: ["/bin/sh", `${configDir}/${METRICS_AGENT_SCRIPT}`],
            env: [
                { name: "AGENT_URL", value: metricsAgentUrl(opts) },
                { name: "AGENT_SHA256", value: JMX_EXPORTER.sha256 },
                { name: "AGENT_JAR", value: METRICS_AGENT.jar },
            ],
            resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "32Mi" } },
            securityContext: restrictedContainerSecurity(true),
            volumeMounts: [
                { name: configVolume, mountPath: configDir, readOnly: true },
                { name: METRICS_AGENT.volume, mountPath: METRICS_AGENT.dir },
            ],
        },
        // The jar is about 11 MB; the limit is a backstop.
        volume: { name: METRICS_AGENT.volume, emptyDir: { sizeLimit: "64Mi" } },
        env: [
            { name: "METRICS_AGENT_JAR", value: METRICS_AGENT.jar },
            { name: "METRICS_PORT", value: String(METRICS_PORTS.kafka) },
            { name: "METRICS_CONFIG", value: `${configDir}/${METRICS_AGENT.configFile}` },
        ],
        mount: { name: METRICS_AGENT.volume, mountPath: METRICS_AGENT.dir, readOnly: true },
        port: { name: METRICS_PORT_NAME, containerPort: METRICS_PORTS.kafka },
        annotations: opts.scrapeAnnotations ? scrapeAnnotations(METRICS_PORTS.kafka) : {},
    };
}

export interface ZooKeeperPodMetrics {
    /** zoo.cfg lines for the image's ZOO_CFG_EXTRA (space-separated, appended verbatim). */
    cfgExtra: string[];
    port: { name: string; containerPort: number };
    annotations: Record<string, string>;
}

/**
 * ZooKeeper 3.8's built-in provider (zookeeper-metrics-providers/zookeeper-prometheus-metrics,
 * shipped in the binary distribution's lib/): PrometheusMetricsProvider.java:117-119 reads
 * httpHost (default 0.0.0.0), httpPort (default 7000) and exportJvmInfo (default true).
 */
export function zookeeperPodMetrics(opts: NodeMetricsOptions = {}): ZooKeeperPodMetrics {
    return {
        cfgExtra: ["metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider", `metricsProvider.httpPort=${METRICS_PORTS.zookeeper}`],
        port: { name: METRICS_PORT_NAME, containerPort: METRICS_PORTS.zookeeper },
        annotations: opts.scrapeAnnotations ? scrapeAnnotations(METRICS_PORTS.zookeeper) : {},
    };
}

type StatefulSetSpec = import("../common/kubernetes").types.input.apps.v1.StatefulSetSpec;

/** A StatefulSet spec (as the spec builders produce it: plain values) with more pod-template annotations. */
export function withPodAnnotations<T extends { spec?: unknown }>(statefulSet: T, annotations: Record<string, string>): T {
    if (Object.keys(annotations).length === 0) return statefulSet;
    const spec = statefulSet.spec as StatefulSetSpec & { template: { metadata: { annotations?: Record<string, string> } } };
    const template = { ...spec.template, metadata: { ...spec.template.metadata, annotations: { ...spec.template.metadata.annotations, ...annotations } } };
    return { ...statefulSet, spec: { ...spec, template } };
}
