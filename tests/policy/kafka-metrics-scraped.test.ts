import * as assert from "assert";
import { kafkaMetricsScraped } from "../../policy/policies/kafka-metrics-scraped";
import { checkStack, Fixture, urnOf } from "./fixtures";
import { NS, selector, statefulSet, withMetricsPort } from "./objects";

function podMonitor(matchLabels: Record<string, string>, port: string, namespace = NS): Fixture {
    return {
        type: "kubernetes:monitoring.coreos.com/v1:PodMonitor",
        name: "kafka-nodes",
        props: { apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name: "kafka-nodes", namespace }, spec: { selector: { matchLabels }, podMetricsEndpoints: [{ port }] } },
    };
}

describe("policy kafka-metrics-scraped (stack)", () => {
    const brokers = statefulSet("kafka-broker", "kafka-broker", { replicas: 3 });
    const scrape = { "prometheus.io/scrape": "true", "prometheus.io/port": "9404" };

    it("passes with scrape annotations on a declared port", async () => {
        assert.deepStrictEqual(await checkStack(kafkaMetricsScraped, [withMetricsPort(brokers, scrape)]), []);
    });

    it("passes with a PodMonitor in the namespace that selects the pods and names their port", async () => {
        const pm = podMonitor({ "app.kubernetes.io/part-of": "kafka", "app.kubernetes.io/component": "kafka-broker" }, "metrics");
        assert.deepStrictEqual(await checkStack(kafkaMetricsScraped, [withMetricsPort(brokers), pm]), []);
    });

    it("fails a StatefulSet without a scrape target, naming it and the config key that fixes it", async () => {
        const violations = await checkStack(kafkaMetricsScraped, [brokers]);
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(violations[0].urn, urnOf(brokers));
        assert.match(violations[0].message, /^StatefulSet kafka\/kafka-broker: spec\.template has no scrape target .*kafka-eks:metrics/);
    });

    it("does not count annotations on an undeclared port, or a PodMonitor elsewhere, on the wrong pods or port", async () => {
        const sel = selector("kafka-broker", "kafka-broker");
        for (const stack of [
            [withMetricsPort(brokers, { ...scrape, "prometheus.io/port": "9999" })],
            [withMetricsPort(brokers), podMonitor(sel, "metrics", "monitoring")],
            [withMetricsPort(brokers), podMonitor({ ...sel, "app.kubernetes.io/component": "zookeeper" }, "metrics")],
            [withMetricsPort(brokers), podMonitor(sel, "jmx")],
        ]) {
            assert.strictEqual((await checkStack(kafkaMetricsScraped, stack)).length, 1, JSON.stringify(stack[stack.length - 1].props));
        }
    });

    it("ignores StatefulSets of other components", async () => {
        assert.deepStrictEqual(await checkStack(kafkaMetricsScraped, [statefulSet("kafka-manager", "kafka-ui", { replicas: 1 })]), []);
    });
});
