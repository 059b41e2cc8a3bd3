/**
 * Free-form Kafka properties (`kafka.config`, `topics[].config`) checked against the pinned
 * Kafka version's own key lists and types, so a misspelt key or a value the broker would refuse
 * at start (or silently ignore) stops `pulumi preview` instead.
 *
 * The lists are upstream data (upstream/kafka/*.txt, provenance in upstream/README.md) read at
 * run time; `npm run build` ships them beside the compiled library (bin/upstream/kafka).
 */
import * as fs from "fs";
import * as path from "path";
import { CONTROLLER_READ_KEYS } from "../kafka/broker-config";
import type { MetadataMode } from "../kafka/durability";
import { PLAINTEXT_LISTENERS } from "../kafka/listeners";
import { closest } from "./suggest";

/** upstream/kafka, from components/config (source) or bin/components/config (built package). */
export const KAFKA_LISTS_DIR = path.join(__dirname, "..", "..", "upstream", "kafka");

/** ConfigDef.Type names (clients/.../common/config/ConfigDef.java, enum Type). */
export type KafkaConfigType = "BOOLEAN" | "STRING" | "INT" | "SHORT" | "LONG" | "DOUBLE" | "LIST" | "CLASS" | "PASSWORD";

export interface KafkaKeyType {
    type: KafkaConfigType;
    min?: number;
    max?: number;
    /** Allowed values (ValidString.in); for LIST, allowed elements (ValidList.in). */
    oneOf?: string[];
    caseInsensitive?: boolean;
}

export interface KafkaKeyLists {
    /** Kafka release the lists were derived from, e.g. "4.3.1". */
    release: string;
    broker: ReadonlySet<string>;
    topic: ReadonlySet<string>;
    types: ReadonlyMap<string, KafkaKeyType>;
}

/** The list files per Kafka major.minor line; each was derived at the release named in its header. */
const LIST_FILES: Record<string, { suffix: string; release: string }> = {
    "3": { suffix: "3.9", release: "3.9.2" },
    "4": { suffix: "4.x", release: "4.3.1" },
};

function readLines(file: string): string[] {
    return fs
        .readFileSync(path.join(KAFKA_LISTS_DIR, file), "utf8")
        .split("\n")
        .map((l) => l.trimEnd())
        .filter((l) => l !== "" && !l.startsWith("#"));
}

function parseType(line: string): [string, KafkaKeyType] {
    const [key, type, validator] = line.split("\t");
    const t: KafkaKeyType = { type: type as KafkaConfigType };
    const [kind, ...rest] = (validator ?? "").split(" ");
    if (kind === "min") t.min = Number(rest[0]);
    if (kind === "range") [t.min, t.max] = rest.map(Number);
    if (kind === "one-of" || kind === "one-of-ci" || kind === "list-of") t.oneOf = rest.join(" ").split(",");
    if (kind === "one-of-ci") t.caseInsensitive = true;
    return [key, t];
}

const cache = new Map<string, KafkaKeyLists>();

/** Key lists for a Kafka version ("3.9.2" → the 3.9 lists, "4.x.y" → the 4.x lists). */
export function kafkaKeyLists(version: string): KafkaKeyLists {
    const files = LIST_FILES[version.split(".")[0]] ?? LIST_FILES["4"];
    let lists = cache.get(files.suffix);
    if (!lists) {
        lists = {
            release: files.release,
            broker: new Set(readLines(`broker-configs-${files.suffix}.txt`)),
            topic: new Set(readLines(`topic-configs-${files.suffix}.txt`)),
            types: new Map(readLines(`config-types-${files.suffix}.txt`).map(parseType)),
        };
        cache.set(files.suffix, lists);
    }
    return lists;
}

/** The brokers' listeners as `listener.name.<l>.` prefixes name them (lower case). */
const LISTENERS = Object.keys(PLAINTEXT_LISTENERS).map((l) => l.toLowerCase());
/** SASL mechanisms Kafka ships (lower case, as in listener.name.<l>.<mechanism>.sasl.jaas.config). */
const SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512", "gssapi", "oauthbearer"];

