/**
 * NetworkPolicies for the namespace of the KEDA this stack installs: deny all, then the flows of
 * the chart's three Deployments (pod labels `app: <name>`, kedacore/charts v2.20.2
 * keda/templates/{manager,metrics-server,webhooks}/deployment.yaml:28):
 *
 * - all three: DNS and the API server (they watch it);
 * - the operator: the Kafka brokers' client port (the Kafka scaler reads consumer lag);
 * - the metrics API server: the operator's gRPC port 9666, which serves the metrics
 *   (manager/deployment.yaml:150);
 * - the API server calls the metrics API server (APIService, secure port 6443,
 *   values.yaml `service.portHttpsTarget`) and the admission webhooks (9443,
 *   webhooks/deployment.yaml:114). The control plane is no pod and its ENIs share the subnets
 *   with pods, so no selector or block names it: those two ports are open to every source, and
 *   each server authenticates its callers (delegated authentication and authorization);
 * - with metrics on, the scraper's namespace the operator's metrics port.
 *
 * The chart's own NetworkPolicies (`networkPolicy.enabled`) let every pod reach every pod; these
 * replace them.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as k8s from "../common/kubernetes";
import { LABEL } from "../common/labels";
import { KAFKA_PORTS } from "../common/names";
import { API_SERVER_PORT, KUBE_DNS } from "./egress-policy-spec";
import type { NetworkPolicySpec } from "./network-policy-spec";

type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;

/** The chart's pod labels (`app`) and ports, kedacore/charts v2.20.2. */
export const KEDA_PODS = {
    operator: { app: "keda-operator", grpcPort: 9666 },
    metricsApiServer: { app: "keda-operator-metrics-apiserver", securePort: 6443 },
    webhooks: { app: "keda-admission-webhooks", port: 9443 },
} as const;

export interface KedaNetworkPolicyArgs {
    /** KEDA's namespace (the stack installs KEDA there). */
    namespace: string;
    /** The Kafka cluster whose brokers the operator reads lag from. */
    kafka: { cluster: string; namespace: string };
    /** The API server as pods address it, a /32 block (see egress-policy-spec.ts). */
    apiServerCidr: pulumi.Input<string>;
    /** Metrics on: the namespace whose Prometheus scrapes the operator, and the port. Default: off. */
    metrics?: { scraperNamespace: string; port: number };
}

const byNamespace = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

export function kedaNetworkPolicySpecs(a: KedaNetworkPolicyArgs): NetworkPolicySpec[] {
    const app = (name: string) => ({ matchLabels: { app: name } });
    const spec = (suffix: string, body: NonNullable<NetworkPolicySpec["spec"]>): NetworkPolicySpec => ({
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: `keda-${suffix}`, namespace: a.namespace, labels: { [LABEL.managedBy]: "pulumi" } },
        spec: body,
    });
    const tcp = (port: number) => [{ protocol: "TCP", port }];
    const dns: Peer = { namespaceSelector: byNamespace(KUBE_DNS.namespace), podSelector: { matchLabels: { ...KUBE_DNS.labels } } };
    const brokers: Peer = {
        namespaceSelector: byNamespace(a.kafka.namespace),
        podSelector: { matchLabels: { [LABEL.partOf]: a.kafka.cluster }, matchExpressions: [{ key: LABEL.component, operator: "In", values: ["kafka-broker", "kafka"] }] },
    };
    const { operator, metricsApiServer, webhooks } = KEDA_PODS;

    const policies = [
        spec("default-deny", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
        spec("dns-and-api-server-egress", {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                { to: [dns], ports: [{ protocol: "UDP", port: KUBE_DNS.port }, { protocol: "TCP", port: KUBE_DNS.port }] },
                { to: [{ ipBlock: { cidr: a.apiServerCidr } }], ports: tcp(API_SERVER_PORT) },
            ],
        }),
        spec("operator-kafka-egress", { podSelector: app(operator.app), policyTypes: ["Egress"], egress: [{ to: [brokers], ports: tcp(KAFKA_PORTS.client) }] }),
        spec("metrics-apiserver-to-operator", {
            podSelector: app(metricsApiServer.app),
            policyTypes: ["Egress"],
            egress: [{ to: [{ podSelector: app(operator.app) }], ports: tcp(operator.grpcPort) }],
        }),
        spec("operator-grpc", { podSelector: app(operator.app), policyTypes: ["Ingress"], ingress: [{ from: [{ podSelector: app(metricsApiServer.app) }], ports: tcp(operator.grpcPort) }] }),
        spec("metrics-apiserver-from-api-server", { podSelector: app(metricsApiServer.app), policyTypes: ["Ingress"], ingress: [{ ports: tcp(metricsApiServer.securePort) }] }),
        spec("webhooks-from-api-server", { podSelector: app(webhooks.app), policyTypes: ["Ingress"], ingress: [{ ports: tcp(webhooks.port) }] }),
    ];
    if (a.metrics) {
        policies.push(spec("operator-metrics", { podSelector: app(operator.app), policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: byNamespace(a.metrics.scraperNamespace) }], ports: tcp(a.metrics.port) }] }));
    }
    return policies;
}
