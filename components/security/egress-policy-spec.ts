/**
 * Egress NetworkPolicies for the Kafka namespace: deny every outgoing connection, then allow
 * exactly what the workloads open (the mirror image of the ingress policies in
 * network-policy-spec.ts, plus DNS, the API server and the metrics agent's download):
 *
 * - every pod: DNS (kube-dns, UDP and TCP 53) and the brokers' client port;
 * - brokers: the other brokers' replication port; KRaft: brokers and controllers the
 *   controllers' quorum port; ZooKeeper mode: brokers (and CMAK) the ZooKeeper client port, the
 *   ZooKeeper servers each other's quorum ports;
 * - the API server, for the pods that call it: brokers (the node-zone init container reads its
 *   node's zone) and the roller and rebalance Jobs (their kubectl-proxy sidecar);
 * - with metrics on, Kafka nodes the JMX exporter's download (metrics-agent init container).
 *
 * NetworkPolicy selects pods, not containers: a rule for an init container or sidecar holds for
 * the whole pod. What keeps the Kafka container itself off the API server is that only
 * node-zone mounts a ServiceAccount token.
 *
 * The API server cannot be selected by labels (it is no pod): pods address it as the ClusterIP of
 * the `default/kubernetes` Service, and the VPC CNI filters egress before kube-proxy rewrites that
 * address (aws/amazon-network-policy-controller-k8s v1.1.7 pkg/resolvers/endpoints.go:451-455), so
 * the rule is an ipBlock of that one address on TCP 443.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "../common/kubernetes";
import { KafkaComponent, LABEL, platformLabels } from "../common/labels";
import { KAFKA_PORTS, ZOOKEEPER_PORTS } from "../common/names";
import type { NetworkPolicySpec } from "./network-policy-spec";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Port = k8s.types.input.networking.v1.NetworkPolicyPort;
type Selector = k8s.types.input.meta.v1.LabelSelector;
type EgressRule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

/** The port pods reach the API server on: the `default/kubernetes` Service's. */
export const API_SERVER_PORT = 443;

/** CoreDNS as every cluster labels it: the `kube-dns` Service in kube-system selects `k8s-app: kube-dns`. */
export const KUBE_DNS = { namespace: "kube-system", labels: { "k8s-app": "kube-dns" }, port: 53 } as const;

/** Address blocks that are not the Internet (RFC 1918, RFC 6598, loopback, link-local): pods and the VPC live here. */
export const NON_PUBLIC_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"] as const;

/** Components whose pods call the API server: node-zone (brokers) and the kubectl proxy of the roller, the rebalance Jobs and the user retire Job. */
export const API_SERVER_CLIENTS: readonly KafkaComponent[] = ["kafka-broker", "kafka", "kafka-roller", "kafka-rebalance", "kafka-users-retire"];

export interface EgressPolicyArgs {
    /** Kafka cluster name (`app.kubernetes.io/part-of`). */
    cluster: string;
    namespace: string;
    /** Whether a ZooKeeper ensemble runs (ZooKeeper mode). */
    zookeeper: boolean;
    /** The API server as pods address it: the ClusterIP of `default/kubernetes`, as a /32 block. */
    apiServerCidr: pulumi.Input<string>;
    /** Components besides brokers that talk to ZooKeeper (CMAK). Default none. */
    zookeeperClients?: KafkaComponent[];
    /** Metrics on: where the metrics-agent init container downloads the JMX exporter. Default: off. */
    metricsAgentUrl?: string;
}

const BROKERS: KafkaComponent[] = ["kafka-broker", "kafka"];
const CONTROLLERS: KafkaComponent[] = ["kafka-controller", "kafka"];
const KAFKA_NODES: KafkaComponent[] = ["kafka-broker", "kafka-controller", "kafka"];

function pods(cluster: string, components: readonly KafkaComponent[]) {
    return {
        matchLabels: { [LABEL.partOf]: cluster },
        matchExpressions: [{ key: LABEL.component, operator: "In", values: [...components] }],
    };
}

/**
 * Where a download URL may be fetched from: its address when the host is an IPv4 literal, else
 * any Internet address (NetworkPolicy has no host names), never the pod network or the VPC.
 */
export function downloadPeer(url: string): { peer: Peer; port: number } {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : u.protocol === "http:" ? 80 : 443;
    const literal = /^\d{1,3}(\.\d{1,3}){3}$/.test(u.hostname);
    return { peer: { ipBlock: literal ? { cidr: `${u.hostname}/32` } : { cidr: "0.0.0.0/0", except: [...NON_PUBLIC_CIDRS] } }, port };
}

export function egressPolicySpecs(a: EgressPolicyArgs): NetworkPolicySpec[] {
    const tcp = (...ports: number[]): Port[] => ports.map((port) => ({ protocol: "TCP", port }));
    const to = (components: KafkaComponent[]): Peer => ({ podSelector: pods(a.cluster, components) });
    const spec = (suffix: string, podSelector: Selector, egress?: EgressRule[]): NetworkPolicySpec => ({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: `${a.cluster}-${suffix}`, namespace: a.namespace, labels: platformLabels(a.cluster) },
        spec: { podSelector, policyTypes: ["Egress"], ...(egress ? { egress } : {}) },
    });

    const dns: Peer = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": KUBE_DNS.namespace } }, podSelector: { matchLabels: { ...KUBE_DNS.labels } } };
    const policies = [
        spec("default-deny-egress", {}),
        spec("dns-egress", {}, [{ to: [dns], ports: [{ protocol: "UDP", port: KUBE_DNS.port }, { protocol: "TCP", port: KUBE_DNS.port }] }]),
        // Any pod of the namespace may be a client, as the ingress side admits (kafka-clients).
        spec("kafka-clients-egress", {}, [{ to: [to(BROKERS)], ports: tcp(KAFKA_PORTS.client) }]),
        spec("kafka-replication-egress", pods(a.cluster, BROKERS), [{ to: [to(BROKERS)], ports: tcp(KAFKA_PORTS.internal) }]),
        spec("api-server-egress", pods(a.cluster, API_SERVER_CLIENTS), [{ to: [{ ipBlock: { cidr: a.apiServerCidr } }], ports: tcp(API_SERVER_PORT) }]),
    ];
    if (!a.zookeeper) {
        policies.push(spec("kafka-controller-quorum-egress", pods(a.cluster, KAFKA_NODES), [{ to: [to(CONTROLLERS)], ports: tcp(KAFKA_PORTS.controller) }]));
    } else {
        policies.push(
            spec("zookeeper-clients-egress", pods(a.cluster, ["kafka-broker", "zookeeper", ...(a.zookeeperClients ?? [])]), [{ to: [to(["zookeeper"])], ports: tcp(ZOOKEEPER_PORTS.client) }]),
            spec("zookeeper-quorum-egress", pods(a.cluster, ["zookeeper"]), [{ to: [to(["zookeeper"])], ports: tcp(ZOOKEEPER_PORTS.peer, ZOOKEEPER_PORTS.election) }]),
        );
    }
    if (a.metricsAgentUrl) {
        const { peer, port } = downloadPeer(a.metricsAgentUrl);
        policies.push(spec("metrics-agent-egress", pods(a.cluster, KAFKA_NODES), [{ to: [peer], ports: tcp(port) }]));
    }
    return policies;
}
