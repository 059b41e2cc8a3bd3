/**
 * Every workload of every rendered stack, through the NetworkPolicy evaluator in both directions:
 * what each one needs gets through, and nothing else does. What a workload needs is read from its
 * own pod spec, not from a list kept beside the policies:
 *
 * - it names the bootstrap address → the brokers' client port (through the Service and directly);
 * - a container mounts a ServiceAccount token → the API server;
 * - an init container downloads the metrics agent (AGENT_URL) → that URL's host and port;
 * - it names the ZooKeeper connect string (CMAK) or is a broker in ZooKeeper mode → ZooKeeper;
 * - Kafka and ZooKeeper nodes → their peers' replication and quorum ports (by role label).
 *
 * Stacks on a cluster the program builds run the VPC CNI in strict mode, so they are evaluated in
 * strict mode: a pod no policy selects would be cut off, and shows up here as a denied flow.
 */
import { strict as assert } from "assert";
import { KAFKA_PORTS, ZOOKEEPER_PORTS } from "../../components/common/names";
import { METRICS_PORTS } from "../../components/observability/endpoints";
import { API_SERVER_PORT, KUBE_DNS } from "../../components/security/egress-policy-spec";
import { KEDA_PODS } from "../../components/security/keda-network-policy-spec";
import { kubernetesObjects, RenderedResource, renderStack, stackSection } from "../harness";
import { allowed, allowedViaService, Endpoint, External, Options, Pod, Policy, Service } from "./network-policy-eval";

const NS = "kafka";
const COMPONENT = "app.kubernetes.io/component";
/** The API server's ClusterIP under the mocks: first address of the EKS service range, or of kind's. */
const API_SERVER = { eks: "172.20.0.1", kind: "10.96.0.1" };
/** A control-plane ENI: an address of the VPC, like the pods'. */
const CONTROL_PLANE: External = { ip: "10.0.200.17" };
const INTERNET: External = { ip: "1.1.1.1" };
const GITHUB: External = { ip: "140.82.121.4" };

type Container = { name: string; env?: Array<{ name: string; value?: string }>; volumeMounts?: Array<{ name: string }> };
type Template = { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; initContainers?: Container[]; volumes?: Array<{ name: string; projected?: { sources: object[] } }> } };

interface Workload {
    name: string;
    pod: Pod;
    template: Template;
}

interface Variant {
    name: string;
    stack: string;
    overrides?: (s: (section: string) => Record<string, unknown>) => Parameters<typeof renderStack>[1];
    cluster: "eks" | "kind";
    /** A namespace the variant lists in security.clientNamespaces. */
    clientNamespace?: string;
}

const VARIANTS: Variant[] = [
    { name: "dev: ZooKeeper mode, PLAINTEXT, KEDA, monitoring stack", stack: "dev", cluster: "eks" },
    {
        name: "dev with SASL_SSL and a client namespace",
        stack: "dev",
        cluster: "eks",
        clientNamespace: "orders",
        overrides: (s) => ({ security: { ...s("security"), authentication: "scram-sha-512", tls: true, clientNamespaces: ["orders"] } }),
    },
    { name: "dev with CMAK", stack: "dev", cluster: "eks", overrides: (s) => ({ manager: { ...s("manager"), kind: "cmak" } }) },
    { name: "prod: KRaft dedicated controllers, SASL_SSL, ACLs", stack: "prod", cluster: "eks" },
    { name: "prod with KRaft combined nodes", stack: "prod", cluster: "eks", overrides: (s) => ({ kafka: { ...s("kafka"), kraft: { topology: "combined" }, controllerStorageGiB: undefined } }) },
    { name: "kind: existing cluster, KRaft combined", stack: "kind", cluster: "kind" },
];

