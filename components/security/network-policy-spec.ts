/**
 * NetworkPolicies for the Kafka namespace (Strimzi generates the same shape by default):
 * deny all ingress, then open each port only to the pods that need it. The UI gets no rule:
 * `kubectl port-forward` enters the pod through the kubelet, which NetworkPolicy does not filter.
 */
import type * as k8s from "../common/kubernetes";
import { KafkaComponent, LABEL, platformLabels } from "../common/labels";
import { KAFKA_PORTS, ZOOKEEPER_PORTS } from "../common/names";
import { METRICS_PORTS } from "../observability/endpoints";

export type NetworkPolicySpec = k8s.types.input.networking.v1.NetworkPolicy & { metadata: { name: string; namespace: string } };
type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

export interface NetworkPolicyArgs {
    /** Kafka cluster name (`app.kubernetes.io/part-of`). */
    cluster: string;
    namespace: string;
    /** Whether a ZooKeeper ensemble runs (ZooKeeper mode). */
    zookeeper: boolean;
    /** Namespaces whose pods may use the client port; in the Kafka namespace only the cluster's own pods may. */
    clientNamespaces: string[];
    /** Components besides brokers that talk to ZooKeeper (CMAK). Default none. */
    zookeeperClients?: KafkaComponent[];
    /** Metrics on: the namespace whose Prometheus may scrape the metrics ports (and only those). Default: off. */
    metrics?: { scraperNamespace: string };
}

const BROKERS: KafkaComponent[] = ["kafka-broker", "kafka"];
const CONTROLLERS: KafkaComponent[] = ["kafka-controller", "kafka"];

function pods(cluster: string, components: KafkaComponent[]) {
    return {
        matchLabels: { [LABEL.partOf]: cluster },
        matchExpressions: [{ key: LABEL.component, operator: "In", values: components }],
    };
}

export function networkPolicySpecs(a: NetworkPolicyArgs): NetworkPolicySpec[] {
    const meta = (suffix: string) => ({ name: `${a.cluster}-${suffix}`, namespace: a.namespace, labels: platformLabels(a.cluster) });
    const from = (components: KafkaComponent[]): Peer => ({ podSelector: pods(a.cluster, components) });
    const rule = (podSelector: ReturnType<typeof pods>, peers: Peer[], ports: number[]): NetworkPolicySpec["spec"] => ({
        podSelector,
        policyTypes: ["Ingress"],
        ingress: [{ from: peers, ports: ports.map((port) => ({ protocol: "TCP", port })) }],
    });
    const spec = (suffix: string, body: NetworkPolicySpec["spec"]): NetworkPolicySpec => ({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: meta(suffix), spec: body });

    const clientPeers: Peer[] = [
        // The Kafka namespace holds only the cluster: its own pods (UI, topic and user Jobs, smoke
        // test, lag exporter, roller) may connect, nothing else there. Applications live in listed namespaces.
        { podSelector: { matchLabels: { [LABEL.partOf]: a.cluster } } },
        ...a.clientNamespaces.map((ns) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } } })),
    ];

    const policies = [
        spec("default-deny-ingress", { podSelector: {}, policyTypes: ["Ingress"] }),
        spec("kafka-clients", rule(pods(a.cluster, BROKERS), clientPeers, [KAFKA_PORTS.client])),
        spec("kafka-replication", rule(pods(a.cluster, BROKERS), [from(BROKERS)], [KAFKA_PORTS.internal])),
    ];
    if (!a.zookeeper) {
        policies.push(spec("kafka-controller-quorum", rule(pods(a.cluster, CONTROLLERS), [from(["kafka-broker", "kafka-controller", "kafka"])], [KAFKA_PORTS.controller])));
    } else {
        policies.push(
            spec("zookeeper-clients", rule(pods(a.cluster, ["zookeeper"]), [from(["kafka-broker", "zookeeper", ...(a.zookeeperClients ?? [])])], [ZOOKEEPER_PORTS.client])),
            spec("zookeeper-quorum", rule(pods(a.cluster, ["zookeeper"]), [from(["zookeeper"])], [ZOOKEEPER_PORTS.peer, ZOOKEEPER_PORTS.election])),
        );
    }
    if (a.metrics) {
        // Metrics ports: the scraper's namespace only (kubelet probes are not filtered by NetworkPolicy).
        const scraper: Peer[] = [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": a.metrics.scraperNamespace } } }];
        policies.push(
            spec("kafka-metrics", rule(pods(a.cluster, [...new Set([...BROKERS, ...CONTROLLERS])]), scraper, [METRICS_PORTS.kafka])),
            spec("lag-exporter-metrics", rule(pods(a.cluster, ["metrics"]), scraper, [METRICS_PORTS.lagExporter])),
        );
        if (a.zookeeper) policies.push(spec("zookeeper-metrics", rule(pods(a.cluster, ["zookeeper"]), scraper, [METRICS_PORTS.zookeeper])));
    }
    return policies;
}
