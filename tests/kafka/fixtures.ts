/** Validated configs for the Kafka tests, built through the real stack schema (defaults resolved). */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseStackConfig, StackConfig } from "../../components/config";

export const PROJECT = "kafka-eks";

/** The stack schema applied to a `kafka` (and optional `zookeeper`) section on an existing cluster. */
export function stackConfig(kafka: Record<string, unknown>, zookeeper: Record<string, unknown> = {}): StackConfig {
    return parseStackConfig({ platform: { mode: "existing" }, kafka, zookeeper }, PROJECT);
}

/** dev-like: ZooKeeper mode, 3 brokers, RF 2. */
export const zookeeperMode = (extra: Record<string, unknown> = {}) =>
    stackConfig({ name: "kafka", namespace: "kafka", mode: "zookeeper", brokers: 3, replicationFactor: 2, minInsyncReplicas: 1, storageGiB: 20, ...extra }, { replicas: 3 });

/** prod-like: KRaft, 3 dedicated controllers, 3 brokers, RF 3 / min ISR 2. */
export const kraftDedicated = (extra: Record<string, unknown> = {}) =>
    stackConfig({ name: "kafka", namespace: "data", mode: "kraft", brokers: 3, kraft: { topology: "dedicated", controllers: 3 }, storageGiB: 500, controllerStorageGiB: 20, ...extra });

/** KRaft, 3 combined broker+controller nodes. */
export const kraftCombined = (extra: Record<string, unknown> = {}) =>
    stackConfig({ name: "events", namespace: "streaming", mode: "kraft", brokers: 3, kraft: { topology: "combined" }, ...extra });

/** The shared upstream schemas (CI clones the repo with shared/ beside it). */
export const SCHEMAS = path.resolve(__dirname, "..", "..", "..", "shared", "schemas");

/** A `#`-commented list file as a set of entries. */
export function readList(relative: string): Set<string> {
    const text = fs.readFileSync(path.join(SCHEMAS, relative), "utf8");
    return new Set(
        text
            .split("\n")
            .map((l) => l.trim())
            .filter((l) => l !== "" && !l.startsWith("#")),
    );
}

/** Plain JSON view of a spec (inputs typed as Input<…> read back as ordinary values). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function plain(spec: unknown): any {
    return JSON.parse(JSON.stringify(spec));
}
