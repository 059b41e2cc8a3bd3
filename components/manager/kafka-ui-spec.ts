/**
 * kafbat/kafka-ui as data. Every env var is one v1.5.0 reads (upstream/kafka-ui/env.txt),
 * except the two secret carriers CLIENT_SASL_USERNAME/PASSWORD: they exist only so Kubernetes can
 * expand $(…) inside KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG while the values still come from
 * the Secret by secretKeyRef (the JAAS line needs user and password inline).
 */
import type * as k8s from "../common/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { labels, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import { LoginRef, loginEnv } from "./login";
import { ManagerResources, httpProbes, managerContainerResources } from "./workload-parts";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type Deployment = k8s.types.input.apps.v1.Deployment;

export const KAFKA_UI_PORT = 8080;
/** The image's `kafkaui` user (Alpine `adduser -S`: uid 100); numeric so runAsNonRoot can be verified. */
export const KAFKA_UI_UID = 100;
export const KAFKA_UI_HEALTH_PATH = "/actuator/health";
/** Env vars that only carry a secret for $(…) expansion; not read by kafka-ui itself. */
export const SECRET_CARRIER_ENV = ["CLIENT_SASL_USERNAME", "CLIENT_SASL_PASSWORD"] as const;
const CA_DIR = "/etc/kafka-ui/ca";

export interface KafkaUiInput {
    /** Deployment/Service name. */
    name: string;
    /** Kafka cluster name: labels and the cluster's display name in the UI. */
    cluster: string;
    client: KafkaClientSettings;
    image: string;
    readOnly: boolean;
    /** Login Secret; undefined = no login (only allowed read-only; config enforces it). */
    login?: LoginRef;
    resources: ManagerResources;
}

/** The Kafka connection: bootstrap, security protocol, SASL and TLS client properties when set. */
export function kafkaUiClusterEnv(u: Pick<KafkaUiInput, "cluster" | "client" | "readOnly">): EnvVar[] {
    const c = u.client;
    const env: EnvVar[] = [
        { name: "KAFKA_CLUSTERS_0_NAME", value: u.cluster },
        { name: "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", value: c.bootstrapServers as pulumi.Input<string> },
        { name: "KAFKA_CLUSTERS_0_READONLY", value: String(u.readOnly) },
        { name: "KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", value: c.securityProtocol },
    ];
    if (c.sasl !== undefined) {
        env.push({ name: "CLIENT_SASL_USERNAME", valueFrom: { secretKeyRef: { name: c.sasl.secretName, key: c.sasl.usernameKey } } });
        env.push({ name: "CLIENT_SASL_PASSWORD", valueFrom: { secretKeyRef: { name: c.sasl.secretName, key: c.sasl.passwordKey } } });
        env.push({ name: "KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM", value: c.sasl.mechanism });
        env.push({
            name: "KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG",
            value: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="$(CLIENT_SASL_USERNAME)" password="$(CLIENT_SASL_PASSWORD)";',
        });
    }
    if (c.tls !== undefined) {
        // A PEM CA file as truststore (Kafka clients >= 2.7): no JKS conversion, no truststore password.
        env.push({ name: "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE", value: "PEM" });
        env.push({ name: "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION", value: `${CA_DIR}/${c.tls.caKey}` });
    }
    return env;
}

/** Authentication: LOGIN_FORM with the generated user, or DISABLED (read-only UIs only). */
export function kafkaUiAuthEnv(login: LoginRef | undefined): EnvVar[] {
    if (login === undefined) return [{ name: "AUTH_TYPE", value: "DISABLED" }];
    return [
        { name: "AUTH_TYPE", value: "LOGIN_FORM" },
        loginEnv("SPRING_SECURITY_USER_NAME", login, "username"),
        loginEnv("SPRING_SECURITY_USER_PASSWORD", login, "password"),
    ];
}

export function kafkaUiEnv(u: KafkaUiInput): EnvVar[] {
    return [
        ...kafkaUiClusterEnv(u),
        ...kafkaUiAuthEnv(u.login),
        { name: "JAVA_OPTS", value: `-Xms${u.resources.heapMiB}m -Xmx${u.resources.heapMiB}m` },
        // No calls to api.github.com from inside the cluster.
        { name: "GITHUB_RELEASE_INFO_ENABLED", value: "false" },
    ];
}

export function kafkaUiDeployment(u: KafkaUiInput): Deployment & { metadata: { name: string; namespace: string } } {
    const podLabels = labels(u.cluster, "kafka-manager", u.name);
    const mounts: k8s.types.input.core.v1.VolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
    const volumes: k8s.types.input.core.v1.Volume[] = [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }];
    if (u.client.tls !== undefined) {
        mounts.push({ name: "kafka-ca", mountPath: CA_DIR, readOnly: true });
        volumes.push({ name: "kafka-ca", secret: { secretName: u.client.tls.caSecretName } });
    }
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: u.name, namespace: u.client.namespace, labels: podLabels },
        spec: {
            // One replica: LOGIN_FORM sessions live in memory.
            replicas: 1,
            selector: { matchLabels: selectorLabels(u.cluster, "kafka-manager", u.name) },
            template: {
                metadata: { labels: podLabels },
                spec: {
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: restrictedPodSecurity(KAFKA_UI_UID),
                    containers: [
                        {
                            name: "kafka-ui",
                            image: u.image,
                            ports: [{ name: "http", containerPort: KAFKA_UI_PORT, protocol: "TCP" }],
                            env: kafkaUiEnv(u),
                            resources: managerContainerResources(u.resources),
                            ...httpProbes(KAFKA_UI_HEALTH_PATH, "http"),
                            securityContext: restrictedContainerSecurity(true),
                            volumeMounts: mounts,
                        },
                    ],
                    volumes,
                },
            },
        },
    };
}
