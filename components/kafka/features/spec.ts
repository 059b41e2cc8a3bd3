/**
 * The KRaft feature finalization as data: a ConfigMap with finalize-features.sh and a Job that runs
 * it with the nodes' image after the roller, unregistering brokers a scale-down removed and
 * finalizing metadata.version at the `major.minor` of `kafka.version`. The Job's name carries a
 * fingerprint of its arguments (the target and the broker count among them, and the script, image,
 * client), so Pulumi runs it again exactly when a version bump or a scale-down may need it. Pure.
 */
import { KafkaClientSettings } from "../../common/client";
import { CLIENT_PROPERTIES_SCRIPT, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { labels } from "../../common/labels";
import { clusterNames } from "../../common/names";
import type { Meta } from "../api-access";
import { CliJobManifest, kafkaCliJob } from "../cli-job";
import { TERMINATION_GRACE_SECONDS } from "../kafka-pod";
import { DEFAULT_ROLLER_RESOURCES } from "../roller/spec";
import { shortHash } from "../topics/spec";
import { FINALIZE_FEATURES_SCRIPT_KEY } from "./script";

export const FINALIZE_CONTAINER = "finalize-features";
/** Seconds between checks while removed brokers stop. */
export const FINALIZE_POLL_SECONDS = 10;
/** A removed broker's pod stops within its grace period; a minute more for the controller to fence it. */
export const FINALIZE_FENCE_WAIT_SECONDS = TERMINATION_GRACE_SECONDS + 60;

export interface FinalizeArgs {
    cluster: string;
    namespace: string;
    /** kafka.version; the target metadata.version is its `major.minor`. */
    version: string;
    /** kafka.brokers: registrations of broker ids at or above it (removed by a scale-down) are unregistered first. */
    brokers: number;
    image: string;
    bootstrapServers: string;
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    script: string;
    clientScript: string;
}

/** `major.minor` of a version, e.g. "4.3" of "4.3.1": the metadata.version a release finalizes. */
export function metadataVersionOf(version: string): string {
    const m = /^(\d+)\.(\d+)\./.exec(version);
    if (!m) throw new Error(`not a Kafka version: ${version}`);
    return `${m[1]}.${m[2]}`;
}

export function finalizeSpecs(a: FinalizeArgs): { configMap: { apiVersion: "v1"; kind: "ConfigMap"; metadata: Meta; data: Record<string, string> }; job: CliJobManifest } {
    const stem = clusterNames(a.cluster).features;
    const meta: Meta = { name: stem, namespace: a.namespace, labels: labels(a.cluster, "kafka-features", stem) };
    const args = [
        "--bootstrap-server", a.bootstrapServers,
        "--command-config", DEFAULT_CLIENT_PROPERTIES,
        "--metadata", metadataVersionOf(a.version),
        "--brokers", String(a.brokers),
        "--poll-seconds", String(FINALIZE_POLL_SECONDS),
        "--max-polls", String(Math.ceil(FINALIZE_FENCE_WAIT_SECONDS / FINALIZE_POLL_SECONDS)),
    ];
    const fingerprint = shortHash(JSON.stringify([args, shortHash(a.script, 64), shortHash(a.clientScript, 64), a.image, a.client]), 64);
    const job = kafkaCliJob({
        metadata: { ...meta, name: `${stem}-${fingerprint.slice(0, 8)}` },
        container: FINALIZE_CONTAINER,
        image: a.image,
        configMap: stem,
        script: FINALIZE_FEATURES_SCRIPT_KEY,
        args,
        client: a.client,
        heapOpts: "-Xms64m -Xmx256m",
        resources: DEFAULT_ROLLER_RESOURCES,
        // Retries for a pod lost to a node drain or a controller election during the call.
        backoffLimit: 3,
        activeDeadlineSeconds: 900,
        permanentExitCodes: [2],
    });
    return { configMap: { apiVersion: "v1", kind: "ConfigMap", metadata: meta, data: { [FINALIZE_FEATURES_SCRIPT_KEY]: a.script, [CLIENT_PROPERTIES_SCRIPT]: a.clientScript } }, job };
}
