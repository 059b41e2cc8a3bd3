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

        it("let a KEDA installed outside this stack read consumer lag", async () => {
            const autoscaling = { ...section("dev", "autoscaling"), keda: { install: false, namespace: "platform-keda" } };
            const { resources } = await renderStack("dev", { autoscaling });
            const policies = resources.filter((r) => r.inputs.kind === "NetworkPolicy").map((r) => r.inputs) as unknown as Policy[];
            assert.ok(allowed(policies, { namespace: "platform-keda", labels: { app: "keda-operator" } }, broker, KAFKA_PORTS.client));
        });
    });
});
