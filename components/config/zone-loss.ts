/**
 * Zone-loss tolerance by construction. With a required zone spread (maxSkew 1) the scheduler
 * puts at most ceil(n / zones) of n replicas in one zone, and Kafka's rack-aware assignment
 * (broker.rack = zone) does the same with a partition's replicas. So losing any one zone
 * leaves n - ceil(n / zones): enough for a quorum, and for min.insync.replicas, or not.
 */
import { topicMinInsync } from "./topic-rules";

export function worstZoneShare(replicas: number, zones: number): number {
    return Math.ceil(replicas / Math.max(1, Math.min(zones, replicas)));
}

export function majority(voters: number): number {
    return Math.floor(voters / 2) + 1;
}

/** Voters left after the worst single-zone loss, and whether they still form a quorum. */
export function quorumAfterZoneLoss(voters: number, zones: number): { left: number; needed: number; ok: boolean } {
    const left = voters - worstZoneShare(voters, zones);
    return { left, needed: majority(voters), ok: left >= majority(voters) };
}

/** In-sync replicas left after the worst single-zone loss, against min.insync.replicas. */
export function isrAfterZoneLoss(replicationFactor: number, minInsync: number, zones: number): { left: number; ok: boolean } {
    const left = replicationFactor - worstZoneShare(replicationFactor, zones);
    return { left, ok: left >= minInsync };
}

interface ZoneLossInput {
    platform: { mode: "eks"; availabilityZones: number } | { mode: "existing"; availabilityZones?: number };
    kafka: { mode: "zookeeper" | "kraft"; brokers: number; replicationFactor: number; minInsyncReplicas: number; placement: { zones: "required" | "preferred" }; kraft: { topology: "dedicated" | "combined"; controllers: number } };
    zookeeper: { replicas: number };
    topics: Array<{ name: string; replicationFactor?: number; config: Record<string, unknown> }>;
}

/** Cross-section rule: with a required zone spread, no single-zone loss may break a quorum or min ISR. */
export function zoneLossRules(c: ZoneLossInput, issue: (path: (string | number)[], message: string) => void): void {
    const zones = c.platform.availabilityZones;
    if (c.kafka.placement.zones !== "required" || zones === undefined) return;
    if (zones < 3) {
        issue(["platform", "availabilityZones"], "must be at least 3 with kafka.placement.zones required (a required spread over fewer zones leaves replicas Pending)");
        return;
    }
    const quorum = (path: (string | number)[], what: string, voters: number) => {
        // An even count is already rejected as such; one message per mistake.
        if (voters % 2 === 0) return;
        const q = quorumAfterZoneLoss(voters, zones);
        if (!q.ok) issue(path, `${what}: losing one of ${zones} zones leaves ${q.left} of ${voters} voters, below the quorum of ${q.needed}`);
    };
    if (c.kafka.mode === "zookeeper") quorum(["zookeeper", "replicas"], "ZooKeeper ensemble", c.zookeeper.replicas);
    else if (c.kafka.kraft.topology === "dedicated") quorum(["kafka", "kraft", "controllers"], "KRaft controller quorum", c.kafka.kraft.controllers);
    else quorum(["kafka", "brokers"], "KRaft quorum (combined nodes all vote)", c.kafka.brokers);

    const isr = (path: (string | number)[], rf: number, minIsr: number, what: string) => {
        const r = isrAfterZoneLoss(rf, minIsr, Math.min(zones, c.kafka.brokers));
        if (!r.ok) issue(path, `${what}: RF ${rf} keeps only ${r.left} replica(s) after losing a zone, below min.insync.replicas ${minIsr}; raise the replication factor or lower min.insync.replicas`);
    };
    const clusterOk = isrAfterZoneLoss(c.kafka.replicationFactor, c.kafka.minInsyncReplicas, Math.min(zones, c.kafka.brokers)).ok;
    isr(["kafka", "minInsyncReplicas"], c.kafka.replicationFactor, c.kafka.minInsyncReplicas, "cluster default and internal topics");
    c.topics.forEach((t, i) => {
        const rf = t.replicationFactor ?? c.kafka.replicationFactor;
        // Inheriting a failing cluster min ISR at an RF no lower than the cluster's: the cluster line already says it.
        if (!clusterOk && t.config["min.insync.replicas"] === undefined && rf >= c.kafka.replicationFactor) return;
        const minIsr = topicMinInsync(t.config, c.kafka.minInsyncReplicas);
        // Not a whole number: the Kafka key rule says so; no zone-loss line about "NaN" before it.
        if (!Number.isInteger(minIsr)) return;
        isr(["topics", i, "replicationFactor"], rf, minIsr, `topic ${t.name}`);
    });
}