/**
 * Why `key` is not a broker property of this Kafka version, or undefined when it is: a listed
 * key, or one of the prefix forms the list headers describe.
 */
export function brokerKeyProblem(key: string, lists: KafkaKeyLists, config: Readonly<Record<string, unknown>>): string | undefined {
    if (lists.broker.has(key)) return undefined;
    const perListener = /^listener\.name\.([^.]+)\.(.+)$/.exec(key);
    if (perListener) {
        const [, listener, rest] = perListener;
        if (!LISTENERS.includes(listener)) return `names listener "${listener}"; the brokers' listeners are ${LISTENERS.join(", ")}${hint(listener, LISTENERS)}`;
        const sasl = /^([^.]+)\.(sasl\.jaas\.config|sasl\.login\..+|sasl\.server\.callback\.handler\.class)$/.exec(rest);
        if (sasl && SASL_MECHANISMS.includes(sasl[1])) return undefined;
        if (lists.broker.has(rest)) return undefined;
        return `is not a per-listener form of a Kafka ${lists.release} broker key (listener.name.${listener}.<broker key>)${hint(rest, lists.broker, `listener.name.${listener}.`)}`;
    }
    if (/^config\.providers\.[^.]+\.(class|param\..+)$/.test(key)) return undefined;
    const rsm = String(config["remote.log.storage.manager.impl.prefix"] ?? "rsm.config.");
    const rlmm = String(config["remote.log.metadata.manager.impl.prefix"] ?? "rlmm.config.");
    if ((key.startsWith(rsm) && key.length > rsm.length) || (key.startsWith(rlmm) && key.length > rlmm.length)) return undefined;
    if (lists.topic.has(key)) {
        const brokerDefault = [`log.${key}`, `log.cleaner.${key}`].find((k) => lists.broker.has(k));
        return `is a topic-level key: set it per topic in topics[].config${brokerDefault ? `, or the brokers' default ${brokerDefault} here` : ""}`;
    }
    return `is not a Kafka ${lists.release} broker config key${hint(key, lists.broker)}`;
}

/** Why `key` is not a topic-level config of this Kafka version, or undefined when it is. */
export function topicKeyProblem(key: string, lists: KafkaKeyLists): string | undefined {
    if (lists.topic.has(key)) return undefined;
    const topicForm = key.replace(/^log\.(cleaner\.)?/, "");
    if (key !== topicForm && lists.topic.has(topicForm)) return `is the brokers' default; the topic-level key is ${topicForm}`;
    if (lists.broker.has(key)) return `is a broker key, not a topic-level one (set it in kafka.config)`;
    return `is not a Kafka ${lists.release} topic config key${hint(key, lists.topic)}`;
}

function hint(input: string, candidates: Iterable<string>, prefix = ""): string {
    const c = closest(input, candidates);
    return c === undefined ? "" : ` (did you mean ${prefix}${c}?)`;
}

const JAVA_INT = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const JAVA_SHORT = { min: -(2 ** 15), max: 2 ** 15 - 1 };
const JAVA_LONG = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

const TYPE_NAMES: Record<KafkaConfigType, string> = {
    BOOLEAN: "true or false",
    STRING: "a string",
    PASSWORD: "a string",
    INT: "a 32-bit integer",
    SHORT: "a 16-bit integer",
    LONG: "a 64-bit integer",
    DOUBLE: "a number",
    LIST: "a comma-separated list",
    CLASS: "a Java class name",
};

/** Hints for values people commonly write instead of Kafka's encoding. */
function typeHint(key: string, type: KafkaKeyType): string {
    const integer = type.type === "LONG" || type.type === "INT";
    const unlimited = integer && type.min !== undefined && type.min < 0 ? "; -1 means no limit" : "";
    if (integer && key.endsWith(".ms")) return `; milliseconds, e.g. 604800000 is 7 days${unlimited}`;
    if (integer && key.endsWith(".bytes")) return `; bytes, e.g. 1073741824 is 1 GiB${unlimited}`;
    return unlimited;
}