function workloadsOf(resources: readonly RenderedResource[]): Workload[] {
    return kubernetesObjects(resources)
        .filter((r) => ["Deployment", "StatefulSet", "Job"].includes(String(r.inputs.kind)) && (r.inputs.metadata as { namespace?: string }).namespace === NS)
        .map((r, i) => {
            const template = (r.inputs.spec as { template: Template }).template;
            return { name: `${String(r.inputs.kind)} ${(r.inputs.metadata as { name: string }).name}`, template, pod: { namespace: NS, labels: template.metadata.labels, ip: `10.0.1.${10 + i}` } };
        });
}

const allContainers = (t: Template) => [...(t.spec.initContainers ?? []), ...t.spec.containers];
const mentions = (w: Workload, text: string) => text !== "" && JSON.stringify(w.template).includes(text);
function callsApiServer(w: Workload): boolean {
    const tokenVolumes = (w.template.spec.volumes ?? []).filter((v) => v.projected?.sources.some((s) => "serviceAccountToken" in s)).map((v) => v.name);
    return allContainers(w.template).some((c) => (c.volumeMounts ?? []).some((m) => tokenVolumes.includes(m.name)));
}
function agentUrl(w: Workload): URL | undefined {
    const value = (w.template.spec.initContainers ?? []).flatMap((c) => c.env ?? []).find((e) => e.name === "AGENT_URL")?.value;
    return value === undefined ? undefined : new URL(value);
}
const role = (w: Workload) => w.pod.labels[COMPONENT];
const isBroker = (w: Workload) => ["kafka-broker", "kafka"].includes(role(w));
const isController = (w: Workload) => ["kafka-controller", "kafka"].includes(role(w));

const kubeDns: Service = { namespace: KUBE_DNS.namespace, selector: { ...KUBE_DNS.labels }, clusterIP: "172.20.0.10", port: 53, targetPort: 53 };
const coreDns: Pod = { namespace: KUBE_DNS.namespace, labels: { ...KUBE_DNS.labels, "eks.amazonaws.com/component": "coredns" }, ip: "10.0.2.2" };
const prometheus: Pod = { namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" }, ip: "10.0.3.3" };
const keda = (app: string, namespace = "keda"): Pod => ({ namespace, labels: { app, "app.kubernetes.io/name": app }, ip: `10.0.4.${app.length}` });
const otherNamespace: Pod = { namespace: "default", labels: { app: "curious" }, ip: "10.0.5.5" };

/** What someone running Prometheus outside the stack (or a client namespace) adds under strict mode: a policy selecting its pods. */
const openPolicy = (namespace: string): Policy => ({ metadata: { name: "theirs", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] } });

