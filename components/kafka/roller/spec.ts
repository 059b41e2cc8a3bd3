/**
 * The node roller as data: a ServiceAccount with a Role that may read the Kafka StatefulSets and
 * read and delete their pods (by name), a ConfigMap with roll-nodes.sh, and a Job that runs it
 * with the brokers' image beside a `kubectl proxy` sidecar. The StatefulSets use updateStrategy
 * OnDelete, so no pod restarts until this Job deletes it; the Job's name carries a fingerprint
 * of what the pods run (KafkaCluster's revision plus the certificate), so every change that
 * rolls the nodes is a new Job that Pulumi runs and waits for, and an unchanged cluster re-runs
 * nothing. Pure: config in, objects out.
 */
import { KafkaClientSettings } from "../../common/client";
import { CLIENT_PROPERTIES_SCRIPT, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { KUBECTL_IMAGE } from "../../common/images";
import { API_PROXY_ENV, ApiIdentity, apiIdentity, Meta, withApiProxy } from "../api-access";
import { labels } from "../../common/labels";
import { clusterNames } from "../../common/names";
import { CliJobManifest, kafkaCliJob, ResourceRequirements } from "../cli-job";
import { STARTUP_BUDGET_SECONDS, TERMINATION_GRACE_SECONDS } from "../kafka-pod";
import { shortHash } from "../topics/spec";
import type { NodePool } from "../topology";
import { SCRIPT } from "../scripts";
import { ROLL_NODES_SCRIPT_KEY } from "./script";

export const ROLLER_CONTAINER = "roll-nodes";
/** Seconds between checks of every bounded wait. */
export const POLL_SECONDS = 10;
/**
 * Lag (metadata records) a voter may have and still count as caught up: the leader appends a
 * record every 500 ms (metadata.max.idle.interval.ms), so a healthy follower is seen 0 to a few
 * records behind between fetches.
 */
export const MAX_VOTER_LAG = 10;
/** roll-nodes.sh exit codes a retry cannot fix: a bounded wait ran out (1), usage (2). */
export const ROLLER_PERMANENT_EXIT_CODES = [1, 2];
const HEAP_OPTS = "-Xms64m -Xmx256m";
export const DEFAULT_ROLLER_RESOURCES: ResourceRequirements = {
    requests: { cpu: "100m", memory: "512Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
};

/** One bounded wait: a pod may take its grace period to stop and its startup budget to come back. */
export const WAIT_SECONDS = TERMINATION_GRACE_SECONDS + STARTUP_BUDGET_SECONDS;

export type RollerPool = Pick<NodePool, "statefulSet" | "nodeIdBase" | "replicas" | "isBroker" | "isController">;

export interface RollerArgs {
    cluster: string;
    namespace: string;
    kraft: boolean;
    /** The node pools, in roll order (nodePools() lists controllers first). */
    pools: RollerPool[];
    /** apache/kafka image of the nodes. */
    image: string;
    bootstrapServers: string;
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    /** Fingerprint of what the pods run (KafkaCluster.revision and the certificate checksum). */
    podRevision: string;
    /** roll-nodes.sh, the kube-api.sh it sources and client-properties.sh, fingerprinted so a script fix re-runs the roll. */
    script: string;
    kubeApiScript: string;
    clientScript: string;
}

function role(p: RollerPool): "broker" | "controller" | "combined" {
    return p.isBroker && p.isController ? "combined" : p.isController ? "controller" : "broker";
}

/** roll-nodes.sh arguments: pools in order (controllers, then brokers), the waits' bounds. */
export function rollerArgs(a: Pick<RollerArgs, "namespace" | "kraft" | "pools" | "bootstrapServers">): string[] {
    return [
        "--namespace", a.namespace,
        "--bootstrap-server", a.bootstrapServers,
        "--command-config", DEFAULT_CLIENT_PROPERTIES,
        ...a.pools.flatMap((p) => ["--pool", `${p.statefulSet}:${p.nodeIdBase}:${role(p)}`]),
        ...(a.kraft ? ["--kraft", "--max-voter-lag", String(MAX_VOTER_LAG)] : []),
        "--poll-seconds", String(POLL_SECONDS),
        "--max-polls", String(Math.ceil(WAIT_SECONDS / POLL_SECONDS)),
    ];
}

/**
 * The bounded waits roll-nodes.sh may spend on one pod of a pool, as its roll_pool does them:
 * (KRaft, a controller pool) the active controller named; before the restart the partitions it
 * holds (a broker) or the brokers still catching up (a controller), and (KRaft) the voters; after
 * it the pod back and Ready, (KRaft) the voters, (a broker) no under-replicated partitions.
 */
export function rollerWaitsPerPod(pool: Pick<RollerPool, "isBroker" | "isController">, kraft: boolean): number {
    const controllerPool = kraft && pool.isController;
    return (controllerPool ? 1 : 0) + 1 + (kraft ? 1 : 0) + 1 + (kraft ? 1 : 0) + (pool.isBroker ? 1 : 0);
}

/**
 * The longest a roll may take: every wait of every pod and each pool's StatefulSet wait, bounded
 * by WAIT_SECONDS each, plus 10 minutes for image pulls and scheduling, so the script's own
 * failure (naming what it waited for) comes before Kubernetes' DeadlineExceeded. Pulumi's wait on
 * the Job (customTimeouts) is this too.
 */
export function rollerDeadlineSeconds(pools: RollerPool[], kraft: boolean): number {
    const waits = pools.reduce((n, p) => n + 1 + p.replicas * rollerWaitsPerPod(p, kraft), 0);
    return waits * WAIT_SECONDS + 600;
}

export function rollerFingerprint(a: RollerArgs): string {
    return shortHash(JSON.stringify([a.podRevision, shortHash(a.script, 64), shortHash(a.kubeApiScript, 64), shortHash(a.clientScript, 64), a.image, KUBECTL_IMAGE, rollerArgs(a), a.client]), 64);
}

export interface RollerSpecs extends ApiIdentity {
    configMap: { apiVersion: "v1"; kind: "ConfigMap"; metadata: Meta; data: Record<string, string> };
    job: CliJobManifest;
}

export function rollerSpecs(a: RollerArgs): RollerSpecs {
    const stem = clusterNames(a.cluster).roller;
    const meta: Meta = { name: stem, namespace: a.namespace, labels: labels(a.cluster, "kafka-roller", stem) };
    const pods = a.pools.flatMap((p) => Array.from({ length: p.replicas }, (_, i) => `${p.statefulSet}-${i}`));
    const base = kafkaCliJob({
        metadata: { ...meta, name: `${stem}-${rollerFingerprint(a).slice(0, 8)}` },
        container: ROLLER_CONTAINER,
        image: a.image,
        configMap: stem,
        script: ROLL_NODES_SCRIPT_KEY,
        libraries: [SCRIPT.kubeApi],
        args: rollerArgs(a),
        client: a.client,
        heapOpts: HEAP_OPTS,
        resources: DEFAULT_ROLLER_RESOURCES,
        env: [API_PROXY_ENV],
        // A retry only for a pod lost to a node drain: it resumes where the roll stopped.
        backoffLimit: 2,
        activeDeadlineSeconds: rollerDeadlineSeconds(a.pools, a.kraft),
        permanentExitCodes: ROLLER_PERMANENT_EXIT_CODES,
    });
    // The token only in the proxy's container: the roller process itself holds no credential.
    const job = withApiProxy(base, stem);
    return {
        ...apiIdentity(meta, [
            { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: a.pools.map((p) => p.statefulSet), verbs: ["get"] },
            { apiGroups: [""], resources: ["pods"], resourceNames: pods, verbs: ["get", "delete"] },
        ]),
        configMap: { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { [ROLL_NODES_SCRIPT_KEY]: a.script, [SCRIPT.kubeApi]: a.kubeApiScript, [CLIENT_PROPERTIES_SCRIPT]: a.clientScript } },
        job,
    };
}