/**
 * Why `value` is not a valid value of `key`, or undefined. Parsing follows ConfigDef.parseType
 * (clients/src/main/java/org/apache/kafka/common/config/ConfigDef.java, 4.3.1:701, 3.9.2:690):
 * values are trimmed; booleans ignore case; numbers are Java integer/long/double text.
 */
export function valueProblem(key: string, value: unknown, lists: KafkaKeyLists): string | undefined {
    const text = String(value);
    if (/[\r\n]/.test(text)) return "must be one line: a line break would inject more properties into the file";
    const type = lists.types.get(key) ?? lists.types.get(perListenerBase(key));
    if (!type) return undefined;
    const trimmed = text.trim();
    // YAML hands the program a number as a JavaScript double: past 2^53 its digits are already lost
    // (9223372036854775807 arrives as 9223372036854776000).
    if ((type.type === "LONG" || type.type === "INT" || type.type === "SHORT") && typeof value === "number" && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        return `is past the whole numbers a stack file keeps exactly (2^53), so it arrived as ${text}: write the value in quotes to keep every digit`;
    }
    const expected = () => `must be ${TYPE_NAMES[type.type]} (Kafka type ${type.type}${typeHint(key, type)})`;
    switch (type.type) {
        case "BOOLEAN":
            return /^(true|false)$/i.test(trimmed) ? undefined : expected();
        case "INT":
        case "SHORT": {
            if (!/^[+-]?\d+$/.test(trimmed)) return expected();
            const n = Number(trimmed);
            const bounds = type.type === "INT" ? JAVA_INT : JAVA_SHORT;
            if (n < bounds.min || n > bounds.max) return `${expected()}; ${trimmed} is out of range`;
            return rangeProblem(n, type);
        }
        case "LONG": {
            if (!/^[+-]?\d+$/.test(trimmed)) return expected();
            const n = BigInt(trimmed);
            if (n < JAVA_LONG.min || n > JAVA_LONG.max) return `${expected()}; ${trimmed} is out of range`;
            return rangeProblem(Number(n), type);
        }
        case "DOUBLE": {
            if (trimmed === "" || !Number.isFinite(Number(trimmed))) return expected();
            return rangeProblem(Number(trimmed), type);
        }
        case "LIST": {
            if (!type.oneOf || trimmed === "") return undefined;
            const elements = trimmed.split(/\s*,\s*/);
            const bad = elements.filter((e) => !type.oneOf!.includes(e));
            if (bad.length > 0) return `each element must be one of ${type.oneOf.join(", ")}; ${bad.map((b) => JSON.stringify(b)).join(", ")} is not${hint(bad[0], type.oneOf)}`;
            // 4.3.1 ConfigDef.java:1071 (ValidList): a node given a repeated element does not start;
            // 3.9.2's ValidList (ConfigDef.java:1019-1025) checks each element only and accepts it.
            const repeated = lists.release.startsWith("3.") ? undefined : elements.find((e, i) => elements.indexOf(e) !== i);
            return repeated === undefined ? undefined : `must not repeat an element ("${repeated}" twice; Kafka ${lists.release} refuses duplicates): write "${[...new Set(elements)].join(",")}"`;
        }
        case "CLASS":
            return /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/.test(trimmed) ? undefined : expected();
        default: {
            if (!type.oneOf) return undefined;
            const ok = type.caseInsensitive ? type.oneOf.some((o) => o.toLowerCase() === trimmed.toLowerCase()) : type.oneOf.includes(trimmed);
            return ok ? undefined : `must be one of ${type.oneOf.join(", ")}${hint(trimmed, type.oneOf)}`;
        }
    }
}

