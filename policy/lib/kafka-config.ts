/**
 * The deployed Kafka configuration objects of the contract: `server.properties` in the
 * ConfigMaps of brokers/controllers, and one ConfigMap per topic with a `topic.json`.
 * Policies read these, never the component args, so a hand-built object is checked too.
 */
import { COMPONENT, KAFKA_CONFIG_COMPONENTS, SERVER_PROPERTIES_KEY, TOPIC_JSON_KEY } from "./contract";
import { type DurabilityKey, durabilityKeysFor, nodeKind } from "./durability";
import { parseJavaProperties } from "./java-properties";
import { K8S_TYPE, componentOf } from "./k8s";
import { asNumber, asString, asStringMap, at, isRecord } from "./props";

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

/** A topic as deployed: the `topic.json` of a ConfigMap labelled kafka-topic. */
export interface TopicSpec {
    name?: string;
    partitions?: number;
    replicationFactor?: number;
    config: Record<string, string>;
}

export type TopicRead = { topic: TopicSpec } | { error: { field: string; problem: string } } | undefined;

/** undefined: not a topic ConfigMap; `error`: a topic ConfigMap whose `topic.json` cannot be read. */
export function topicOf(type: string, props: unknown): TopicRead {
    if (type !== K8S_TYPE.configMap || componentOf(props) !== COMPONENT.topic) {
        return undefined;
    }
    const text = asStringMap(at(props, "data"))[TOPIC_JSON_KEY];
    if (text === undefined) {
        return { error: { field: `data["${TOPIC_JSON_KEY}"]`, problem: "is missing" } };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        return { error: { field: `data["${TOPIC_JSON_KEY}"]`, problem: `is not JSON (${e instanceof Error ? e.message : String(e)})` } };
    }
    if (!isRecord(parsed)) {
        return { error: { field: `data["${TOPIC_JSON_KEY}"]`, problem: "is not a JSON object" } };
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
    return {
        topic: {
            name: asString(parsed.name),
            partitions: asNumber(parsed.partitions),
            replicationFactor: asNumber(parsed.replicationFactor),
            config,
        },
    };
}

/** Field path of a topic.json member, as messages name it. */
export function topicField(member: string): string {
    return `data["${TOPIC_JSON_KEY}"].${member}`;
}
