/**
 * The JMX exporter config the pods get (the ConfigMap text itself) run over the real MBeans of
 * Kafka 3.9.2 and 4.3.1 (upstream/kafka/mbeans-*.txt): which metric names each kind of node
 * exports, that every rule is used, and that the noisy neighbours stay out.
 */
import * as assert from "node:assert/strict";
import { parse } from "yaml";
import { kafkaSpecs } from "../../components/kafka/kafka-spec";
import { AlertContext, alertRules } from "../../components/observability/alerts";
import { dashboards } from "../../components/observability/dashboards";
import { KAFKA_JMX_RULES, jmxExporterConfig } from "../../components/observability/jmx-exporter";
import { METRICS_AGENT } from "../../components/observability/node-metrics";
import { kraftDedicated, plain } from "../kafka/fixtures";
import { Exported, exportedNames, MBEANS, simulate } from "./jmx-exporter-sim";
import { metricNames } from "./promql";

describe("metrics: JMX exporter rules over Kafka's MBeans", () => {
    const config = (() => {
        const cfg = kraftDedicated();
        const pool = kafkaSpecs({ kafka: cfg.kafka, metrics: {} }).pools[0];
        return plain(pool.configMap).data[METRICS_AGENT.configFile] as string;
    })();

    it("the ConfigMap carries the rules as data: lower-cased names, an MBean allow-list, one rule per family", () => {
        assert.equal(config, jmxExporterConfig());
        const parsed = parse(config) as { lowercaseOutputName: boolean; includeObjectNames: string[]; rules: unknown[] };
        assert.equal(parsed.lowercaseOutputName, true);
        assert.ok(parsed.includeObjectNames.length > 0);
        assert.equal(parsed.rules.length, KAFKA_JMX_RULES.length);
    });

    it("Kafka 4.3.1 brokers export partition health, throughput, latency and idle ratios", () => {
        assert.deepEqual([...exportedNames("4.3.1", "kraft-broker", config)].sort(), [
            "kafka_log_logmanager_offlinelogdirectorycount",
            "kafka_network_requestmetrics_totaltimems_99thpercentile",
            "kafka_network_socketserver_networkprocessoravgidlepercent",
            "kafka_server_brokertopicmetrics_bytesin_total",
            "kafka_server_brokertopicmetrics_bytesout_total",
            "kafka_server_brokertopicmetrics_messagesin_total",
            "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent",
            "kafka_server_replicafetchermanager_failedpartitionscount",
            "kafka_server_replicafetchermanager_maxlag",
            "kafka_server_replicamanager_leadercount",
            "kafka_server_replicamanager_partitioncount",
            "kafka_server_replicamanager_underminisrpartitioncount",
            "kafka_server_replicamanager_underreplicatedpartitions",
        ]);
    });

    it("Kafka 4.3.1 controllers export the active-controller and offline-partition counts", () => {
        assert.deepEqual([...exportedNames("4.3.1", "kraft-controller", config)].sort(), [
            "kafka_controller_kafkacontroller_activecontrollercount",
            "kafka_controller_kafkacontroller_offlinepartitionscount",
            "kafka_network_socketserver_networkprocessoravgidlepercent",
            "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent",
        ]);
    });

    it("Kafka 3.9.2 brokers (ZooKeeper mode) export both sets under the same names", () => {
        const zk = exportedNames("3.9.2", "zookeeper-broker", config);
        const kraft = new Set([...exportedNames("4.3.1", "kraft-broker", config), ...exportedNames("4.3.1", "kraft-controller", config)]);
        assert.deepEqual([...zk].sort(), [...kraft].sort());
    });

    it("request latency carries the request as a label; counters end in one _total", () => {
        const samples = simulate(config, MBEANS["4.3.1"]);
        const latency = samples.filter((s) => s.name === "kafka_network_requestmetrics_totaltimems_99thpercentile");
        assert.deepEqual(latency.map((s) => s.labels.request).sort(), ["FetchConsumer", "FetchFollower", "Produce"]);
        const counters = samples.filter((s) => s.type === "COUNTER");
        assert.ok(counters.length > 0 && counters.every((s) => s.name.endsWith("_total") && !s.name.endsWith("_total_total")));
        assert.ok(samples.filter((s) => s.type === "GAUGE").every((s) => !/_(total|created|bucket|info)$/.test(s.name)), "no gauge ends in a reserved suffix");
    });

    it("leaves out per-topic meters, other requests and unlisted MBeans (cardinality stays per broker)", () => {
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const out = simulate(config, MBEANS[version]);
            const left = MBEANS[version].filter((m) => m.source.includes("not exported"));
            assert.ok(left.length >= 4);
            for (const m of left) assert.ok(!out.some((e: Exported) => e.mbean === m.objectName), `${version}: ${m.objectName} is exported`);
            for (const m of MBEANS[version].filter((x) => !x.source.includes("not exported"))) {
                assert.ok(out.some((e) => e.mbean === m.objectName), `${version}: ${m.objectName} is listed as used but not exported`);
            }
        }
    });

    it("every rule exports something in both releases (no dead rules)", () => {
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const used = new Set(simulate(config, MBEANS[version]).map((e) => e.rule));
            KAFKA_JMX_RULES.forEach((r, i) => assert.ok(used.has(i), `${version}: rule ${r.name} matches nothing`));
        }
    });

    it("every exported name is read by some alert, dashboard or the brokers' readiness probe (nothing scraped for nobody)", () => {
        const base = { cluster: "kafka", namespace: "kafka", brokers: 3, lagAlerts: [], lagExporter: true, scaledObjects: [], certificateRenewAt: 0 };
        const contexts: AlertContext[] = [
            { ...base, mode: "zookeeper", controllers: 0, zookeeperReplicas: 3 },
            { ...base, mode: "kraft", controllers: 3, zookeeperReplicas: 0 },
            { ...base, mode: "kraft", controllers: 0, zookeeperReplicas: 0 },
        ];
        const exprs = contexts.flatMap((c) => [...alertRules(c).map((r) => r.expr), ...dashboards(c).flatMap((d) => d.panels.map((p) => p.expr))]);
        const read = new Set(exprs.flatMap((e) => metricNames(e)));
        // The readiness probe's arguments after the port are the metrics it reads (tests/kafka/broker-ready.test.ts runs it).
        const brokers = kafkaSpecs({ kafka: kraftDedicated().kafka, metrics: {} }).pools.filter((p) => p.pool.isBroker).map((p) => plain(p.statefulSet));
        assert.equal(brokers.length, 1);
        for (const sts of brokers) for (const m of sts.spec.template.spec.containers[0].readinessProbe.exec.command.slice(3)) read.add(m);
        const roles = { "3.9.2": ["zookeeper-broker"], "4.3.1": ["kraft-broker", "kraft-controller"] } as const;
        for (const version of ["3.9.2", "4.3.1"] as const)
            for (const role of roles[version]) for (const name of exportedNames(version, role, config)) assert.ok(read.has(name), `${version} ${role}: ${name} is exported but nothing reads it`);
    });

    it("(control) a misspelt MBean property in a rule exports nothing", () => {
        const broken = jmxExporterConfig([{ ...KAFKA_JMX_RULES[0], pattern: KAFKA_JMX_RULES[0].pattern.replace("ReplicaManager", "ReplicaManger") }]);
        assert.equal(exportedNames("4.3.1", "kraft-broker", broken).size, 0);
    });
});
