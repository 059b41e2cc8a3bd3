/**
 * The Kafka pod template pieces: the zone-lookup and storage-format init containers, the broker
 * container (env, probes, heap) and the volumes. kafka-spec.ts assembles them per node pool.
 */
import { CURL_IMAGE } from "../common/images";
import { FAILED_FETCH_METRIC, FOLLOWER_LAG_METRIC } from "../observability/jmx-exporter";
import { kubeApiTokenVolume, restrictedContainerSecurity } from "../common/pod";
import { clusterNames } from "../common/names";
import type { LoggingConfig } from "./logging";
import { listenersFor, readinessListener } from "./listeners";
import { BOOTSTRAP_MARKER_PATH } from "./bootstrap-marker/spec";
import { SCRIPT } from "./scripts";
import { credentialFile, CREDENTIAL_KEYS, credentialsSecretName, KafkaSecurity, SCRAM_USERS, ScramUser, SECRET_PATHS } from "./security";
import { KAFKA_PATHS, NodePool } from "./topology";
import { heapOpts, jvmContainerResources } from "./workload-parts";
import { ZOOKEEPER_JAAS_DIRS, ZOOKEEPER_JAAS_FILES, ZOOKEEPER_JAAS_KEYS } from "./zookeeper-auth";
import type { Container, EnvVar, Volume, VolumeMount } from "./k8s-types";
import type * as k8s from "../common/kubernetes";

type Probe = k8s.types.input.core.v1.Probe;


/** uid/gid of `appuser` in apache/kafka images. */
export const KAFKA_UID = 1000;
/** Key of the KRaft cluster id in the cluster-id Secret. */
export const CLUSTER_ID_KEY = "cluster-id";
/** File names inside KAFKA_PATHS.config / KAFKA_PATHS.run. */
export const KAFKA_FILES = { template: "server.properties", rendered: "server.properties", zone: "zone" } as const;

/** Liveness: PID 1 (the JVM, after the exec chain) runs Kafka's main class; bash builtins only. */
export const JVM_ALIVE = "while IFS= read -r -d '' arg; do [[ $arg == kafka.Kafka ]] && exit 0; done </proc/1/cmdline; exit 1";

/** Budget for a broker to open its listener after a restart: log recovery after an unclean stop is slow. */
export const STARTUP_BUDGET_SECONDS = 30 * 60;
/**
 * Consecutive passing readiness checks before a pod counts as Ready again. A restarted broker can
 * report no follower lag before its first fetch responses arrived (the gauge is 0 while it has no
 * per-partition lag yet; in ZooKeeper mode the controller may not even have assigned its
 * partitions when the port opens); requiring the check to hold for two more periods covers
 * those first round trips and the leader's ISR update that follows a caught-up fetch.
 */
export const READY_SUCCESS_THRESHOLD = 3;

/**
 * Readiness. Brokers (and combined nodes): scripts/broker-ready.sh, the client port open and,
 * when the metrics agent runs, no follower lag and no followed partition whose fetching failed,
 * so a node catching up after a restart stays
 * unready and the PodDisruptionBudget blocks evicting its peers meanwhile. Dedicated
 * controllers: their listener is open (the roller checks the quorum's lag).
 */
export function readinessProbe(pool: NodePool, periodSeconds: number): Probe {
    const ready = readinessListener(pool.role);
    // 3 x 10 s of lag: what Kafka's default replica.lag.time.max.ms (30 s) allows a follower
    // before its leader drops it from the ISR, so a burst does not flap readiness.
    const timing = { periodSeconds, timeoutSeconds: 5, failureThreshold: 3 };
    if (!pool.isBroker) return { tcpSocket: { port: ready.port }, ...timing };
    return {
        exec: { command: ["/bin/bash", `${KAFKA_PATHS.config}/${SCRIPT.brokerReady}`, String(ready.port), FOLLOWER_LAG_METRIC, FAILED_FETCH_METRIC] },
        ...timing,
        successThreshold: READY_SUCCESS_THRESHOLD,
    };
}