function rangeProblem(n: number, type: KafkaKeyType): string | undefined {
    if (type.min !== undefined && type.max !== undefined && (n < type.min || n > type.max)) return `must be between ${type.min} and ${type.max}`;
    if (type.min !== undefined && n < type.min) return `must be at least ${type.min}`;
    return undefined;
}

/** `listener.name.<l>.ssl.keystore.type` has the type of `ssl.keystore.type`. */
function perListenerBase(key: string): string {
    return key.replace(/^listener\.name\.[^.]+\./, "");
}

/**
 * Values the policy pack refuses on deployed objects (policy unclean-leader-election-disabled),
 * refused here already so `pulumi preview` names the key instead of the policy.
 */
export const FORBIDDEN_VALUES: Readonly<Record<string, { value: string; why: string }>> = {
    "unclean.leader.election.enable": { value: "true", why: "an out-of-sync leader would discard acknowledged writes (the policy pack forbids it)" },
};

function forbiddenProblem(key: string, value: unknown): string | undefined {
    const rule = FORBIDDEN_VALUES[key];
    return rule && String(value).trim().toLowerCase() === rule.value ? `must not be ${rule.value}: ${rule.why}` : undefined;
}

/**
 * group.coordinator.rebalance.protocols: what KafkaConfig's constructor refuses after the
 * ValidList check the types files record, so a node given the key fails to start (4.3.1
 * core/src/main/scala/kafka/server/KafkaConfig.scala:359-364, 3.9.2 :570-582). Brokers read it for
 * their group coordinator (4.3.1 KafkaApis.scala:2600,2735; 3.9.2 :3854); dedicated controllers
 * are not given it (not in CONTROLLER_READ_KEYS) and keep the default.
 */
function rebalanceProtocolsProblem(value: unknown, mode: MetadataMode, lists: KafkaKeyLists): string | undefined {
    const elements = String(value).trim() === "" ? [] : String(value).trim().split(/\s*,\s*/);
    if (!elements.includes("classic")) {
        return `must include classic: Kafka ${lists.release} refuses to start without it ("Disabling the 'classic' protocol is not supported"); write "${["classic", ...elements].join(",")}", or remove the key for Kafka's default`;
    }
    if (mode === "zookeeper" && elements.includes("consumer")) {
        const rest = elements.filter((e) => e !== "consumer").join(",");
        return `must not include consumer in ZooKeeper mode: Kafka ${lists.release} refuses to start ("The new 'consumer' rebalance protocol is only supported in KRaft cluster"); write "${rest}", or use kafka.mode kraft (Kafka 4.x enables it by default)`;
    }
    return undefined;
}

/** Checks KafkaConfig makes at start beyond the ConfigDef validators (not derivable into the types files). */
const STARTUP_CHECKS: ReadonlyMap<string, (value: unknown, mode: MetadataMode, lists: KafkaKeyLists) => string | undefined> = new Map([
    ["group.coordinator.rebalance.protocols", rebalanceProtocolsProblem],
]);

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-section rule: every kafka.config and topics[].config key and value against the Kafka version's lists. */
export function kafkaKeyRules(
    c: { kafka: { mode: MetadataMode; kraft?: { topology: string }; version: string; config: Readonly<Record<string, unknown>> }; topics: ReadonlyArray<{ config: Readonly<Record<string, unknown>> }> },
    issue: Issue,
): void {
    const lists = kafkaKeyLists(c.kafka.version);
    for (const [key, value] of Object.entries(c.kafka.config)) {
        const problem =
            brokerKeyProblem(key, lists, c.kafka.config) ?? valueProblem(key, value, lists) ?? forbiddenProblem(key, value) ?? STARTUP_CHECKS.get(key)?.(value, c.kafka.mode, lists);
        if (problem) issue(["kafka", "config", key], problem);
    }
    // The process that validates a new topic's config merges it onto its own server.properties:
    // a broker in ZooKeeper mode, the controller in KRaft (4.3.1 ControllerServer.scala:250,
    // ControllerConfigurationValidator.scala:129-130). A dedicated controller is given only the
    // keys it reads (CONTROLLER_READ_KEYS), so there Kafka's defaults stand for the rest.
    const dedicated = c.kafka.mode === "kraft" && c.kafka.kraft?.topology === "dedicated";
    const validatorConfig = dedicated ? Object.fromEntries(Object.entries(c.kafka.config).filter(([k]) => k in CONTROLLER_READ_KEYS)) : c.kafka.config;
    c.topics.forEach((t, i) => {
        let valid = true;
        for (const [key, value] of Object.entries(t.config)) {
            const problem = topicKeyProblem(key, lists) ?? valueProblem(key, value, lists) ?? forbiddenProblem(key, value);
            if (problem) issue(["topics", i, "config", key], problem);
            valid &&= problem === undefined;
        }
        if (valid) for (const [key, problem] of topicConflicts(t.config, validatorConfig, lists.release)) issue(["topics", i, "config", key], problem);
    });
}

