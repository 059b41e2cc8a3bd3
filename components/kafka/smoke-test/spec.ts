/**
 * The smoke test as data: its topic declaration, the ConfigMap that ships the scripts and the Job
 * that runs them. The Job's name carries a fingerprint of everything it runs and of the cluster's
 * revision, so a deploy that changes nothing re-runs nothing, and any change to the brokers, the
 * client settings or the test itself gets a fresh run (and `pulumi up` waits for it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { KafkaClientSettings } from "../../common/client";
import { CLIENT_PROPERTIES_SCRIPT, clientConfigParts, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { kafkaImage } from "../../common/images";
import { parseKafkaVersion } from "../../common/kafka-cli-flags";
import { labels } from "../../common/labels";
import { clusterNames } from "../../common/names";
import { smokeTopicName } from "../../config/smoke-test";
import { CliJobManifest, JobMetadata as ObjectMetadata, kafkaCliJob, ResourceRequirements } from "../cli-job";
import type { TopicDeclaration } from "../topics/spec";
import { shortHash } from "../topics/spec";


export const SMOKE_TEST_SCRIPT = "smoke-test.sh";
export const SMOKE_TEST_SCRIPT_PATH = path.join(__dirname, "scripts", SMOKE_TEST_SCRIPT);
export const SMOKE_CONTAINER = "smoke-test";
/**
 * Exit codes a retry cannot fix: bad arguments, and acknowledged records lost or altered (a retry
 * could hide it). A refused write (6) or a failed tool (1, 4) is retried.
 */
export const SMOKE_PERMANENT_EXIT_CODES = [2, 5];
/** The smoke topic keeps an hour of records: enough to inspect a failed run, never a growing topic. */
export const SMOKE_RETENTION_MS = 60 * 60 * 1000;
/**
 * And at most 32 MiB in 8 MiB segments (its byte bound in the disk budget): a run writes at most
 * 100000 records (smokeTest.messages) of ~130 bytes with record overhead, ~13 MB, so retention
 * never deletes the records of the run that is reading them back.
 */
export const SMOKE_RETENTION_BYTES = 32 * 1024 * 1024;
export const SMOKE_SEGMENT_BYTES = 8 * 1024 * 1024;

export const DEFAULT_SMOKE_RESOURCES: ResourceRequirements = {
    requests: { cpu: "200m", memory: "768Mi" },
    limits: { cpu: "1", memory: "768Mi" },
};
const HEAP_OPTS = "-Xms128m -Xmx384m";

/** The test's script (a build must copy components/kafka/smoke-test/scripts/ beside the compiled module). */
export function smokeTestScript(): string {
    return fs.readFileSync(SMOKE_TEST_SCRIPT_PATH, "utf8");
}

/**
 * The dedicated topic: one partition (read-back in send order from one offset), the cluster's
 * replication factor and min ISR, so an acks=all write proves what real topics get.
 */
export function smokeTopic(cluster: string, replicationFactor: number, minInsyncReplicas: number): TopicDeclaration {
    return {
        name: smokeTopicName(cluster),
        partitions: 1,
        replicationFactor,
        config: { "min.insync.replicas": minInsyncReplicas, "retention.ms": SMOKE_RETENTION_MS, "retention.bytes": SMOKE_RETENTION_BYTES, "segment.bytes": SMOKE_SEGMENT_BYTES },
    };
}

export interface SmokeTestJobArgs {
    cluster: string;
    namespace: string;
    topic: string;
    /** Records per run. */
    messages: number;
    timeoutSeconds: number;
    /** The brokers' Kafka version: the Job runs `kafkaImage(kafkaVersion)`, and the script picks the tools' flags by it. */
    kafkaVersion: string;
    bootstrapServers: string;
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    /** Content of smoke-test.sh and of the shared client-properties.sh. */
    script: string;
    clientScript: string;
    /** KafkaCluster.revision: a broker change re-runs the test. */
    clusterRevision: string;
    resources: ResourceRequirements;
}

export interface SmokeConfigMapManifest {
    apiVersion: "v1";
    kind: "ConfigMap";
    metadata: ObjectMetadata;
    data: Record<string, string>;
}

export type SmokeJobManifest = CliJobManifest;

export function smokeTestConfigMap(a: Pick<SmokeTestJobArgs, "cluster" | "namespace" | "script" | "clientScript">): SmokeConfigMapManifest {
    const name = clusterNames(a.cluster).smokeTest;
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: a.namespace, labels: labels(a.cluster, "smoke-test", name) },
        data: { [SMOKE_TEST_SCRIPT]: a.script, [CLIENT_PROPERTIES_SCRIPT]: a.clientScript },
    };
}

/** Arguments of smoke-test.sh. */
export function smokeTestArgs(a: Pick<SmokeTestJobArgs, "bootstrapServers" | "topic" | "messages" | "timeoutSeconds" | "kafkaVersion">): string[] {
    parseKafkaVersion(a.kafkaVersion);
    return [
        "--bootstrap-server", a.bootstrapServers,
        "--command-config", DEFAULT_CLIENT_PROPERTIES,
        "--kafka-version", a.kafkaVersion,
        "--topic", a.topic,
        "--messages", String(a.messages),
        "--timeout-seconds", String(a.timeoutSeconds),
    ];
}

export function smokeTestFingerprint(a: Omit<SmokeTestJobArgs, "cluster" | "namespace">): string {
    return shortHash(
        JSON.stringify([shortHash(a.script, 64), shortHash(a.clientScript, 64), a.kafkaVersion, a.bootstrapServers, clientConfigParts(a.client), a.topic, a.messages, a.timeoutSeconds, a.clusterRevision, a.resources]),
        64,
    );
}

export function smokeTestJob(a: SmokeTestJobArgs): SmokeJobManifest {
    const stem = clusterNames(a.cluster).smokeTest;
    return kafkaCliJob({
        metadata: { name: `${stem}-${smokeTestFingerprint(a).slice(0, 8)}`, namespace: a.namespace, labels: labels(a.cluster, "smoke-test", stem) },
        container: SMOKE_CONTAINER,
        image: kafkaImage(a.kafkaVersion),
        configMap: stem,
        script: SMOKE_TEST_SCRIPT,
        args: smokeTestArgs(a),
        client: a.client,
        heapOpts: HEAP_OPTS,
        resources: a.resources,
        env: [{ name: "SMOKE_RUN_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } }],
        // One retry for a pod lost to a node drain; lost records fail at once (permanentExitCodes).
        backoffLimit: 1,
        activeDeadlineSeconds: a.timeoutSeconds + 180,
        permanentExitCodes: SMOKE_PERMANENT_EXIT_CODES,
    });
}
