import { strict as assert } from "assert";
import { labels } from "../../components/common/labels";
import { KAFKA_PORTS, ZOOKEEPER_PORTS } from "../../components/common/names";
import { networkPolicySpecs } from "../../components/security/network-policy-spec";
import { renderStack, stackSection } from "../harness";
import { Pod, Policy, allowed } from "./network-policy-eval";

const NS = "kafka";
const pod = (component: Parameters<typeof labels>[1], namespace = NS): Pod => ({ namespace, labels: labels("kafka", component, `kafka-${component}`) });
const broker = pod("kafka-broker");
const controller = pod("kafka-controller");
const zookeeper = pod("zookeeper");
const ui = pod("kafka-manager");
const appInAllowedNs: Pod = { namespace: "orders", labels: { app: "orders-consumer" } };
const appElsewhere: Pod = { namespace: "default", labels: { app: "curious" } };

describe("NetworkPolicies", () => {
    describe("KRaft mode", () => {
        const policies = networkPolicySpecs({ cluster: "kafka", namespace: NS, zookeeper: false, clientNamespaces: ["orders", "keda"] }) as unknown as Policy[];
        const can = (from: Pod, to: Pod, port: number) => allowed(policies, from, to, port);

        it("lets the namespace's own pods and allowed namespaces use the client port", () => {
            assert.ok(can(ui, broker, KAFKA_PORTS.client));
            assert.ok(can(appInAllowedNs, broker, KAFKA_PORTS.client));
            assert.ok(can({ namespace: "keda", labels: { app: "keda-operator" } }, broker, KAFKA_PORTS.client));
        });
        it("refuses the client port to other namespaces", () => assert.ok(!can(appElsewhere, broker, KAFKA_PORTS.client)));
        it("the Kafka namespace holds only the cluster: a pod there that is not the cluster's own may not use the client port", () => {
            assert.ok(!can({ namespace: NS, labels: { app: "team-app-deployed-into-kafka" } }, broker, KAFKA_PORTS.client));
            assert.ok(!can({ namespace: NS, labels: { ...labels("other-cluster", "kafka-manager", "x") } }, broker, KAFKA_PORTS.client), "another cluster's pods are not this one's");
        });
        it("keeps replication between brokers", () => {
            assert.ok(can(broker, broker, KAFKA_PORTS.internal));
            assert.ok(!can(ui, broker, KAFKA_PORTS.internal));
            assert.ok(!can(appInAllowedNs, broker, KAFKA_PORTS.internal));
        });
        it("opens the controller quorum port to brokers and controllers only", () => {
            assert.ok(can(broker, controller, KAFKA_PORTS.controller));
            assert.ok(can(controller, controller, KAFKA_PORTS.controller));
            assert.ok(!can(ui, controller, KAFKA_PORTS.controller));
            assert.ok(!can(appInAllowedNs, controller, KAFKA_PORTS.controller));
        });
        it("leaves the UI reachable by no pod (port-forward only)", () => {
            assert.ok(!can(broker, ui, 8080));
            assert.ok(!can(appInAllowedNs, ui, 8080));
        });
        it("denies everything not opened", () => assert.ok(!can(ui, broker, 22)));
    });

    describe("ZooKeeper mode", () => {
        const policies = networkPolicySpecs({ cluster: "kafka", namespace: NS, zookeeper: true, clientNamespaces: [] }) as unknown as Policy[];
        const can = (from: Pod, to: Pod, port: number) => allowed(policies, from, to, port);

        it("lets brokers, not clients, reach ZooKeeper", () => {
            assert.ok(can(broker, zookeeper, ZOOKEEPER_PORTS.client));
            assert.ok(!can(ui, zookeeper, ZOOKEEPER_PORTS.client));
            assert.ok(!can(appElsewhere, zookeeper, ZOOKEEPER_PORTS.client));
        });
        it("keeps the ZooKeeper quorum ports among ZooKeeper servers", () => {
            for (const port of [ZOOKEEPER_PORTS.peer, ZOOKEEPER_PORTS.election]) {
                assert.ok(can(zookeeper, zookeeper, port));
                assert.ok(!can(broker, zookeeper, port));
            }
        });
        it("lets CMAK reach ZooKeeper when it is the UI", () => {
            const withCmak = networkPolicySpecs({ cluster: "kafka", namespace: NS, zookeeper: true, clientNamespaces: [], zookeeperClients: ["kafka-manager"] }) as unknown as Policy[];
            assert.ok(allowed(withCmak, ui, zookeeper, ZOOKEEPER_PORTS.client));
        });
        it("renders no controller rule", () => assert.ok(!policies.some((p) => p.metadata.name.includes("controller"))));
    });

    it("(control) the evaluator allows everything without policies", () => assert.ok(allowed([], appElsewhere, broker, KAFKA_PORTS.internal)));

    describe("rendered by the program", () => {
        const section = (stack: string, name: string) => stackSection(stack, name) ?? {};

        it("wait for the namespace they live in", async () => {
            const { resources } = await renderStack("prod");
            const ns = resources.find((r) => r.inputs.kind === "Namespace" && (r.inputs.metadata as { name: string }).name === "kafka")!;
            const policies = resources.filter((r) => r.inputs.kind === "NetworkPolicy" && (r.inputs.metadata as { namespace: string }).namespace === "kafka");
            assert.ok(policies.length >= 4);
            for (const p of policies) assert.ok(p.dependencies.includes(ns.urn), `${p.name} does not wait for the namespace`);
        });

        it("admit every client pod the stacks deploy, team namespaces listed in security.clientNamespaces, and nothing else", async () => {
            for (const stack of ["dev", "prod"]) {
                const { resources } = await renderStack(stack);
                const objects = resources.map((r) => r.inputs as { kind?: string; metadata?: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: { template?: { metadata?: { labels?: Record<string, string> } } } });
                const policies = objects.filter((o) => o.kind === "NetworkPolicy") as unknown as Policy[];
                const target = objects.find((o) => o.kind === "StatefulSet" && o.metadata!.name === "kafka-broker")!;
                const brokerPod: Pod = { namespace: target.metadata!.namespace!, labels: target.spec!.template!.metadata!.labels! };
                const clients = objects.filter((o) => (o.kind === "Job" || o.kind === "Deployment") && o.metadata!.namespace === NS);
                assert.ok(clients.length >= 4, stack);
                for (const c of clients) {
                    const from: Pod = { namespace: NS, labels: c.spec!.template!.metadata!.labels ?? {} };
                    assert.ok(allowed(policies, from, brokerPod, KAFKA_PORTS.client), `${stack}: ${c.kind} ${c.metadata!.name}`);
                }
                const listed = (stackSection(stack, "security") as { clientNamespaces?: string[] } | undefined)?.clientNamespaces ?? [];
                for (const ns of listed) assert.ok(allowed(policies, { namespace: ns, labels: { app: "team" } }, brokerPod, KAFKA_PORTS.client), `${stack}: ${ns}`);
                assert.ok(!allowed(policies, { namespace: NS, labels: { app: "team" } }, brokerPod, KAFKA_PORTS.client), `${stack}: a team pod in the Kafka namespace`);
                assert.ok(!allowed(policies, { namespace: "unlisted", labels: { app: "team" } }, brokerPod, KAFKA_PORTS.client), `${stack}: an unlisted namespace`);
            }
        });

        it("let a KEDA installed outside this stack read consumer lag", async () => {
            const autoscaling = { ...section("dev", "autoscaling"), keda: { install: false, namespace: "platform-keda" } };
            const { resources } = await renderStack("dev", { autoscaling });
            const policies = resources.filter((r) => r.inputs.kind === "NetworkPolicy").map((r) => r.inputs) as unknown as Policy[];
            assert.ok(allowed(policies, { namespace: "platform-keda", labels: { app: "keda-operator" } }, broker, KAFKA_PORTS.client));
        });
    });
});
