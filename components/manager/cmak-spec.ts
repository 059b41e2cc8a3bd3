/**
 * CMAK (ZooKeeper mode only) as data, up without any manual step:
 * - its own state lives under /kafka-manager at the ZooKeeper *root* (ZK_HOSTS without a chroot),
 *   which CMAK creates itself — so no hand-made znode is needed;
 * - a `register-cluster` sidecar adds the Kafka cluster through CMAK's HTTP API (POST /clusters,
 *   the Add Cluster form) when GET /api/status/clusters does not list it, and re-checks every 30 s
 *   (so a wiped ZooKeeper heals itself). It uses the same image (bash), no extra image.
 * Login: CMAK basic auth with the generated user; Play's secret is generated too. Neither is in
 * an env var or on a command line: CMAK reads a configuration file from the login Secret
 * (`-Dconfig.file`, which Play 2.6.21 parses instead of application.conf: Configuration.scala:62-75;
 * the file includes CMAK's own application.conf from the classpath, where Play's dist puts conf/,
 * PlaySettings.scala:58,157-168) and the sidecar builds its Authorization header from mounted
 * files with shell builtins and speaks HTTP over bash's /dev/tcp, so no process's argv holds it.
 * CMAK 3.0.0.6 knows Kafka versions up to 3.1.0; it reads brokers/topics from ZooKeeper, which
 * Kafka 3.9 in ZooKeeper mode still writes, so it is registered as 3.1.0.
 */
import type * as k8s from "../common/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { labels, selectorLabels } from "../common/labels";
import { restrictedContainerSecurity, restrictedPodSecurity } from "../common/pod";
import { LOGIN_KEYS, LoginRef } from "./login";
import { ManagerResources, httpProbes, managerContainerResources } from "./workload-parts";

type Deployment = k8s.types.input.apps.v1.Deployment;

export const CMAK_PORT = 9000;
/** The Panubo image's `cmak` user. */
export const CMAK_UID = 1000;
/** Excluded from basic auth by CMAK's application.conf. */
export const CMAK_HEALTH_PATH = "/api/health";
/** Newest Kafka version CMAK 3.0.0.6 accepts in its Add Cluster form. */
export const CMAK_KAFKA_VERSION = "3.1.0";
/** Where the containers find the login: CMAK its config file, the sidecar the user and password. */
export const CMAK_PATHS = { config: "/etc/cmak/config", login: "/etc/cmak/login" } as const;

/** `host:port,...` of a ZooKeeper connect string, without the chroot (CMAK keeps its state at the root). */
export function zookeeperHostsOf(connect: string): string {
    const slash = connect.indexOf("/");
    return slash < 0 ? connect : connect.slice(0, slash);
}

/**
 * CMAK's configuration: its own application.conf (3.0.0.6 conf/application.conf), then the login
 * and Play's secret. The keys are the ones that file reads from KAFKA_MANAGER_AUTH_ENABLED,
 * KAFKA_MANAGER_USERNAME, KAFKA_MANAGER_PASSWORD and APPLICATION_SECRET. JSON strings are HOCON
 * strings. Kept in the login Secret: it holds the password.
 */
export function cmakConfig(username: string, password: string, applicationSecret: string): string {
    return [
        "# Written by kafka-eks: CMAK's application.conf with this deployment's login.",
        'include required(classpath("application.conf"))',
        "basicAuthentication.enabled = true",
        `basicAuthentication.username = ${JSON.stringify(username)}`,
        `basicAuthentication.password = ${JSON.stringify(password)}`,
        `play.crypto.secret = ${JSON.stringify(applicationSecret)}`,
        "",
    ].join("\n");
}

/**
 * The registration loop (bash). The header is computed once from the mounted files: `$(<file)`
 * and printf are builtins, base64 reads stdin, so the credentials never reach an argv. HTTP/1.0
 * with Connection: close: CMAK closes the connection after the response, which ends the read.
 */
