/**
 * The partition-shrink rule, as pure functions with no imports: the partition guard's dynamic
 * provider is serialised into the stack state together with everything its methods reference,
 * so this module must stay self-contained (type-only imports are erased and therefore fine).
 */

/** What the guard keeps in state: the partition count last applied to the topic. */
export interface PartitionGuardState {
    /** Kafka topic name. */
    topic: string;
    /** Partition count of the last successful apply (the guard updates only after the Job succeeded). */
    partitions: number;
    /** Stack-config path of the topic, named in messages, e.g. `kafka-eks:topics[0]`. */
    configKey: string;
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
 */
export function partitionGuardCheck(olds: Partial<PartitionGuardState>, news: PartitionGuardState): GuardFailure[] {
    const failures: GuardFailure[] = [];
    if (!Number.isInteger(news.partitions) || news.partitions < 1) {
        failures.push({ property: "partitions", reason: `${news.configKey}.partitions = ${String(news.partitions)}: must be a positive integer` });
        return failures;
    }
    const applied = olds.partitions;
    if (olds.topic === news.topic && typeof applied === "number" && news.partitions < applied) {
        failures.push({ property: "partitions", reason: partitionShrinkMessage(news.configKey, news.topic, applied, news.partitions) });
    }
    return failures;
}

export interface GuardDiff {
    changes: boolean;
    replaces: string[];
}

/** Only the topic and its partition count matter; a moved config key (topics reordered) is no change. */
export function partitionGuardDiff(olds: Partial<PartitionGuardState>, news: PartitionGuardState): GuardDiff {
    const replaces = olds.topic === news.topic ? [] : ["topic"];
    return { changes: replaces.length > 0 || olds.partitions !== news.partitions, replaces };
}