/**
 * What Kafka's LogConfig refuses when it creates or alters the topic, over the topic's config
 * merged onto the validating node's defaults (4.3.1 storage/.../log/LogConfig.java:611-625 validate, then
 * :471-479 validateValues and :504-520 validateTopicLogConfigValues; 3.9.2 LogConfig.java:596,
 * :691 and :697-702): the topic's Job would fail at every `pulumi up`. Key of the topic's own
 * config → why.
 */
function topicConflicts(topic: Readonly<Record<string, unknown>>, node: Readonly<Record<string, unknown>>, release: string): [string, string][] {
    const out: [string, string][] = [];
    const effective = (key: string, nodeKey: string) => topic[key] ?? node[nodeKey];
    const minLag = effective("min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms");
    const maxLag = effective("max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms");
    const long = (v: unknown) => (/^-?\d+$/.test(String(v).trim()) ? BigInt(String(v).trim()) : undefined);
    const [min, max] = [long(minLag), long(maxLag)];
    if (min !== undefined && max !== undefined && min > max) {
        const at = topic["max.compaction.lag.ms"] !== undefined ? "max.compaction.lag.ms" : "min.compaction.lag.ms";
        out.push([at, `min.compaction.lag.ms (${String(minLag)}) is above max.compaction.lag.ms (${String(maxLag)})${topic[at === "max.compaction.lag.ms" ? "min.compaction.lag.ms" : "max.compaction.lag.ms"] === undefined ? ", the brokers' default (kafka.config)" : ""}: Kafka refuses the topic ("conflict topic config setting"); make the minimum at most the maximum`]);
    }
    if (String(topic["remote.storage.enable"] ?? "false").trim().toLowerCase() === "true") {
        if (String(node["remote.log.storage.system.enable"] ?? "false").trim().toLowerCase() !== "true") {
            out.push(["remote.storage.enable", `needs tiered storage on the brokers: Kafka refuses the topic ("Tiered Storage functionality is disabled in the broker", LogConfig.java:550-560); set kafka.config remote.log.storage.system.enable true with a remote storage manager, or remove the key`]);
        }
        const policy = String(effective("cleanup.policy", "log.cleanup.policy") ?? "delete").split(",").map((p) => p.trim().toLowerCase()).filter((p) => p !== "");
        // 4.3.1 LogConfig.java:562-567: delete only (or none); 3.9.2 LogConfig.java:697-702: no compact.
        const refused = release.startsWith("3.") ? policy.includes("compact") : policy.length > 0 && (policy.length !== 1 || policy[0] !== "delete");
        if (refused) {
            out.push(["remote.storage.enable", `needs cleanup.policy delete: Kafka ${release} keeps only deleted, never compacted, topics in remote storage; this topic's is ${policy.join(",")}`]);
        }
    }
    return out;
}