export const CMAK_REGISTER_SCRIPT = `set -u
trap 'exit 0' TERM INT
auth=$(printf '%s:%s' "$(<"$LOGIN_DIR/username")" "$(<"$LOGIN_DIR/password")" | base64 | tr -d '\\n')
form="name=$CLUSTER_NAME&zkHosts=$KAFKA_ZK_CONNECT&kafkaVersion=$CMAK_KAFKA_VERSION&pollConsumers=true&activeOffsetCacheEnabled=true&displaySizeEnabled=true&securityProtocol=PLAINTEXT"
# request METHOD PATH [FORM]: the response body on stdout; succeeds on a 2xx or 3xx status.
request() {
  local line status
  exec 3<>"/dev/tcp/127.0.0.1/$CMAK_PORT" || return 1
  printf '%s %s HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nConnection: close\\r\\nAuthorization: Basic %s\\r\\n' "$1" "$2" "$auth" >&3
  if [ $# -ge 3 ]; then
    printf 'Content-Type: application/x-www-form-urlencoded\\r\\nContent-Length: %s\\r\\n\\r\\n%s' "\${#3}" "$3" >&3
  else
    printf '\\r\\n' >&3
  fi
  IFS=' ' read -r _ status _ <&3 || status=000
  while IFS= read -r line <&3 && [ "\${line%$'\\r'}" != "" ]; do :; done
  cat <&3
  exec 3<&-
  [[ $status == [23]?? ]]
}
while :; do
  if clusters=$(request GET /api/status/clusters); then
    if ! grep -Eq "\\"name\\" *: *\\"$CLUSTER_NAME\\"" <<<"$clusters"; then
      if request POST /clusters "$form" >/dev/null; then
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
                                // -Dconfig.file reaches Play as a system property through the start script's JAVA_OPTS.
                                { name: "JAVA_OPTS", value: `-Xms${m.resources.heapMiB}m -Xmx${m.resources.heapMiB}m -Dconfig.file=${CMAK_PATHS.config}/${LOGIN_KEYS.cmakConfig}` },
                            ],
                            resources: managerContainerResources(m.resources),
                            ...httpProbes(CMAK_HEALTH_PATH, "http"),
                            // Play writes under its application home; the root filesystem stays writable.
                            securityContext: restrictedContainerSecurity(false),
                            volumeMounts: [tmp, { name: "config", mountPath: CMAK_PATHS.config, readOnly: true }],
                        },
                        {
                            name: "register-cluster",
                            image: m.image,
                            command: ["/bin/bash", "-c", CMAK_REGISTER_SCRIPT],
                            env: [
                                { name: "CLUSTER_NAME", value: m.cluster },
                                { name: "KAFKA_ZK_CONNECT", value: m.zookeeperConnect },
                                { name: "CMAK_KAFKA_VERSION", value: CMAK_KAFKA_VERSION },
                                { name: "CMAK_PORT", value: String(CMAK_PORT) },
                                { name: "LOGIN_DIR", value: CMAK_PATHS.login },
                            ],
                            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
                            securityContext: restrictedContainerSecurity(true),
                            volumeMounts: [tmp, { name: "login", mountPath: CMAK_PATHS.login, readOnly: true }],
                        },
                    ],
                    volumes: [
                        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
                        // One Secret, two views: CMAK gets its config file, the sidecar the user and password (0440 + fsGroup).
                        { name: "config", secret: { secretName: m.login.secretName, items: [{ key: LOGIN_KEYS.cmakConfig, path: LOGIN_KEYS.cmakConfig }], defaultMode: 0o440 } },
                        { name: "login", secret: { secretName: m.login.secretName, items: [{ key: LOGIN_KEYS.username, path: "username" }, { key: LOGIN_KEYS.password, path: "password" }], defaultMode: 0o440 } },
                    ],
                },
            },
        },
    };
}
