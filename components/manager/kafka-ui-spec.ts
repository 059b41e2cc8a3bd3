/**
 * kafbat/kafka-ui as data. Every env var is one v1.5.0 reads (upstream/kafka-ui/env.txt). No
 * credential is in the environment: the Kafka user's and the login's Secrets are mounted as
 * Spring Boot config trees (SPRING_CONFIG_IMPORT=configtree:<dir>/; Spring Boot 3.5.13, the
 * version kafka-ui v1.5.0 builds with: ConfigDataEnvironment.java:77,
 * ConfigTreeConfigDataLocationResolver.java:38), where every file is a property named after the
 * file (ConfigTreePropertySource.java:55-63,244-255; entries starting with ".." such as a Secret
 * volume's `..data` are skipped, :231-242; a trailing newline is trimmed,
 * ConfigTreeConfigDataLoader.java:41). The login binds directly (files
 * `spring.security.user.name/password`); the JAAS line in the env holds `${…}` placeholders that
 * Spring resolves from those properties when it binds `kafka.clusters[0].properties`
 * (Binder.java:467-473, PropertySourcesPlaceholdersResolver.java:56-74). The password exists only
 * in the mounted file and the JVM's memory.
 */
import type * as k8s from "../common/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { labels, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import { LOGIN_KEYS, LoginRef } from "./login";
import { ManagerResources, httpProbes, managerContainerResources } from "./workload-parts";

type EnvVar = k8s.types.input.core.v1.EnvVar;
type Volume = k8s.types.input.core.v1.Volume;
type VolumeMount = k8s.types.input.core.v1.VolumeMount;
type Deployment = k8s.types.input.apps.v1.Deployment;

export const KAFKA_UI_PORT = 8080;
/** The image's `kafkaui` user (Alpine `adduser -S`: uid 100); numeric so runAsNonRoot can be verified. */
export const KAFKA_UI_UID = 100;
export const KAFKA_UI_HEALTH_PATH = "/actuator/health";
const CA_DIR = "/etc/kafka-ui/ca";

/** The config trees: one mounted Secret each, its items named after the properties they define. */
export const KAFKA_UI_CONFIG_TREES = {
    kafkaUser: { volume: "kafka-user", dir: "/etc/kafka-ui/config-tree/kafka-user", username: "kafka-eks.kafka-user.username", password: "kafka-eks.kafka-user.password" },
    // Spring Boot's own properties for the LOGIN_FORM user (SecurityProperties.User).
    login: { volume: "login", dir: "/etc/kafka-ui/config-tree/login", username: "spring.security.user.name", password: "spring.security.user.password" },
} as const;
type TreeName = keyof typeof KAFKA_UI_CONFIG_TREES;

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

/** The config trees the pod mounts: the Kafka user's with SASL, the login's with a login. */
function configTrees(u: Pick<KafkaUiInput, "client" | "login">): { tree: TreeName; secretName: string; usernameKey: string; passwordKey: string }[] {
    const trees: { tree: TreeName; secretName: string; usernameKey: string; passwordKey: string }[] = [];
    const s = u.client.sasl;
    if (s !== undefined) trees.push({ tree: "kafkaUser", secretName: s.secretName, usernameKey: s.usernameKey, passwordKey: s.passwordKey });
    if (u.login !== undefined) trees.push({ tree: "login", secretName: u.login.secretName, usernameKey: LOGIN_KEYS.username, passwordKey: LOGIN_KEYS.password });
    return trees;
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
        const t = KAFKA_UI_CONFIG_TREES.kafkaUser;
        env.push({ name: "KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM", value: c.sasl.mechanism });
        env.push({
            name: "KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG",
            value: `org.apache.kafka.common.security.scram.ScramLoginModule required username="\${${t.username}}" password="\${${t.password}}";`,
        });
    }
    if (c.tls !== undefined) {
        // A PEM CA file as truststore (Kafka clients >= 2.7): no JKS conversion, no truststore password.
        env.push({ name: "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE", value: "PEM" });
        env.push({ name: "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION", value: `${CA_DIR}/${c.tls.caKey}` });
    }
    return env;
}

/** Authentication: LOGIN_FORM with the generated user (from its config tree), or DISABLED (read-only UIs only). */
export function kafkaUiAuthEnv(login: LoginRef | undefined): EnvVar[] {
    return [{ name: "AUTH_TYPE", value: login === undefined ? "DISABLED" : "LOGIN_FORM" }];
}

export function kafkaUiEnv(u: KafkaUiInput): EnvVar[] {
    const trees = configTrees(u);
    return [
        ...kafkaUiClusterEnv(u),
        ...kafkaUiAuthEnv(u.login),
        // Mandatory imports: a tree that is not mounted stops kafka-ui at start instead of running without it.
        ...(trees.length > 0 ? [{ name: "SPRING_CONFIG_IMPORT", value: trees.map((t) => `configtree:${KAFKA_UI_CONFIG_TREES[t.tree].dir}/`).join(",") }] : []),
        { name: "JAVA_OPTS", value: `-Xms${u.resources.heapMiB}m -Xmx${u.resources.heapMiB}m` },
        // No calls to api.github.com from inside the cluster.
        { name: "GITHUB_RELEASE_INFO_ENABLED", value: "false" },
    ];
}

/** The config trees as Secret volumes (0440 + the pod's fsGroup) and read-only mounts. */
export function kafkaUiConfigTreeVolumes(u: Pick<KafkaUiInput, "client" | "login">): { volumes: Volume[]; mounts: VolumeMount[] } {
    const trees = configTrees(u);
    return {
        volumes: trees.map((t) => {
            const tree = KAFKA_UI_CONFIG_TREES[t.tree];
            const items = [{ key: t.usernameKey, path: tree.username }, { key: t.passwordKey, path: tree.password }];
            return { name: tree.volume, secret: { secretName: t.secretName, items, defaultMode: 0o440 } };
        }),
        mounts: trees.map((t) => ({ name: KAFKA_UI_CONFIG_TREES[t.tree].volume, mountPath: KAFKA_UI_CONFIG_TREES[t.tree].dir, readOnly: true })),
    };
}

export function kafkaUiDeployment(u: KafkaUiInput): Deployment & { metadata: { name: string; namespace: string } } {
    const podLabels = labels(u.cluster, "kafka-manager", u.name);
    const trees = kafkaUiConfigTreeVolumes(u);
    const mounts: VolumeMount[] = [{ name: "tmp", mountPath: "/tmp" }];
    const volumes: Volume[] = [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }];
    if (u.client.tls !== undefined) {
        mounts.push({ name: "kafka-ca", mountPath: CA_DIR, readOnly: true });
        volumes.push({ name: "kafka-ca", secret: { secretName: u.client.tls.caSecretName } });
    }
    mounts.push(...trees.mounts);
    volumes.push(...trees.volumes);
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