/** Time for controlled shutdown (leadership moved away, logs flushed) before SIGKILL. */
export const TERMINATION_GRACE_SECONDS = 180;

/** Whether the pool's nodes log in to ZooKeeper (ZooKeeper-mode brokers with `zookeeper.authentication` sasl). */
const logsInToZooKeeper = (pool: NodePool, security: KafkaSecurity) => pool.role === "zookeeper-broker" && security.zookeeperAuthentication === "sasl";
const ZOOKEEPER_JAAS_VOLUME = "zookeeper-jaas";

/**
 * Env shared by the init containers and the node container: how kafka-node.sh renders the
 * config. `credentials`: whether this container gets the generated users' files.
 */
function nodeEnv(pool: NodePool, security: KafkaSecurity, credentials = true): EnvVar[] {
    return [
        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "NODE_ID_BASE", value: String(pool.nodeIdBase) },
        { name: "CONFIG_TEMPLATE", value: `${KAFKA_PATHS.config}/${KAFKA_FILES.template}` },
        { name: "CONFIG_FILE", value: `${KAFKA_PATHS.run}/${KAFKA_FILES.rendered}` },
        ...(pool.isBroker ? [{ name: "RACK_FILE", value: `${KAFKA_PATHS.run}/${KAFKA_FILES.zone}` }] : []),
        { name: "BIN_DIR", value: KAFKA_PATHS.bin },
        // Credential files for the @@SECRET:…@@ placeholders and the SCRAM users to create.
        ...(credentials && security.authentication !== "none" ? [{ name: "SECRETS_DIR", value: SECRET_PATHS.users }] : []),
        // The JAAS file the JVMs log in to ZooKeeper with (kafka-node.sh puts it into KAFKA_OPTS).
        ...(logsInToZooKeeper(pool, security) ? [{ name: "ZOOKEEPER_JAAS_FILE", value: ZOOKEEPER_JAAS_FILES.kafka }] : []),
    ];
}

function kafkaMounts(pool: NodePool, security: KafkaSecurity, credentials = true): VolumeMount[] {
    return [
        { name: "data", mountPath: KAFKA_PATHS.data },
        { name: "config", mountPath: KAFKA_PATHS.config, readOnly: true },
        { name: "run", mountPath: KAFKA_PATHS.run },
        { name: "app-logs", mountPath: KAFKA_PATHS.appLogs },
        { name: "tmp", mountPath: "/tmp" },
        ...(credentials && security.authentication !== "none" ? [{ name: "credentials", mountPath: SECRET_PATHS.users, readOnly: true }] : []),
        ...(security.tls ? [{ name: "tls", mountPath: SECRET_PATHS.tls, readOnly: true }] : []),
        ...(logsInToZooKeeper(pool, security) ? [{ name: ZOOKEEPER_JAAS_VOLUME, mountPath: ZOOKEEPER_JAAS_DIRS.kafka, readOnly: true }] : []),
    ];
}

/**
 * Whether the long-running node needs the users' credentials: brokers log in to each other
 * with SASL; a dedicated controller has no SASL listener and needs them only to format.
 */
const nodeNeedsCredentials = (pool: NodePool) => pool.isBroker;

const SA_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";
const BOOTSTRAP_MARKER_VOLUME = "bootstrapped";
const BOOTSTRAP_MARKER_MOUNT: VolumeMount = { name: BOOTSTRAP_MARKER_VOLUME, mountPath: BOOTSTRAP_MARKER_PATH, readOnly: true };

