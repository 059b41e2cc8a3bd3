/** Validated configs for the Kafka tests, built through the real stack schema (defaults resolved). */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseStackConfig, StackConfig } from "../../components/config";

export const PROJECT = "kafka-eks";

/** The stack schema applied to a `kafka` (and optional `zookeeper`) section on an existing 3-zone, 9-node cluster (placement defaults to required). */
export function stackConfig(kafka: Record<string, unknown>, zookeeper: Record<string, unknown> = {}): StackConfig {
    return parseStackConfig({ platform: { mode: "existing", availabilityZones: 3, nodes: 9 }, kafka, zookeeper }, PROJECT);
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

/** Upstream reference data kept in the repository (provenance: upstream/README.md). */
export const SCHEMAS = path.resolve(__dirname, "..", "..", "upstream");

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

/**
 * Whether `key` is a broker config of the version whose list is `keys`: listed exactly, or one of
 * the prefixed forms the list's header documents ("Valid key FORMS not enumerable here"):
 *   listener.name.<listener-lowercase>.<listed key>
 *   listener.name.<listener-lowercase>.<sasl-mechanism-lowercase>.sasl.jaas.config | .sasl.login.* | .sasl.server.callback.handler.class
 * The prefixed key must still end in a real key: a typo after the prefix is caught.
 */
export function isBrokerConfigKey(key: string, keys: Set<string>): boolean {
    if (keys.has(key)) return true;
    const m = /^listener\.name\.([a-z0-9_-]+)\.(.+)$/.exec(key);
    if (!m) return false;
    const rest = m[2];
    if (keys.has(rest)) return true;
    const mech = /^(?:scram-sha-256|scram-sha-512|plain|gssapi|oauthbearer)\.(sasl\.jaas\.config|sasl\.login\.[a-z.]+|sasl\.server\.callback\.handler\.class)$/.exec(rest);
    return mech !== null && (mech[1] === "sasl.jaas.config" || mech[1] === "sasl.server.callback.handler.class" || keys.has(mech[1]));
}

/** The "Valid key FORMS" lines of a key list's header, as written. */
export function documentedKeyForms(relative: string): string[] {
    return fs
        .readFileSync(path.join(SCHEMAS, relative), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("#   listener.name."))
        .map((l) => l.slice(1).trim().split(/\s+/)[0]);
}
