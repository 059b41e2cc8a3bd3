/**
 * The topic's ConfigMap: the machine-readable spec (`topic.json`) the policy pack checks, and the
 * apply script the Job mounts. One object per topic, so a preview names the topic that changes.
 */
import { CLIENT_PROPERTIES_SCRIPT } from "../../common/client-config";
import { labels } from "../../common/labels";
import { APPLY_TOPIC_SCRIPT_KEY } from "./script";
import { TOPIC_SPEC_KEY, TopicSpec, shortHash, topicSpecJson } from "./spec";

/** Annotations on every topic object; the policy pack may key on them. */
export const TOPIC_ANNOTATIONS = {
    /** Exact Kafka topic name (object names are slugged). */
    topic: "kafka-eks/topic",
    /** sha256 of `topic.json`. */
    specSha256: "kafka-eks/spec-sha256",
} as const;

export interface ObjectMeta {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
}

export interface ConfigMapManifest {
    apiVersion: "v1";
    kind: "ConfigMap";
    metadata: ObjectMeta;
    data: Record<string, string>;
}

export interface TopicConfigMapArgs {
    /** Kafka cluster name (`part-of` label). */
    cluster: string;
    namespace: string;
    /** ConfigMap name, from `topicObjectName`. */
    name: string;
    spec: TopicSpec;
    /** Content of apply-topic.sh. */
    script: string;
    /** Content of the shared client-properties.sh wrapper. */
    clientScript: string;
}

/** Common metadata of a topic's objects: labels contract (component kafka-topic) plus topic annotations. */
export function topicMetadata(cluster: string, namespace: string, name: string, instance: string, spec: TopicSpec): ObjectMeta {
    return {
        name,
        namespace,
        labels: labels(cluster, "kafka-topic", instance),
        annotations: {
            [TOPIC_ANNOTATIONS.topic]: spec.name,
            [TOPIC_ANNOTATIONS.specSha256]: shortHash(topicSpecJson(spec), 64),
        },
    };
}

export function topicConfigMap(a: TopicConfigMapArgs): ConfigMapManifest {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: topicMetadata(a.cluster, a.namespace, a.name, a.name, a.spec),
        data: { [TOPIC_SPEC_KEY]: topicSpecJson(a.spec), [APPLY_TOPIC_SCRIPT_KEY]: a.script, [CLIENT_PROPERTIES_SCRIPT]: a.clientScript },
    };
}