/** init: write the node's zone for broker.rack (see scripts/node-zone.sh). */
export function zoneInit(): Container {
    return {
        name: "node-zone",
        image: CURL_IMAGE,
        command: ["/bin/sh", `${KAFKA_PATHS.config}/${SCRIPT.nodeZone}`],
        env: [
            { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
            { name: "RACK_FILE", value: `${KAFKA_PATHS.run}/${KAFKA_FILES.zone}` },
        ],
        resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "32Mi" } },
        securityContext: restrictedContainerSecurity(true),
        volumeMounts: [
            { name: "config", mountPath: KAFKA_PATHS.config, readOnly: true },
            { name: "run", mountPath: KAFKA_PATHS.run },
            { name: "kube-api-access", mountPath: SA_MOUNT, readOnly: true },
        ],
    };
}

/**
 * init (KRaft): idempotent storage format with the cluster's fixed id. Quorum voters also see
 * the bootstrap marker: once the cluster has bootstrapped, they refuse to format an empty
 * metadata log (a lost volume) unless the marker lists the pod. Dedicated brokers hold no quorum
 * state: one that lost its volume formats again and re-replicates from its peers.
 */
export function formatInit(image: string, pool: NodePool, clusterIdSecret: string, security: KafkaSecurity): Container {
    return {
        name: "format-storage",
        image,
        // With SCRAM, the first format also writes the generated users into the metadata log.
        command: ["/bin/bash", `${KAFKA_PATHS.config}/${SCRIPT.kafkaNode}`, "format"],
        env: [
            ...nodeEnv(pool, security),
            { name: "CLUSTER_ID", valueFrom: { secretKeyRef: { name: clusterIdSecret, key: CLUSTER_ID_KEY } } },
            ...(pool.isController ? [{ name: "BOOTSTRAP_MARKER_DIR", value: BOOTSTRAP_MARKER_PATH }] : []),
            { name: "KAFKA_HEAP_OPTS", value: heapOpts(256) },
        ],
        resources: { requests: { cpu: "100m", memory: "512Mi" }, limits: { memory: "512Mi" } },
        securityContext: restrictedContainerSecurity(true),
        volumeMounts: [...kafkaMounts(pool, security), ...(pool.isController ? [BOOTSTRAP_MARKER_MOUNT] : [])],
    };
}

/**
 * init (ZooKeeper mode with SCRAM): until the cluster has bootstrapped (no marker yet), write the
 * generated users' SCRAM credentials to ZooKeeper before the broker starts, so inter-broker and
 * client logins work from its first second — the counterpart of KRaft's format --add-scram.
 * Afterwards it writes nothing: a changed password reaches Kafka only through the credential
 * Jobs, ordered around the roll (an upsert at every start would change the password the
 * brokers still running log in with).
 */
export function scramUsersInit(image: string, pool: NodePool, security: KafkaSecurity): Container {
    return {
        name: "scram-users",
        image,
        command: ["/bin/bash", `${KAFKA_PATHS.config}/${SCRIPT.kafkaNode}`, "scram-users"],
        env: [...nodeEnv(pool, security), { name: "BOOTSTRAP_MARKER_DIR", value: BOOTSTRAP_MARKER_PATH }, { name: "KAFKA_HEAP_OPTS", value: heapOpts(128) }],
        resources: { requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } },
        securityContext: restrictedContainerSecurity(true),
        volumeMounts: [...kafkaMounts(pool, security), BOOTSTRAP_MARKER_MOUNT],
    };
}

