/**
 * The partition-shrink rule, as pure functions with no imports: the partition guard's dynamic
 * provider is serialised into the stack state together with everything its methods reference,
 * so this module must stay self-contained (type-only imports are erased and therefore fine).
 */

/** What the guard remembers of one topic. */
export interface AppliedTopic {
    /** Partition count of the last successful apply (the guard updates only after every topic Job succeeded). */
    partitions: number;
    /** Stack-config path of the topic, named in messages, e.g. `kafka-eks:topics[0]`. */
    configKey: string;
}

/** What the guard keeps in state: every topic of the stack by its Kafka name. */
export interface PartitionGuardState {
    topics: Record<string, AppliedTopic>;
}

export interface GuardFailure {
    property: string;
    reason: string;
}

/** The message a shrink produces; the apply script prints the same sentence at run time. */
export function partitionShrinkMessage(configKey: string, topic: string, applied: number, declared: number): string {
    return (
        `${configKey}.partitions = ${declared}: topic ${topic} has ${applied} partitions; ` +
        `Kafka cannot reduce partitions; declare ${applied} or more ` +
        `(to start over with fewer, delete the topic from Kafka and from the stack config first)`
    );
}

/**
 * Check step of the guard: `olds` are the inputs recorded by the last successful update (empty
 * on create), `news` the declared ones. Runs in `pulumi preview`, before anything is changed.
 * Each declared topic is judged on its own: a topic the guard has not recorded (new, or first run
 * after the upgrade from one guard per topic) is accepted; a topic no longer declared is simply
 * not compared (the project never deletes a Kafka topic, and declaring it again starts afresh).
 */
export function partitionGuardCheck(olds: Partial<PartitionGuardState>, news: PartitionGuardState): GuardFailure[] {
    const failures: GuardFailure[] = [];
    const applied = olds.topics ?? {};
    for (const [topic, declared] of Object.entries(news.topics)) {
        if (!Number.isInteger(declared.partitions) || declared.partitions < 1) {
            failures.push({ property: "topics", reason: `${declared.configKey}.partitions = ${String(declared.partitions)}: must be a positive integer` });
            continue;
        }
        const before = Object.prototype.hasOwnProperty.call(applied, topic) ? applied[topic].partitions : undefined;
        if (typeof before === "number" && declared.partitions < before) {
            failures.push({ property: "topics", reason: partitionShrinkMessage(declared.configKey, topic, before, declared.partitions) });
        }
    }
    return failures;
}

export interface GuardDiff {
    changes: boolean;
    replaces: string[];
}

/** Only the topics and their partition counts matter; a moved config key (topics reordered) is no change. */
export function partitionGuardDiff(olds: Partial<PartitionGuardState>, news: PartitionGuardState): GuardDiff {
    const before = olds.topics ?? {};
    const names = Object.keys(news.topics);
    const changes =
        names.length !== Object.keys(before).length ||
        names.some((t) => !Object.prototype.hasOwnProperty.call(before, t) || before[t].partitions !== news.topics[t].partitions);
    return { changes, replaces: [] };
}
