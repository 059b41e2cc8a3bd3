/**
 * KafkaMonitoring: wires the monitoring specs to resources. With the Prometheus Operator: a
 * PodMonitor for the Kafka and ZooKeeper pods, a ServiceMonitor for the lag exporter and a
 * PrometheusRule; without it: the rules as a rule-file ConfigMap (the pods carry scrape
 * annotations). Plus the consumer-lag exporter, and optionally kube-prometheus-stack.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { namespaceSpec } from "../common/namespace";
import { requireKubernetesProvider } from "../common/provider";
import { MetricsConfig, usesPrometheusOperator } from "../config/metrics";
import { AlertContext, alertRules } from "./alerts";
import { dashboardConfigMaps } from "./dashboards";
import { lagExporterSpecs } from "./lag-exporter-spec";
import { podMonitorSpec, prometheusRuleSpec, rulesConfigMapSpec, serviceMonitorSpec } from "./monitoring-spec";
import { PROMETHEUS_STACK_CHART, prometheusStackValues } from "./prometheus-stack-spec";
import { unrestrictedNamespacePolicySpec } from "../security/unrestricted-namespace-policy-spec";

export interface KafkaMonitoringArgs {
    /** The validated `metrics` config section. Required. */
    metrics: MetricsConfig;
    /** What the alert rules need to know about the cluster (certificateRenewAt comes from certificateNotAfter). Required. */
    alerts: Omit<AlertContext, "certificateRenewAt" | "lagExporter">;
    /** RFC 3339 end of the broker certificate (KafkaCluster.brokerCertificateNotAfter). Default: no certificate alert. */
    certificateNotAfter?: pulumi.Input<string | undefined>;
    /** security.certificates.renewBeforeDays. Default 30. */
    renewBeforeDays?: number;
    /** How the lag exporter reaches the cluster (KafkaCluster.clientSettings). Required when metrics.lagExporter. */
    client?: KafkaClientSettings;
    /** Kafka version of the brokers (the lag exporter's protocol). Required when metrics.lagExporter. */
    kafkaVersion?: string;
}

const DAY_SECONDS = 24 * 3600;

export class KafkaMonitoring extends pulumi.ComponentResource {
    /** The kube-prometheus-stack chart, when installed: monitoring objects wait for its CRDs. */
    readonly stack?: k8s.helm.v4.Chart;

    constructor(name: string, args: KafkaMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:observability:KafkaMonitoring", name, {}, opts);
        const provider = requireKubernetesProvider(this, "KafkaMonitoring");
        const m = args.metrics;
        const { cluster, namespace } = args.alerts;
        const operator = usesPrometheusOperator(m);
        const child: pulumi.CustomResourceOptions = { parent: this, provider };

        let scraperNamespace: k8s.core.v1.Namespace | undefined;
        if (m.installStack) {
            const ns = new k8s.core.v1.Namespace(`${name}-namespace`, namespaceSpec(m.scraperNamespace, cluster), child);
            // The stack's pods are not restricted; under the VPC CNI's strict mode they still need a policy selecting them.
            const open = unrestrictedNamespacePolicySpec(m.scraperNamespace);
            const policy = new k8s.networking.v1.NetworkPolicy(`${name}-${open.metadata.name}`, open, { ...child, dependsOn: [ns] });
            this.stack = new k8s.helm.v4.Chart(
                `${name}-stack`,
                { chart: PROMETHEUS_STACK_CHART.chart, version: PROMETHEUS_STACK_CHART.version, repositoryOpts: { repo: PROMETHEUS_STACK_CHART.repo }, namespace: m.scraperNamespace, values: prometheusStackValues() },
                { ...child, dependsOn: [ns, policy] },
            );
            scraperNamespace = ns;
        }
        if (m.dashboards) {
            // In the scraper's namespace, where Grafana's sidecar looks (it exists unless this stack creates it).
            for (const cm of dashboardConfigMaps(args.alerts, m.scraperNamespace)) {
                new k8s.core.v1.ConfigMap(cm.metadata.name, cm, { ...child, dependsOn: scraperNamespace ? [scraperNamespace] : [] });
            }
        }
        const monitoring: pulumi.CustomResourceOptions = { ...child, dependsOn: this.stack ? [this.stack] : [] };

        const renewAt = pulumi
            .output(args.certificateNotAfter)
            .apply((end) => (end ? Date.parse(end) / 1000 - (args.renewBeforeDays ?? 30) * DAY_SECONDS : undefined));
        const rules = renewAt.apply((certificateRenewAt) => alertRules({ ...args.alerts, certificateRenewAt, lagExporter: m.lagExporter }));

        if (m.lagExporter) {
            if (!args.client || !args.kafkaVersion) throw new pulumi.ResourceError("KafkaMonitoring: client and kafkaVersion are required with metrics.lagExporter", this);
            const client = args.client;
            const specs = pulumi.output(client.bootstrapServers).apply((bootstrapServers) =>
                lagExporterSpecs({ cluster, client: { ...client, bootstrapServers }, kafkaVersion: args.kafkaVersion!, scrapeAnnotations: !operator }),
            );
            const spec = lagExporterSpecs({ cluster, client: { ...client, bootstrapServers: "" }, kafkaVersion: args.kafkaVersion, scrapeAnnotations: !operator });
            new k8s.apps.v1.Deployment(`${name}-lag-exporter`, { metadata: spec.deployment.metadata, spec: specs.apply((s) => s.deployment.spec) }, child);
            new k8s.core.v1.Service(`${name}-lag-exporter`, spec.service, child);
            if (operator) {
                const sm = serviceMonitorSpec(cluster, namespace, spec.service.metadata.name, spec.serviceSelector);
                new k8s.apiextensions.CustomResource(`${name}-lag-exporter`, sm, monitoring);
            }
        }

        if (operator) {
            new k8s.apiextensions.CustomResource(`${name}-pods`, podMonitorSpec(cluster, namespace), monitoring);
            const rule = prometheusRuleSpec(cluster, namespace, []);
            new k8s.apiextensions.CustomResource(`${name}-alerts`, { ...rule, spec: rules.apply((r) => prometheusRuleSpec(cluster, namespace, r).spec) }, monitoring);
        } else {
            const cm = rulesConfigMapSpec(cluster, namespace, []);
            new k8s.core.v1.ConfigMap(`${name}-rules`, { metadata: cm.metadata, data: rules.apply((r) => rulesConfigMapSpec(cluster, namespace, r).data!) }, child);
        }
        this.registerOutputs({});
    }
}