describe("NetworkPolicies: every rendered workload reaches what it needs and nothing else", function () {
    this.timeout(300_000);
    const renders = new Map<string, Promise<Awaited<ReturnType<typeof renderStack>>>>();
    before(() => {
        // One at a time: the mock runtime is process-wide.
        let previous: Promise<unknown> = Promise.resolve();
        for (const v of VARIANTS) {
            const s = (section: string) => stackSection(v.stack, section) ?? {};
            const render = previous.then(() => renderStack(v.stack, v.overrides?.(s)));
            renders.set(v.name, render);
            previous = render.catch(() => undefined);
        }
    });

    for (const v of VARIANTS) {
        describe(v.name, () => {
            let workloads: Workload[];
            let policies: Policy[];
            let bootstrapHost: string;
            let zookeeperConnect: string;
            let bootstrap: Service;
            const opts: Options = { strict: v.cluster === "eks" };
            const apiServer: External = { ip: API_SERVER[v.cluster] };
            const can = (from: Endpoint, to: Endpoint, port: number, protocol: "TCP" | "UDP" = "TCP") => allowed(policies, from, to, port, protocol, opts);
            const brokers = () => workloads.filter(isBroker);

            before(async () => {
                const { resources, outputs } = await renders.get(v.name)!;
                workloads = workloadsOf(resources);
                // kube-system's and the scraper's own policies are the cluster's; a Prometheus outside the stack brings its own.
                policies = [
                    ...kubernetesObjects(resources, "NetworkPolicy").map((r) => r.inputs as unknown as Policy),
                    ...(v.cluster === "eks" ? [] : [openPolicy("kube-system")]),
                    openPolicy("monitoring"),
                ];
                bootstrapHost = String(outputs.bootstrapServers).split(":")[0];
                zookeeperConnect = String(outputs.zookeeperConnect ?? "");
                const service = kubernetesObjects(resources, "Service").find((r) => (r.inputs.metadata as { name: string }).name === bootstrapHost.split(".")[0])!;
                bootstrap = { namespace: NS, selector: (service.inputs.spec as { selector: Record<string, string> }).selector, clusterIP: "172.20.9.9", port: KAFKA_PORTS.client, targetPort: KAFKA_PORTS.client };
                assert.ok(workloads.length >= 6 && brokers().length > 0, "the stack renders its workloads");
            });

            it("every workload resolves names through kube-dns (UDP and TCP)", () => {
                for (const w of workloads) {
                    for (const protocol of ["UDP", "TCP"] as const) {
                        assert.ok(allowedViaService(policies, w.pod, { ...kubeDns, protocol }, coreDns, opts), `${w.name} → kube-dns ${protocol}`);
                    }
                }
            });

            it("every workload that names the bootstrap address reaches each broker's client port, through the Service and directly", () => {
                const clients = workloads.filter((w) => mentions(w, bootstrapHost));
                assert.ok(clients.length >= 5, `clients found: ${clients.map((w) => w.name).join(", ")}`);
                for (const w of clients) {
                    for (const b of brokers()) {
                        assert.ok(allowedViaService(policies, w.pod, bootstrap, b.pod, opts), `${w.name} → bootstrap → ${b.name}`);
                        assert.ok(can(w.pod, b.pod, KAFKA_PORTS.client), `${w.name} → ${b.name}:${KAFKA_PORTS.client}`);
                    }
                }
            });

            it("only workloads that mount a ServiceAccount token reach the API server", () => {
                const callers = workloads.filter(callsApiServer);
                assert.ok(callers.some(isBroker) && callers.some((w) => role(w) === "kafka-roller"), `callers: ${callers.map((w) => w.name).join(", ")}`);
                for (const w of workloads) assert.equal(can(w.pod, apiServer, API_SERVER_PORT), callsApiServer(w), `${w.name} → API server`);
            });

            it("only the metrics-agent download leaves the cluster, to its URL's port, never into the VPC", () => {
                for (const w of workloads) {
                    const url = agentUrl(w);
                    if (url) {
                        assert.equal(url.hostname, "github.com");
                        assert.ok(can(w.pod, GITHUB, 443), `${w.name} downloads the agent`);
                        assert.ok(!can(w.pod, GITHUB, 80) && !can(w.pod, GITHUB, 22), `${w.name}: the download port only`);
                        assert.ok(!can(w.pod, otherNamespace, 443) && !can(w.pod, CONTROL_PLANE, 443), `${w.name}: not into the VPC`);
                    } else {
                        for (const port of [443, 80]) assert.ok(!can(w.pod, INTERNET, port) && !can(w.pod, GITHUB, port), `${w.name} → Internet:${port}`);
                    }
                }
                assert.ok(workloads.some((w) => agentUrl(w) !== undefined), "metrics are on: Kafka nodes download the agent");
            });

            it("replication and quorum ports: Kafka nodes only, each to the role that serves it", () => {
                for (const from of workloads) {
                    for (const to of brokers()) assert.equal(can(from.pod, to.pod, KAFKA_PORTS.internal), isBroker(from), `${from.name} → ${to.name}:${KAFKA_PORTS.internal}`);
                    for (const to of workloads.filter(isController)) {
                        assert.equal(can(from.pod, to.pod, KAFKA_PORTS.controller), isBroker(from) || isController(from), `${from.name} → ${to.name}:${KAFKA_PORTS.controller}`);
                    }
                }
            });

            it("ZooKeeper: brokers and what names the connect string reach the client port; servers alone the quorum ports", () => {
                const servers = workloads.filter((w) => role(w) === "zookeeper");
                assert.equal(servers.length > 0, v.stack === "dev");
                for (const from of workloads) {
                    const zkClient = from.pod.labels[COMPONENT] === "zookeeper" || (isBroker(from) && servers.length > 0) || mentions(from, zookeeperConnect);
                    for (const to of servers) {
                        assert.equal(can(from.pod, to.pod, ZOOKEEPER_PORTS.client), zkClient, `${from.name} → ${to.name}:${ZOOKEEPER_PORTS.client}`);
                        for (const port of [ZOOKEEPER_PORTS.peer, ZOOKEEPER_PORTS.election]) assert.equal(can(from.pod, to.pod, port), role(from) === "zookeeper", `${from.name} → ${to.name}:${port}`);
                    }
                }
                if (v.name.includes("CMAK")) assert.ok(workloads.some((w) => role(w) === "kafka-manager" && mentions(w, zookeeperConnect)), "CMAK names ZooKeeper");
            });

            it("nothing reaches another namespace's pods, and no pod reaches the UI", () => {
                const ui = workloads.filter((w) => role(w) === "kafka-manager");
                for (const w of workloads) {
                    for (const port of [80, 443, 8080, KAFKA_PORTS.client]) assert.ok(!can(w.pod, otherNamespace, port), `${w.name} → default/curious:${port}`);
                    for (const u of ui) assert.ok(!can(w.pod, u.pod, 8080), `${w.name} → ${u.name}`);
                }
            });

            it("Prometheus still scrapes the metrics ports", () => {
                const scraped = workloads.filter((w) => agentUrl(w) !== undefined || role(w) === "metrics" || role(w) === "zookeeper");
                assert.ok(scraped.length > 0);
                for (const w of scraped) {
                    const port = role(w) === "metrics" ? METRICS_PORTS.lagExporter : role(w) === "zookeeper" ? METRICS_PORTS.zookeeper : METRICS_PORTS.kafka;
                    assert.ok(can(prometheus, w.pod, port), `Prometheus → ${w.name}:${port}`);
                }
            });

            if (v.clientNamespace) it("a listed client namespace reaches the brokers once a policy of its own selects its pods", () => {
                const app: Pod = { namespace: v.clientNamespace!, labels: { app: "orders" }, ip: "10.0.6.6" };
                const unlisted: Pod = { ...app, namespace: "billing" };
                const broker = brokers()[0].pod;
                assert.ok(!allowed(policies, app, broker, KAFKA_PORTS.client, "TCP", opts), "strict mode: a pod no policy selects is denied");
                const withTheirs = [...policies, openPolicy(app.namespace), openPolicy(unlisted.namespace)];
                assert.ok(allowed(withTheirs, app, broker, KAFKA_PORTS.client, "TCP", opts));
                assert.ok(allowedViaService(withTheirs, app, bootstrap, broker, opts));
                assert.ok(!allowed(withTheirs, app, broker, KAFKA_PORTS.internal, "TCP", opts));
                assert.ok(!allowed(withTheirs, unlisted, broker, KAFKA_PORTS.client, "TCP", opts), "an unlisted namespace stays refused");
            });
        });
    }

    describe("the KEDA namespace (dev installs KEDA)", () => {
        let policies: Policy[];
        let broker: Pod;
        let ui: Pod;
        const opts: Options = { strict: true };
        const apiServer: External = { ip: API_SERVER.eks };
        const operator = keda(KEDA_PODS.operator.app);
        const metricsApiServer = keda(KEDA_PODS.metricsApiServer.app);
        const webhooks = keda(KEDA_PODS.webhooks.app);
        const can = (from: Endpoint, to: Endpoint, port: number) => allowed(policies, from, to, port, "TCP", opts);

        before(async () => {
            const { resources } = await renders.get(VARIANTS[0].name)!;
            policies = [...kubernetesObjects(resources, "NetworkPolicy").map((r) => r.inputs as unknown as Policy), openPolicy("monitoring")];
            const pods = workloadsOf(resources);
            broker = pods.find(isBroker)!.pod;
            ui = pods.find((w) => role(w) === "kafka-manager")!.pod;
        });

        it("every KEDA pod resolves names and reaches the API server, and nothing else outside", () => {
            for (const pod of [operator, metricsApiServer, webhooks]) {
                assert.ok(allowedViaService(policies, pod, kubeDns, coreDns, opts), `${pod.labels.app} → DNS`);
                assert.ok(can(pod, apiServer, API_SERVER_PORT), `${pod.labels.app} → API server`);
                for (const to of [INTERNET, GITHUB]) assert.ok(!can(pod, to, 443), `${pod.labels.app} → Internet`);
                assert.ok(!can(pod, ui, 8080) && !can(pod, otherNamespace, 8080), `${pod.labels.app} → other pods`);
            }
        });

        it("the operator, alone, reads lag from the brokers' client port", () => {
            assert.ok(can(operator, broker, KAFKA_PORTS.client));
            assert.ok(!can(metricsApiServer, broker, KAFKA_PORTS.client) && !can(webhooks, broker, KAFKA_PORTS.client));
            for (const port of [KAFKA_PORTS.internal, KAFKA_PORTS.controller, ZOOKEEPER_PORTS.client]) assert.ok(!can(operator, broker, port), `operator → broker:${port}`);
        });

        it("the metrics API server reaches the operator's gRPC port through its Service; no one else does", () => {
            const service: Service = { namespace: "keda", selector: { app: KEDA_PODS.operator.app }, clusterIP: "172.20.8.8", port: KEDA_PODS.operator.grpcPort, targetPort: KEDA_PODS.operator.grpcPort };
            assert.ok(allowedViaService(policies, metricsApiServer, service, operator, opts));
            assert.ok(!can(webhooks, operator, KEDA_PODS.operator.grpcPort) && !can(ui, operator, KEDA_PODS.operator.grpcPort));
        });

        it("the control plane reaches the metrics API server and the webhooks on their ports only", () => {
            assert.ok(can(CONTROL_PLANE, metricsApiServer, KEDA_PODS.metricsApiServer.securePort));
            assert.ok(can(CONTROL_PLANE, webhooks, KEDA_PODS.webhooks.port));
            assert.ok(!can(CONTROL_PLANE, operator, KEDA_PODS.operator.grpcPort) && !can(CONTROL_PLANE, metricsApiServer, 8080));
        });

        it("Prometheus scrapes the operator's metrics port", () => assert.ok(can(prometheus, operator, 8080)));
    });

    describe("the evaluator (controls)", () => {
        const pod: Pod = { namespace: "x", labels: { app: "a" }, ip: "10.0.7.7" };
        it("without policies everything is open in standard mode and closed in strict mode", () => {
            assert.ok(allowed([], pod, otherNamespace, 80));
            assert.ok(!allowed([], pod, otherNamespace, 80, "TCP", { strict: true }));
        });
        it("a Service without a matching selector rule is not reached by pod-selector egress", () => {
            const policy: Policy = { metadata: { name: "p", namespace: "x" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ podSelector: { matchLabels: { app: "b", tier: "x" } } }] }] } };
            const b: Pod = { namespace: "x", labels: { app: "b", tier: "x" }, ip: "10.0.7.8" };
            assert.ok(allowed([policy], pod, b, 80));
            assert.ok(!allowedViaService([policy], pod, { namespace: "x", selector: { app: "b" }, clusterIP: "172.20.7.7", port: 80, targetPort: 80 }, b));
        });
        it("ipBlock except carves addresses out", () => {
            const policy: Policy = { metadata: { name: "p", namespace: "x" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8"] } }] }] } };
            assert.ok(allowed([policy], pod, INTERNET, 443));
            assert.ok(!allowed([policy], pod, otherNamespace, 443));
        });
    });
});
