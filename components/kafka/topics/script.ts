/**
 * The shell script the topic Jobs run, read from `scripts/apply-topic.sh` next to this module, and
 * the one ConfigMap that ships it (with the client-properties wrapper) to every topic Job.
 * Kept as a real file (not a TS string) so it can be linted and executed by the tests as is; the
 * build must copy `components/kafka/topics/scripts/` next to the compiled module.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { CLIENT_PROPERTIES_SCRIPT } from "../../common/client-config";
import { labels } from "../../common/labels";

/** Key of the script in the scripts ConfigMap, and its file name in the pod. */
export const APPLY_TOPIC_SCRIPT_KEY = "apply-topic.sh";
export const APPLY_TOPIC_SCRIPT_PATH = path.join(__dirname, "scripts", APPLY_TOPIC_SCRIPT_KEY);

let cached: string | undefined;

export function applyTopicScript(): string {
    if (cached === undefined) {
        try {
            cached = readFileSync(APPLY_TOPIC_SCRIPT_PATH, "utf8");
        } catch (e) {
            throw new Error(`cannot read ${APPLY_TOPIC_SCRIPT_PATH} (the build must copy components/kafka/topics/scripts/): ${(e as Error).message}`);
        }
    }
    return cached;
}

export interface TopicScriptsConfigMapArgs {
    /** Kafka cluster name (`part-of` label). */
    cluster: string;
    namespace: string;
    /** ConfigMap name, `topicScriptsName(cluster)` for the stack's topics. */
    name: string;
    /** Content of apply-topic.sh and of the shared client-properties.sh wrapper. */
    script: string;
    clientScript: string;
}

export interface TopicScriptsConfigMap {
    apiVersion: "v1";
    kind: "ConfigMap";
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    data: Record<string, string>;
}

/** The ConfigMap every topic Job mounts: the scripts only, the same for every topic. */
export function topicScriptsConfigMap(a: TopicScriptsConfigMapArgs): TopicScriptsConfigMap {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: a.name, namespace: a.namespace, labels: labels(a.cluster, "kafka-topic", a.name) },
        data: { [APPLY_TOPIC_SCRIPT_KEY]: a.script, [CLIENT_PROPERTIES_SCRIPT]: a.clientScript },
    };
}
