/**
 * The alert rules, proven without a cluster: every expression parses with Prometheus's own PromQL
 * grammar; every metric it reads is produced by an exporter this project deploys (the JMX names
 * derived from the rules over the real MBeans, the others from upstream/observability/exporter-metrics.txt)
 * and by the kind of node its selector picks; the rule objects validate against the Prometheus
 * Operator CRDs (upstream/prometheus-operator).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { AlertContext, AlertRule, alertRules } from "../../components/observability/alerts";
import { podMonitorSpec, prometheusRuleSpec, RULES_FILE, rulesConfigMapSpec, serviceMonitorSpec } from "../../components/observability/monitoring-spec";
import { validateSchema } from "../autoscaling/openapi";
import { renderStack, UPSTREAM } from "../harness";
import { monitoringCrd, unproducedMetrics } from "./metric-sources";
import { metricNames, promqlErrors } from "./promql";

const base = { cluster: "kafka", namespace: "kafka", lagAlerts: [{ group: "orders-processor", topic: "orders", threshold: 500 }], lagExporter: true, scaledObjects: [{ name: "orders-consumer", namespace: "kafka" }] };
const CONTEXTS: Record<string, AlertContext> = {
    zookeeper: { ...base, mode: "zookeeper", brokers: 3, controllers: 0, zookeeperReplicas: 3 },
    "kraft dedicated": { ...base, mode: "kraft", brokers: 3, controllers: 3, zookeeperReplicas: 0, certificateRenewAt: 1_790_000_000 },
    "kraft combined": { ...base, mode: "kraft", brokers: 3, controllers: 0, zookeeperReplicas: 0 },
};

describe("metrics: alert rules", () => {
    for (const [label, ctx] of Object.entries(CONTEXTS)) {
        describe(label, () => {
            const rules = alertRules(ctx);

            it("every expression parses with Prometheus's PromQL grammar", () => {
                for (const r of rules) assert.deepEqual(promqlErrors(r.expr), [], `${r.alert}: ${r.expr}`);
            });

            it("every metric is produced by a deployed exporter, on the kind of node the rule selects", () => {
                for (const r of rules) {
                    assert.ok(metricNames(r.expr).length > 0 || r.alert === "KafkaBrokerCertificateExpiring", r.alert);
                    assert.deepEqual(unproducedMetrics(ctx, r.expr), [], `${r.alert}: ${r.expr}`);
                }
            });

            it("the PrometheusRule validates against the v0.93 CRD; the ConfigMap holds the same rule file", () => {
                const rule = prometheusRuleSpec(ctx.cluster, ctx.namespace, rules);
                assert.deepEqual(validateSchema(monitoringCrd("prometheusrules"), rule), []);
                const cm = rulesConfigMapSpec(ctx.cluster, ctx.namespace, rules);
                assert.deepEqual(parse(cm.data![RULES_FILE]), { groups: (rule.spec as { groups: unknown }).groups });
            });
        });
    }

    it("covers the failures the issue names, per mode", () => {
        const names = (ctx: AlertContext) => new Set(alertRules(ctx).map((r) => r.alert));
        const common = ["KafkaUnderReplicatedPartitions", "KafkaUnderMinIsrPartitions", "KafkaOfflinePartitions", "KafkaActiveControllerCount", "KafkaBrokerDown", "KafkaVolumeUsageHigh", "KafkaVolumeUsageCritical", "KafkaVolumeFullIn24h", "KafkaJvmHeapHigh", "KafkaConsumerGroupLag", "KedaScalerErrors", "KafkaMetricsAgentMissing"];
        for (const ctx of Object.values(CONTEXTS)) for (const a of common) assert.ok(names(ctx).has(a), a);
        assert.ok(names(CONTEXTS.zookeeper).has("ZooKeeperQuorumLost"));
        assert.ok(names(CONTEXTS["kraft dedicated"]).has("KafkaControllerDown"));
        assert.ok(!names(CONTEXTS["kraft combined"]).has("KafkaControllerDown"), "combined nodes are brokers: KafkaBrokerDown covers them");
        assert.ok(names(CONTEXTS["kraft dedicated"]).has("KafkaBrokerCertificateExpiring"));
        assert.ok(!names(CONTEXTS.zookeeper).has("KafkaBrokerCertificateExpiring"), "no TLS, no certificate");
    });

    it("thresholds come from the stack: replica counts, quorum majority, lag per group, the renewal time", () => {
        const zk = alertRules({ ...CONTEXTS.zookeeper, zookeeperReplicas: 5 });
        assert.match(zk.find((r) => r.alert === "ZooKeeperQuorumLost")!.expr, / < 3$/);
        assert.match(zk.find((r) => r.alert === "KafkaBrokerDown")!.expr, / < 3$/);
        assert.match(alertRules(CONTEXTS.zookeeper).find((r) => r.alert === "KafkaConsumerGroupLag")!.expr, /consumergroup="orders-processor", topic="orders"\}\) > 500$/);
        assert.equal(alertRules(CONTEXTS["kraft dedicated"]).find((r) => r.alert === "KafkaBrokerCertificateExpiring")!.expr, "time() > 1790000000");
        assert.match(alertRules(CONTEXTS.zookeeper).find((r) => r.alert === "KafkaVolumeFullIn24h")!.expr, / < 0 and kubelet_volume_stats_used_bytes\{[^}]+\} \/ kubelet_volume_stats_capacity_bytes\{[^}]+\} > 0\.5$/, "a fresh volume filling towards its retention bound does not alert");
        const lag = alertRules({ ...CONTEXTS.zookeeper, cluster: "east", namespace: "streaming" }).find((r) => r.alert === "KafkaConsumerGroupLag")!.expr;
        assert.match(lag, /kafka_consumergroup_lag\{namespace="streaming", pod=~"east-lag-exporter-\.\+", /, "only this cluster's exporter: two clusters in one Prometheus do not cross over");
        // ScaledObjects live in their applications' namespaces (scalers[].namespace), not Kafka's.
        const scaledObjects = [{ name: "orders", namespace: "billing" }, { name: "audit", namespace: "streaming" }, { name: "refunds", namespace: "billing" }];
        const keda = alertRules({ ...CONTEXTS.zookeeper, cluster: "east", namespace: "streaming", scaledObjects }).find((r) => r.alert === "KedaScalerErrors")!.expr;
        const kedaSelectors = [...keda.matchAll(/keda_scaler_detail_errors_total\{([^}]*)\}/g)].map((m) => m[1]);
        assert.deepEqual(kedaSelectors, [
            'exported_namespace="billing", scaledObject=~"orders|refunds"',
            'namespace="billing", exported_namespace="", scaledObject=~"orders|refunds"',
            'exported_namespace="streaming", scaledObject=~"audit"',
            'namespace="streaming", exported_namespace="", scaledObject=~"audit"',
        ], `each ScaledObject in its own namespace, whichever label KEDA's namespace lands in: ${keda}`);
        assert.match(alertRules(CONTEXTS["kraft dedicated"]).find((r) => r.alert === "KafkaMetricsAgentMissing")!.expr, /^up\{[^}]*\} == 0 and on \(namespace, pod\) kube_pod_container_status_ready\{container="kafka", [^}]*kafka-broker\|kafka-controller[^}]*\} == 1$/);
        assert.ok(!alertRules({ ...CONTEXTS.zookeeper, lagExporter: false }).some((r) => r.alert.startsWith("KafkaConsumer") || r.alert === "KafkaLagExporterDown"));
    });

    it("prod as rendered: the scaler-error alert looks for the billing scaler in billing, where its ScaledObject is", async () => {
        const { resources } = await renderStack("prod");
        const scaledObjects = resources.filter((r) => r.type === "kubernetes:keda.sh/v1alpha1:ScaledObject").map((r) => r.inputs.metadata as { name: string; namespace: string });
        assert.ok(scaledObjects.some((o) => o.namespace !== "kafka"), JSON.stringify(scaledObjects));
        const rule = resources.find((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")!;
        const groups = (rule.inputs.spec as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups;
        const expr = groups.flatMap((g) => g.rules).find((r) => r.alert === "KedaScalerErrors")!.expr;
        for (const o of scaledObjects) assert.match(expr, new RegExp(`exported_namespace="${o.namespace}", scaledObject=~"[^"]*\\b${o.name}\\b`), expr);
    });

    it("(control) the checks catch a syntax error, an unknown metric and a metric read from the wrong kind of node", () => {
        const ctx = CONTEXTS["kraft dedicated"];
        assert.notDeepEqual(promqlErrors("sum(kafka_server_replicamanager_underreplicatedpartitions > 0"), []);
        assert.notDeepEqual(unproducedMetrics(ctx, 'kafka_server_replicamanager_underreplicatedpartition{namespace="kafka", pod=~"(kafka-broker)-[0-9]+"} > 0'), []);
        // KRaft brokers do not export the active-controller count; only controllers do.
        assert.notDeepEqual(unproducedMetrics(ctx, 'kafka_controller_kafkacontroller_activecontrollercount{namespace="kafka", pod=~"(kafka-broker)-[0-9]+"} != 1'), []);
        assert.notDeepEqual(unproducedMetrics(ctx, "keda_scaler_errors_total > 0"), [], "renamed before KEDA 2.20");
    });
});

describe("metrics: PodMonitor and ServiceMonitor", () => {
    it("validate against the v0.93 CRDs and name the `metrics` port", () => {
        const pm = podMonitorSpec("kafka", "kafka");
        assert.deepEqual(validateSchema(monitoringCrd("podmonitors"), pm), []);
        const sm = serviceMonitorSpec("kafka", "kafka", "kafka-lag-exporter", { app: "x" });
        assert.deepEqual(validateSchema(monitoringCrd("servicemonitors"), sm), []);
    });

    it("(control) the CRD check rejects a misspelt field", () => {
        const pm = podMonitorSpec("kafka", "kafka") as unknown as { spec: Record<string, unknown> };
        const broken = { ...pm, spec: { ...pm.spec, podMetricEndpoints: pm.spec.podMetricsEndpoints } };
        assert.notDeepEqual(validateSchema(monitoringCrd("podmonitors"), broken), []);
    });

    it("rules are AlertRule data with a severity and a summary", () => {
        const all: AlertRule[] = Object.values(CONTEXTS).flatMap((c) => alertRules(c));
        assert.ok(all.every((r) => ["warning", "critical"].includes(r.severity) && r.summary.length > 10 && /^\d+[mh]$/.test(r.for)));
    });
});

describe("metrics: README runbook", () => {
    it("has a runbook row for every alert the rules can raise", () => {
        const readme = fs.readFileSync(path.join(UPSTREAM, "..", "README.md"), "utf8");
        const monitoring = readme.slice(readme.indexOf("## Monitoring"), readme.indexOf("\n## ", readme.indexOf("## Monitoring") + 1));
        const alerts = new Set(Object.values(CONTEXTS).flatMap((c) => alertRules(c).map((r) => r.alert)));
        for (const a of alerts) assert.match(monitoring, new RegExp(`^\\|[^\\n]*\`${a}\``, "m"), `${a} has no runbook row`);
    });
});
