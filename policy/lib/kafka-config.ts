/**
 * The deployed Kafka configuration objects of the contract: `server.properties` in the
 * ConfigMaps of brokers/controllers, and one Job per topic whose `kafka-eks/topic-spec`
 * annotation holds the topic's spec. Policies read these, never the component args, so a
 * hand-built object is checked too.
 */
import { COMPONENT, KAFKA_CONFIG_COMPONENTS, SERVER_PROPERTIES_KEY, TOPIC_ARGUMENTS, TOPIC_SPEC_ANNOTATION } from "./contract";
import { type DurabilityKey, durabilityKeysFor, nodeKind } from "./durability";
import { parseJavaProperties } from "./java-properties";
import { K8S_TYPE, componentOf } from "./k8s";
import { asArray, asNumber, asString, asStringMap, at, isRecord } from "./props";

export interface ServerProperties {
    component: string;
    properties: Map<string, string>;
}

/** The parsed `server.properties` of a broker/controller/combined ConfigMap, else undefined. */
export function serverPropertiesOf(type: string, props: unknown): ServerProperties | undefined {
    if (type !== K8S_TYPE.configMap) {
        return undefined;
    }
    const component = componentOf(props);
    const text = asStringMap(at(props, "data"))[SERVER_PROPERTIES_KEY];
    if (component === undefined || !KAFKA_CONFIG_COMPONENTS.includes(component) || text === undefined) {
        return undefined;
    }
    return { component, properties: parseJavaProperties(text) };
}

/** Field path of a property inside the ConfigMap, as messages name it. */
export function propertyField(key: string): string {
    return `data["${SERVER_PROPERTIES_KEY}"] ${key}`;
}

/** The durability keys the node of this server.properties reads (by its process.roles), with their Kafka defaults. */
export function durabilityKeysOf(server: ServerProperties): DurabilityKey[] {
    const { mode, roles } = nodeKind(server.properties.get("process.roles"));
    return durabilityKeysFor(mode, roles);
}

/** A numeric durability key with Kafka's default applied; `invalid` when present but not an integer. */
export function numericProperty(properties: Map<string, string>, key: DurabilityKey): { value: number; explicit: boolean } | { invalid: string } {
    const raw = properties.get(key.key);
    if (raw === undefined) {
        return { value: Number(key.kafkaDefault), explicit: false };
    }
    const value = asNumber(raw);
    return value === undefined ? { invalid: raw } : { value, explicit: true };
}

/** A topic as deployed: the spec annotation of a Job labelled kafka-topic. */
export interface TopicSpec {
    name?: string;
    partitions?: number;
    replicationFactor?: number;
    config: Record<string, string>;
}

export interface TopicProblem {
    field: string;
    problem: string;
    fix: string;
}

/** `mismatch`: the Job's arguments (what it applies) state another spec than its annotation (what the policies check). */
export type TopicRead = { topic: TopicSpec; mismatch?: TopicProblem } | { error: Omit<TopicProblem, "fix"> } | undefined;

/** undefined: not a topic Job; `error`: a topic Job whose spec annotation cannot be read; `mismatch`: see argumentsDisagreement. */
export function topicOf(type: string, props: unknown): TopicRead {
    if (type !== K8S_TYPE.job || componentOf(props) !== COMPONENT.topic) {
        return undefined;
    }
    const field = topicSpecField();
    const text = asStringMap(at(props, "metadata", "annotations"))[TOPIC_SPEC_ANNOTATION];
    if (text === undefined) {
        return { error: { field, problem: "is missing" } };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        return { error: { field, problem: `is not JSON (${e instanceof Error ? e.message : String(e)})` } };
    }
    if (!isRecord(parsed)) {
        return { error: { field, problem: "is not a JSON object" } };
    }
    // Topic-level config values may be numbers or booleans in JSON; compare them as Kafka would, as text.
    const config: Record<string, string> = {};
    if (isRecord(parsed.config)) {
        for (const [key, value] of Object.entries(parsed.config)) {
            if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
                config[key] = String(value);
            }
        }
    }
    const topic: TopicSpec = { name: asString(parsed.name), partitions: asNumber(parsed.partitions), replicationFactor: asNumber(parsed.replicationFactor), config };
    const mismatch = argumentsDisagreement(props, topic);
    return mismatch === undefined ? { topic } : { topic, mismatch };
}

/**
 * The Job applies its container's arguments, not its annotation: a spec annotation that says RF 3
 * over `--replication-factor 1` would pass every check and create a one-replica topic. Arguments
 * are read as apply-topic.sh reads them (flag/value pairs, the last value of a flag wins, every
 * `--config KEY=VALUE` kept).
 */
function argumentsDisagreement(props: unknown, topic: TopicSpec): TopicProblem | undefined {
    const containers = asArray(at(props, "spec", "template", "spec", "containers"));
    for (let ci = 0; ci < containers.length; ci++) {
        const args = asArray(at(containers[ci], "args")).map((a) => asString(a) ?? "");
        if (!args.includes(TOPIC_ARGUMENTS.name)) continue;
        const applied: Record<string, string | undefined> = {};
        const config: Record<string, string> = {};
        for (let i = 0; i + 1 < args.length; i += 2) {
            if (args[i] === TOPIC_ARGUMENTS.config) {
                const eq = args[i + 1].indexOf("=");
                config[eq < 0 ? args[i + 1] : args[i + 1].slice(0, eq)] = eq < 0 ? "" : args[i + 1].slice(eq + 1);
            } else {
                applied[args[i]] = args[i + 1];
            }
        }
        const declared = { name: topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor };
        const differs = (Object.keys(declared) as Array<keyof typeof declared>).flatMap((member) => {
            const flag = TOPIC_ARGUMENTS[member];
            const annotated = declared[member] === undefined ? undefined : String(declared[member]);
            return applied[flag] === annotated ? [] : [`${flag} ${applied[flag] ?? "(absent)"} where ${member} is ${annotated ?? "(absent)"}`];
        });
        for (const key of [...new Set([...Object.keys(config), ...Object.keys(topic.config)])].sort()) {
            if (config[key] !== topic.config[key]) differs.push(`${TOPIC_ARGUMENTS.config} ${key}=${config[key] ?? "(absent)"} where config["${key}"] is ${topic.config[key] ?? "(absent)"}`);
        }
        if (differs.length > 0) {
            return {
                field: `spec.template.spec.containers[${ci}].args`,
                problem: `disagree with ${topicSpecField()}, which the policies check: ${differs.join("; ")}`,
                fix: "the Job applies its arguments: make them and the annotation state the same spec (the program writes both from the topic's declaration)",
            };
        }
    }
    return undefined;
}

/** Field path of the topic spec annotation, as messages name it. */
export function topicSpecField(): string {
    return `metadata.annotations["${TOPIC_SPEC_ANNOTATION}"]`;
}

/** Field path of a member of the topic spec, as messages name it. */
export function topicField(member: string): string {
    return `${topicSpecField()}.${member}`;
}
