/**
 * The topic spec as data: what the apply Job is given (as arguments, and whole in its
 * `kafka-eks/topic-spec` annotation) and what the policy pack checks. One normalised form so they
 * can never disagree.
 */
import { createHash } from "crypto";

/** A topic as declared in stack config, with the replication factor already resolved (stackSchema does that). */
export interface TopicDeclaration {
    /** Kafka topic name, exactly as clients use it. */
    name: string;
    /** Partition count; can grow on a live topic, never shrink. */
    partitions: number;
    /** Replication factor. */
    replicationFactor: number;
    /** Topic-level config overrides; values as written in stack config. */
    config: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Normalised spec, serialised into the topic Job's annotation. Config values are strings because that is how
 * Kafka stores and reports them (`kafka-configs --describe`), so a policy compares like with like;
 * keys are sorted so equal specs serialise, and hash, identically.
 */
export interface TopicSpec {
    name: string;
    partitions: number;
    replicationFactor: number;
    config: Record<string, string>;
}

export function topicSpec(t: TopicDeclaration): TopicSpec {
    const config: Record<string, string> = {};
    for (const key of Object.keys(t.config).sort()) config[key] = String(t.config[key]);
    return { name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, config };
}

/** The spec as JSON text: stable field order, two-space indent for readable `pulumi preview` diffs. */
export function topicSpecJson(spec: TopicSpec): string {
    const ordered: TopicSpec = { name: spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor, config: spec.config };
    return JSON.stringify(ordered, null, 2) + "\n";
}

/** Parses the spec text back (for tests; the policy pack has its own reader); throws on anything that is not a spec. */
export function parseTopicSpec(json: string): TopicSpec {
    const v: unknown = JSON.parse(json);
    if (v === null || typeof v !== "object") throw new Error("topic spec: not an object");
    const o = v as Record<string, unknown>;
    if (typeof o.name !== "string") throw new Error("topic spec: name must be a string");
    if (!Number.isInteger(o.partitions)) throw new Error("topic spec: partitions must be an integer");
    if (!Number.isInteger(o.replicationFactor)) throw new Error("topic spec: replicationFactor must be an integer");
    if (o.config === null || typeof o.config !== "object") throw new Error("topic spec: config must be an object");
    const config: Record<string, string> = {};
    for (const [k, val] of Object.entries(o.config as Record<string, unknown>)) {
        if (typeof val !== "string") throw new Error(`topic spec: config.${k} must be a string`);
        config[k] = val;
    }
    return { name: o.name, partitions: o.partitions as number, replicationFactor: o.replicationFactor as number, config };
}

/** First `length` hex digits of sha256(text): short, stable fingerprints for object names. */
export function shortHash(text: string, length: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}
