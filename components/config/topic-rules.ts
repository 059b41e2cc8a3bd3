/** Topic facts several rules and components need. */

/** Effective min.insync.replicas of a topic: its own override or the broker default. */
export function topicMinInsync(topicConfig: Record<string, unknown>, brokerDefault: number): number {
    const own = topicConfig["min.insync.replicas"];
    return own === undefined ? brokerDefault : Number(own);
}
