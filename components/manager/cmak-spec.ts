/**
 * CMAK (ZooKeeper mode only) as data, up without any manual step:
 * - its own state lives under /kafka-manager at the ZooKeeper *root* (ZK_HOSTS without a chroot),
 *   which CMAK creates itself — so no hand-made znode is needed;
 * - a `register-cluster` sidecar adds the Kafka cluster through CMAK's HTTP API (POST /clusters,
 *   the Add Cluster form) when GET /api/status/clusters does not list it, and re-checks every 30 s
 *   (so a wiped ZooKeeper heals itself). It uses the same image (busybox wget), no extra image.
 * Login: CMAK basic auth with the generated user; Play's APPLICATION_SECRET is generated too.
 * CMAK 3.0.0.6 knows Kafka versions up to 3.1.0; it reads brokers/topics from ZooKeeper, which
 * Kafka 3.9 in ZooKeeper mode still writes, so it is registered as 3.1.0.
 */
import type * as k8s from "../common/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { labels, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import { LoginRef, loginEnv } from "./login";
import { ManagerResources, httpProbes, managerContainerResources } from "./workload-parts";

type Deployment = k8s.types.input.apps.v1.Deployment;

export const CMAK_PORT = 9000;
/** The Panubo image's `cmak` user. */
export const CMAK_UID = 1000;
/** Excluded from basic auth by CMAK's application.conf. */
export const CMAK_HEALTH_PATH = "/api/health";
/** Newest Kafka version CMAK 3.0.0.6 accepts in its Add Cluster form. */
export const CMAK_KAFKA_VERSION = "3.1.0";

/** `host:port,...` of a ZooKeeper connect string, without the chroot (CMAK keeps its state at the root). */
export function zookeeperHostsOf(connect: string): string {
    const slash = connect.indexOf("/");
    return slash < 0 ? connect : connect.slice(0, slash);
}

export const CMAK_REGISTER_SCRIPT = `set -u
trap 'exit 0' TERM INT
auth="Authorization: Basic $(printf '%s:%s' "$CMAK_USERNAME" "$CMAK_PASSWORD" | base64 | tr -d '\\n')"
base="http://127.0.0.1:${CMAK_PORT}"
form="name=$CLUSTER_NAME&zkHosts=$KAFKA_ZK_CONNECT&kafkaVersion=$CMAK_KAFKA_VERSION&pollConsumers=true&activeOffsetCacheEnabled=true&displaySizeEnabled=true&securityProtocol=PLAINTEXT"
while :; do
  if wget -q -O /tmp/clusters.json --header "$auth" "$base/api/status/clusters"; then
    if ! grep -Eq "\\"name\\" *: *\\"$CLUSTER_NAME\\"" /tmp/clusters.json; then
      if wget -q -O /dev/null --header "$auth" --post-data "$form" "$base/clusters"; then
        echo "registered cluster $CLUSTER_NAME ($KAFKA_ZK_CONNECT)"
      else
        echo "registering cluster $CLUSTER_NAME failed; retrying" >&2
      fi
    fi
  fi
  sleep 30 & wait $!
done
`;

export interface CmakInput {
    name: string;
    cluster: string;
    namespace: string;
    image: string;
    /** Kafka's zookeeper.connect, chroot included: what CMAK reads the cluster from. */
    zookeeperConnect: pulumi.Input<string>;
    /** The same ensemble without the chroot: where CMAK keeps its own state. */
    zookeeperHosts: pulumi.Input<string>;
    login: LoginRef;
    resources: ManagerResources;
}

export function cmakDeployment(m: CmakInput): Deployment & { metadata: { name: string; namespace: string } } {
    const podLabels = labels(m.cluster, "kafka-manager", m.name);
    const tmp = { name: "tmp", mountPath: "/tmp" };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: m.name, namespace: m.namespace, labels: podLabels },
        spec: {
            replicas: 1,
            selector: { matchLabels: selectorLabels(m.cluster, "kafka-manager", m.name) },
            template: {
                metadata: { labels: podLabels },
                spec: {
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: restrictedPodSecurity(CMAK_UID),
                    containers: [
                        {
                            name: "cmak",
                            image: m.image,
                            ports: [{ name: "http", containerPort: CMAK_PORT, protocol: "TCP" }],
                            env: [
                                { name: "ZK_HOSTS", value: m.zookeeperHosts },
                                { name: "KAFKA_MANAGER_AUTH_ENABLED", value: "true" },
                                loginEnv("KAFKA_MANAGER_USERNAME", m.login, "username"),
                                loginEnv("KAFKA_MANAGER_PASSWORD", m.login, "password"),
                                loginEnv("APPLICATION_SECRET", m.login, "applicationSecret"),
                                { name: "JAVA_OPTS", value: `-Xms${m.resources.heapMiB}m -Xmx${m.resources.heapMiB}m` },
                            ],
                            resources: managerContainerResources(m.resources),
                            ...httpProbes(CMAK_HEALTH_PATH, "http"),
                            // Play writes under its application home; the root filesystem stays writable.
                            securityContext: restrictedContainerSecurity(false),
                            volumeMounts: [tmp],
                        },
                        {
                            name: "register-cluster",
                            image: m.image,
                            command: ["/bin/sh", "-c", CMAK_REGISTER_SCRIPT],
                            env: [
                                { name: "CLUSTER_NAME", value: m.cluster },
                                { name: "KAFKA_ZK_CONNECT", value: m.zookeeperConnect },
                                { name: "CMAK_KAFKA_VERSION", value: CMAK_KAFKA_VERSION },
                                loginEnv("CMAK_USERNAME", m.login, "username"),
                                loginEnv("CMAK_PASSWORD", m.login, "password"),
                            ],
                            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
                            securityContext: restrictedContainerSecurity(true),
                            volumeMounts: [tmp],
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "256Mi" } }],
                },
            },
        },
    };
}
