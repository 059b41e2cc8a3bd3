/**
 * Topic facts several rules and components need, and Kafka's own topic-name rules
 * (clients/src/main/java/org/apache/kafka/common/internals/Topic.java at 3.9.2 and 4.3.1:
 * legal characters [a-zA-Z0-9._-], at most 249, not "." or "..", and two names that differ
 * only by '.' versus '_' collide in metric names, so the second cannot be created).
 */
import { z } from "zod";

/** Effective min.insync.replicas of a topic: its own override or the broker default. */
export function topicMinInsync(topicConfig: Record<string, unknown>, brokerDefault: number): number {
    const own = topicConfig["min.insync.replicas"];
    return own === undefined ? brokerDefault : Number(own);
}

export const MAX_TOPIC_NAME = 249;
/** The characters Kafka allows in a topic name (Topic.java). */
export const TOPIC_NAME_CHARACTERS = /^[a-zA-Z0-9._-]+$/;

/** A name Kafka accepts for a topic the user declares (internal `__` names are Kafka's own). */
export const topicName = z.string().superRefine((name, ctx) => {
    const problem =
        name === "" ? "must not be empty"
        : name.length > MAX_TOPIC_NAME ? `must be at most ${MAX_TOPIC_NAME} characters (Kafka's limit); it has ${name.length}`
        : !TOPIC_NAME_CHARACTERS.test(name) ? "must contain only letters, digits, '.', '_' and '-'"
        : name === "." || name === ".." ? `cannot be "${name}" (Kafka forbids it: topic directories are named after topics)`
        : name.startsWith("__") ? "must not start with \"__\": that prefix names Kafka's internal topics (__consumer_offsets, __transaction_state, ...)"
        : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Kafka's collision form of a topic name ('.' and '_' are interchangeable in metric names). */
export function collisionForm(name: string): string {
    return name.replace(/\./g, "_");
}