export function kafkaContainer(image: string, pool: NodePool, security: KafkaSecurity, logging: LoggingConfig): Container {
    const ready = readinessListener(pool.role);
    const period = 10;
    return {
        name: "kafka",
        image,
        command: ["/bin/bash", `${KAFKA_PATHS.config}/${SCRIPT.kafkaNode}`, "start"],
        env: [...nodeEnv(pool, security, nodeNeedsCredentials(pool)), { name: "KAFKA_HEAP_OPTS", value: heapOpts(pool.resources.heapMiB) }, { name: "KAFKA_LOG4J_OPTS", value: logging.jvmOption }],
        ports: listenersFor(pool.role).map((l) => ({ name: l.name.toLowerCase(), containerPort: l.port })),
        resources: jvmContainerResources(pool.resources),
        // Liveness only asks whether the JVM (PID 1 after the exec chain) still runs: a TCP check
        // would kill a broker that is busy recovering logs and has not opened its listener yet.
        livenessProbe: {
            exec: { command: ["/bin/bash", "-c", JVM_ALIVE] },
            periodSeconds: 30,
            timeoutSeconds: 5,
            failureThreshold: 3,
        },
        readinessProbe: readinessProbe(pool, period),
        startupProbe: { tcpSocket: { port: ready.port }, periodSeconds: period, timeoutSeconds: 5, failureThreshold: STARTUP_BUDGET_SECONDS / period },
        securityContext: restrictedContainerSecurity(true),
        volumeMounts: kafkaMounts(pool, security, nodeNeedsCredentials(pool)),
    };
}

/** The generated users' credentials as flat files (`admin-password`, …), readable by the pod's group only. */
export function credentialsVolume(cluster: string): Volume {
    return {
        name: "credentials",
        projected: {
            defaultMode: 0o440,
            sources: (Object.keys(SCRAM_USERS) as ScramUser[]).map((user) => ({
                secret: {
                    name: credentialsSecretName(cluster, user),
                    items: (Object.keys(CREDENTIAL_KEYS) as (keyof typeof CREDENTIAL_KEYS)[]).map((key) => ({ key: CREDENTIAL_KEYS[key], path: credentialFile(user, key) })),
                },
            })),
        },
    };
}

export function podVolumes(pool: NodePool, cluster: string, security: KafkaSecurity): Volume[] {
    const volumes: Volume[] = [
        { name: "config", configMap: { name: pool.configMap, defaultMode: 0o555 } },
        // The rendered server.properties holds the admin password: keep it in memory, never on disk.
        // Every emptyDir has a limit: past it the kubelet evicts the pod instead of the node filling up.
        { name: "run", emptyDir: security.authentication !== "none" ? { medium: "Memory", sizeLimit: "1Mi" } : { sizeLimit: "1Mi" } },
        // Only GC logs land here now (kafka-run-class.sh rotates them: 10 x 100 MiB); the limit is a backstop.
        { name: "app-logs", emptyDir: { sizeLimit: "2Gi" } },
        // java.io.tmpdir: hsperfdata and the native libraries the compression codecs unpack (a few MiB).
        { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
    ];
    if (security.authentication !== "none") volumes.push(credentialsVolume(cluster));
    // Optional: absent until the cluster first deployed successfully (see bootstrap-marker/). Read
    // by the quorum voters' format step and by ZooKeeper mode's scram-users step.
    const scramInZooKeeper = pool.role === "zookeeper-broker" && security.authentication !== "none";
    if (pool.isController || scramInZooKeeper) volumes.push({ name: BOOTSTRAP_MARKER_VOLUME, configMap: { name: clusterNames(cluster).bootstrapped, optional: true, defaultMode: 0o444 } });
    if (security.tls) volumes.push({ name: "tls", secret: { secretName: clusterNames(cluster).brokerTls, defaultMode: 0o440 } });
    // Only the client side of the ZooKeeper credentials Secret (ZooKeeperEnsemble creates it).
    if (logsInToZooKeeper(pool, security)) {
        volumes.push({
            name: ZOOKEEPER_JAAS_VOLUME,
            secret: { secretName: clusterNames(cluster).zookeeperCredentials, defaultMode: 0o440, items: [{ key: ZOOKEEPER_JAAS_KEYS.client, path: ZOOKEEPER_JAAS_KEYS.client }] },
        });
    }
    if (pool.isBroker) {
        // The token only for the zone lookup: the pod does not automount it into the broker.
        volumes.push(kubeApiTokenVolume("kube-api-access"));
    }
    return volumes;
}
