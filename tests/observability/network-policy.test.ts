/** The metrics ports, through the NetworkPolicy reachability evaluator: the scraper's namespace, and only it, only them. */
import * as assert from "node:assert/strict";
import { labels } from "../../components/common/labels";
import { KAFKA_PORTS, ZOOKEEPER_PORTS } from "../../components/common/names";
import { METRICS_PORTS } from "../../components/observability/endpoints";
import { networkPolicySpecs } from "../../components/security/network-policy-spec";
import { allowed, Pod, Policy } from "../security/network-policy-eval";

const pod = (component: Parameters<typeof labels>[1]): Pod => ({ namespace: "kafka", labels: labels("kafka", component, `kafka-${component}`) });
const prometheus: Pod = { namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } };
const elsewhere: Pod = { namespace: "default", labels: { app: "curious" } };

describe("metrics: NetworkPolicies admit the scraper to the metrics ports only", () => {
    for (const zookeeper of [true, false]) {
        const policies = networkPolicySpecs({ cluster: "kafka", namespace: "kafka", zookeeper, clientNamespaces: [], metrics: { scraperNamespace: "monitoring" } }) as unknown as Policy[];
        const can = (from: Pod, to: Pod, port: number) => allowed(policies, from, to, port);
        const targets: Array<[Pod, number]> = [
            [pod("kafka-broker"), METRICS_PORTS.kafka],
            [pod("kafka"), METRICS_PORTS.kafka],
            [pod("metrics"), METRICS_PORTS.lagExporter],
            ...(zookeeper ? [[pod("zookeeper"), METRICS_PORTS.zookeeper] as [Pod, number]] : [[pod("kafka-controller"), METRICS_PORTS.kafka] as [Pod, number]]),
        ];

        it(`${zookeeper ? "ZooKeeper mode" : "KRaft"}: Prometheus reaches every metrics port`, () => {
            for (const [to, port] of targets) assert.ok(can(prometheus, to, port), `${to.labels["app.kubernetes.io/component"]}:${port}`);
        });
        it(`${zookeeper ? "ZooKeeper mode" : "KRaft"}: other namespaces and the Kafka namespace's own pods do not`, () => {
            for (const [to, port] of targets) {
                assert.ok(!can(elsewhere, to, port));
                assert.ok(!can(pod("kafka-manager"), to, port));
            }
        });
        it(`${zookeeper ? "ZooKeeper mode" : "KRaft"}: the scraper gets no other port`, () => {
            assert.ok(!can(prometheus, pod("kafka-broker"), KAFKA_PORTS.client));
            assert.ok(!can(prometheus, pod("kafka-broker"), KAFKA_PORTS.internal));
            if (zookeeper) assert.ok(!can(prometheus, pod("zookeeper"), ZOOKEEPER_PORTS.client));
            else assert.ok(!can(prometheus, pod("kafka-controller"), KAFKA_PORTS.controller));
        });
    }

    it("(control) metrics off: the scraper is denied like anyone else", () => {
        const policies = networkPolicySpecs({ cluster: "kafka", namespace: "kafka", zookeeper: false, clientNamespaces: [] }) as unknown as Policy[];
        assert.ok(!allowed(policies, prometheus, pod("kafka-broker"), METRICS_PORTS.kafka));
    });
});
