/**
 * The partition moves of a broker count change, as data: a ServiceAccount whose Role may read the
 * broker StatefulSet and its pods, a ConfigMap with reassign-partitions.sh, and two Jobs that run
 * it with the brokers' image beside a `kubectl proxy` sidecar (api-access.ts):
 *   - drain, which KafkaCluster runs before every update of the broker StatefulSet: when the
 *     StatefulSet runs more brokers than `kafka.brokers`, every replica leaves the brokers to be
 *     removed first; the StatefulSet update depends on it, so it shrinks only once they are empty;
 *   - spread (kafka.rebalance.onScaleUp), after the roller: when a broker holds no replica (it was
 *     just added), every topic is re-placed over all brokers, rack-aware.
 * Each Job's name carries a fingerprint of its arguments (the broker count among them), so Pulumi
 * runs it again exactly when `kafka.brokers` (or the script, image, client) changes. Pure.
 */
import { KafkaClientSettings } from "../../common/client";
import { CLIENT_PROPERTIES_SCRIPT, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { KUBECTL_IMAGE } from "../../common/images";
import { labels } from "../../common/labels";
import { clusterNames } from "../../common/names";
import { API_PROXY_ENV, ApiIdentity, apiIdentity, Meta, withApiProxy } from "../api-access";
import { CliJobManifest, kafkaCliJob } from "../cli-job";
import { DEFAULT_ROLLER_RESOURCES } from "../roller/spec";
import { shortHash } from "../topics/spec";
import { SCRIPT } from "../scripts";
import { REASSIGN_PARTITIONS_SCRIPT_KEY } from "./script";

export type RebalanceMode = "drain" | "spread";
export const REBALANCE_CONTAINER = "reassign-partitions";
/** Seconds between checks of every bounded wait. */
export const REBALANCE_POLL_SECONDS = 10;
/** reassign-partitions.sh exit codes a retry cannot fix: a bounded wait ran out (1), usage (2), refused (3). */
export const REBALANCE_PERMANENT_EXIT_CODES = [1, 2, 3];
const HEAP_OPTS = "-Xms64m -Xmx256m";

export interface RebalanceArgs {
    cluster: string;
    namespace: string;
    /** The broker StatefulSet (node id = ordinal). */
    statefulSet: string;
    /** kafka.brokers: the target count. */
    brokers: number;
    /** apache/kafka image of the brokers. */
    image: string;
    bootstrapServers: string;
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    /** kafka.rebalance.throttleBytesPerSecond. */
    throttleBytesPerSecond: number;
    /** kafka.rebalance.maxWaitMinutes: bound of each wait. */
    maxWaitMinutes: number;
    /** reassign-partitions.sh, the kube-api.sh it sources and client-properties.sh, fingerprinted so a script fix is a new Job. */
    script: string;
    kubeApiScript: string;
    clientScript: string;
}

export function rebalanceArgs(a: Pick<RebalanceArgs, "namespace" | "statefulSet" | "brokers" | "bootstrapServers" | "throttleBytesPerSecond" | "maxWaitMinutes">, mode: RebalanceMode): string[] {
    return [
        "--mode", mode,
        "--brokers", String(a.brokers),
        "--statefulset", a.statefulSet,
        "--namespace", a.namespace,
        "--bootstrap-server", a.bootstrapServers,
        "--command-config", DEFAULT_CLIENT_PROPERTIES,
        "--throttle", String(a.throttleBytesPerSecond),
        "--poll-seconds", String(REBALANCE_POLL_SECONDS),
        "--max-polls", String(Math.ceil((a.maxWaitMinutes * 60) / REBALANCE_POLL_SECONDS)),
    ];
}

/**
 * The longest a run may take: three bounded waits (pods Ready, reassignments already running, the
 * move itself) plus 10 minutes for image pulls and the tools' JVMs. Pulumi waits as long.
 */
export function rebalanceDeadlineSeconds(a: Pick<RebalanceArgs, "maxWaitMinutes">): number {
    return 3 * a.maxWaitMinutes * 60 + 600;
}

export interface RebalanceSpecs extends ApiIdentity {
    configMap: { apiVersion: "v1"; kind: "ConfigMap"; metadata: Meta; data: Record<string, string> };
    jobs: Record<RebalanceMode, CliJobManifest>;
}

export function rebalanceSpecs(a: RebalanceArgs): RebalanceSpecs {
    const stem = clusterNames(a.cluster).rebalance;
    const meta: Meta = { name: stem, namespace: a.namespace, labels: labels(a.cluster, "kafka-rebalance", stem) };
    const job = (mode: RebalanceMode): CliJobManifest => {
        const args = rebalanceArgs(a, mode);
        const fingerprint = shortHash(JSON.stringify([args, shortHash(a.script, 64), shortHash(a.kubeApiScript, 64), shortHash(a.clientScript, 64), a.image, KUBECTL_IMAGE, a.client]), 64);
        const base = kafkaCliJob({
            metadata: { ...meta, name: `${stem}-${mode}-${fingerprint.slice(0, 8)}` },
            container: REBALANCE_CONTAINER,
            image: a.image,
            configMap: stem,
            script: REASSIGN_PARTITIONS_SCRIPT_KEY,
            libraries: [SCRIPT.kubeApi],
            args,
            client: a.client,
            heapOpts: HEAP_OPTS,
            resources: DEFAULT_ROLLER_RESOURCES,
            env: [API_PROXY_ENV],
            // A retry only for a pod lost to a node drain: the script starts over from the cluster's state.
            backoffLimit: 2,
            activeDeadlineSeconds: rebalanceDeadlineSeconds(a),
            permanentExitCodes: REBALANCE_PERMANENT_EXIT_CODES,
        });
        return withApiProxy(base, stem);
    };
    const pods = Array.from({ length: a.brokers }, (_, i) => `${a.statefulSet}-${i}`);
    return {
        ...apiIdentity(meta, [
            { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: [a.statefulSet], verbs: ["get"] },
            { apiGroups: [""], resources: ["pods"], resourceNames: pods, verbs: ["get"] },
        ]),
        configMap: { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { [REASSIGN_PARTITIONS_SCRIPT_KEY]: a.script, [SCRIPT.kubeApi]: a.kubeApiScript, [CLIENT_PROPERTIES_SCRIPT]: a.clientScript } },
        jobs: { drain: job("drain"), spread: job("spread") },
    };
}
