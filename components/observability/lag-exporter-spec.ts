/**
 * The consumer-lag exporter (danielqsj/kafka-exporter) as data: a one-replica Deployment and its
 * Service. It reads consumer-group offsets and partition state through the client listener as the
 * user it is given: with SCRAM its own `kafka-exporter` user (components/security/builtin-users.ts).
 * The password never appears in the pod spec or the process arguments:
 * kingpin (the exporter's flag parser, v2.4.0) replaces an argument `@<file>` with the file's lines
 * (parser.go:217-226, ExpandArgsFromFile :272-293, on by default global.go:18), so
 * `--sasl.password @<mounted secret file>` hands it the file's content. The exporter has no
 * password-file flag of its own (kafka_exporter.go:773-806 at v1.9.0).
 */
import type { KafkaClientSettings } from "../common/client";
import { KAFKA_EXPORTER_IMAGE } from "../common/images";
import { labels as labelsFor, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import type { Container, Service, Volume, VolumeMount } from "../kafka/k8s-types";
import type * as k8s from "../common/kubernetes";
import { lagExporterName } from "./alerts";
import { METRICS_PATH, METRICS_PORT_NAME, METRICS_PORTS, scrapeAnnotations } from "./endpoints";

/** The exporter's image (components/common/images.ts; user `nobody`, uid 65534). */
export const LAG_EXPORTER_IMAGE = KAFKA_EXPORTER_IMAGE;
const NOBODY = 65534;

const PATHS = { credentials: "/etc/kafka-exporter/credentials", ca: "/etc/kafka-exporter/ca" } as const;

export interface LagExporterArgs {
    cluster: string;
    /** The cluster's client settings, bootstrap address resolved. */
    client: Pick<KafkaClientSettings, "namespace" | "securityProtocol" | "sasl" | "tls"> & { bootstrapServers: string };
    /** Kafka version the brokers speak (`--kafka.version`, sarama's protocol choice). */
    kafkaVersion: string;
    /** `prometheus.io/*` pod annotations (no Prometheus Operator). */
    scrapeAnnotations: boolean;
}

export interface LagExporterSpecs {
    deployment: { metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: k8s.types.input.apps.v1.DeploymentSpec };
    service: Service & { metadata: { name: string; namespace: string; labels: Record<string, string> } };
    /** Labels of the Service (the ServiceMonitor selects it by these). */
    serviceSelector: Record<string, string>;
}

export function lagExporterSpecs(a: LagExporterArgs): LagExporterSpecs {
    const name = lagExporterName(a.cluster);
    const namespace = a.client.namespace;
    const labels = labelsFor(a.cluster, "metrics", name);
    const selector = selectorLabels(a.cluster, "metrics", name);
    const servers = a.client.bootstrapServers.split(",");
    const args = [
        ...servers.map((s) => `--kafka.server=${s}`),
        `--kafka.version=${a.kafkaVersion}`,
        `--web.listen-address=:${METRICS_PORTS.lagExporter}`,
        `--web.telemetry-path=${METRICS_PATH}`,
        // Lag of every group the stack knows and any other: offsets of groups without members too.
        "--offset.show-all",
    ];
    const volumes: Volume[] = [];
    const mounts: VolumeMount[] = [];
    if (a.client.sasl) {
        const s = a.client.sasl;
        args.push("--sasl.enabled", "--sasl.mechanism=scram-sha512", "--sasl.username", `@${PATHS.credentials}/username`, "--sasl.password", `@${PATHS.credentials}/password`);
        volumes.push({ name: "credentials", secret: { secretName: s.secretName, defaultMode: 0o440, items: [{ key: s.usernameKey, path: "username" }, { key: s.passwordKey, path: "password" }] } });
        mounts.push({ name: "credentials", mountPath: PATHS.credentials, readOnly: true });
    }
    if (a.client.tls) {
        args.push("--tls.enabled", `--tls.ca-file=${PATHS.ca}/ca.crt`);
        volumes.push({ name: "ca", secret: { secretName: a.client.tls.caSecretName, defaultMode: 0o440, items: [{ key: a.client.tls.caKey, path: "ca.crt" }] } });
        mounts.push({ name: "ca", mountPath: PATHS.ca, readOnly: true });
    }
    const container: Container = {
        name: "kafka-exporter",
        image: LAG_EXPORTER_IMAGE,
        args,
        ports: [{ name: METRICS_PORT_NAME, containerPort: METRICS_PORTS.lagExporter }],
        resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
        readinessProbe: { httpGet: { path: "/healthz", port: METRICS_PORT_NAME }, periodSeconds: 15, timeoutSeconds: 5 },
        securityContext: restrictedContainerSecurity(true),
        volumeMounts: mounts,
    };
    return {
        deployment: {
            metadata: { name, namespace, labels },
            spec: {
                replicas: 1,
                selector: { matchLabels: selector },
                template: {
                    metadata: { labels, ...(a.scrapeAnnotations ? { annotations: scrapeAnnotations(METRICS_PORTS.lagExporter) } : {}) },
                    spec: {
                        securityContext: restrictedPodSecurity(NOBODY),
                        automountServiceAccountToken: false,
                        enableServiceLinks: false,
                        containers: [container],
                        volumes,
                    },
                },
            },
        },
        service: {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name, namespace, labels },
            spec: { type: "ClusterIP", selector, ports: [{ name: METRICS_PORT_NAME, port: METRICS_PORTS.lagExporter, targetPort: METRICS_PORT_NAME }] },
        },
        serviceSelector: selector,
    };
}
