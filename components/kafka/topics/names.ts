/**
 * Kubernetes names for a topic's objects. Topic names allow upper case, '.' and '_' and run to
 * 249 characters; Kubernetes names (and the `instance` label value) do not, so they are slugged,
 * and a hash of the exact topic name is appended whenever slugging lost information — otherwise
 * `Orders` and `orders`, or `a.b` and `a_b`, would share one Job name.
 */
import { shortHash } from "./spec";

/** Label values and Job names are limited to 63 characters (the Job name becomes a pod label). */
const MAX_NAME = 63;
/** Room kept for the Job's `-<8 hex>` spec-hash suffix. */
export const JOB_HASH_LENGTH = 8;
const NAME_HASH_LENGTH = 6;

/** Lower-case DNS-label form of a topic name: runs of other characters become one '-'. */
export function topicSlug(topic: string): string {
    return topic
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "");
}

/** `<cluster>-topics-scripts`: the ConfigMap of scripts every topic Job of the cluster mounts. */
export function topicScriptsName(cluster: string): string {
    return `${cluster}-topics-scripts`;
}

/**
 * `<cluster>-topic-<slug>`: stem of the topic's Job name and its `instance` label. Kept short
 * enough that `<stem>-<8 hex>` still fits in 63 characters.
 */
export function topicObjectName(cluster: string, topic: string): string {
    const prefix = `${cluster}-topic-`;
    const budget = MAX_NAME - (JOB_HASH_LENGTH + 1) - prefix.length;
    const slug = topicSlug(topic);
    if (slug === topic && slug.length <= budget) return prefix + slug;
    const hash = shortHash(topic, NAME_HASH_LENGTH);
    const room = budget - (NAME_HASH_LENGTH + 1);
    const head = room > 0 ? slug.slice(0, room).replace(/-+$/, "") : "";
    return head ? `${prefix}${head}-${hash}` : `${prefix}${hash}`;
}

/** Job name: a new spec (or script, image, endpoint) gives a new name, hence a new Job run. */
export function topicJobName(objectName: string, fingerprint: string): string {
    return `${objectName}-${fingerprint.slice(0, JOB_HASH_LENGTH)}`;
}
