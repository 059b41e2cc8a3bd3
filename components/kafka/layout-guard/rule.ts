/**
 * The cluster-layout rule, as pure functions with no imports: the guard's dynamic provider is
 * serialised into the stack state with everything its methods reference, so this module must
 * stay self-contained (type-only imports are erased).
 *
 * A Kafka cluster cannot change its metadata layout in place: ZooKeeper mode and KRaft, or
 * dedicated controllers and combined nodes, use the same Kubernetes object and volume names,
 * so Pulumi would fail midway on objects that already exist, and a reused volume would keep
 * the other layout's data.
 */

/** What the guard keeps in state: the layout last deployed, and the config keys behind it. */
export interface LayoutState {
    /** `zookeeper` or `kraft`. */
    mode: string;
    /** `dedicated`, `combined`, or `none` in ZooKeeper mode. */
    topology: string;
    /** Namespace the cluster lives in. */
    namespace: string;
    /** Config-key prefix for messages, e.g. `kafka-eks:kafka`. */
    configKey: string;
}

export interface GuardFailure {
    property: string;
    reason: string;
}

const PROCEDURE =
    "a running cluster cannot change its metadata layout in place; to start over, back up what you need, " +
    "remove the cluster (kafka section) and its volume claims, deploy, then set the new value";

/** Check step: `olds` are the inputs of the last successful deploy (empty on create). */
export function layoutGuardCheck(olds: Partial<LayoutState>, news: LayoutState): GuardFailure[] {
    const failures: GuardFailure[] = [];
    const changed = (field: "mode" | "namespace", key: string) => {
        const was = olds[field];
        if (was !== undefined && was !== news[field]) {
            failures.push({ property: field, reason: `${news.configKey}.${key} = "${news[field]}": the cluster was deployed with "${was}"; ${PROCEDURE}` });
        }
    };
    changed("mode", "mode");
    if (olds.mode === news.mode && olds.topology !== undefined && olds.topology !== news.topology) {
        failures.push({ property: "topology", reason: `${news.configKey}.kraft.topology = "${news.topology}": the cluster was deployed with "${olds.topology}"; ${PROCEDURE}` });
    }
    changed("namespace", "namespace");
    return failures;
}

export interface GuardDiff {
    changes: boolean;
    replaces: string[];
}

export function layoutGuardDiff(olds: Partial<LayoutState>, news: LayoutState): GuardDiff {
    return { changes: olds.mode !== news.mode || olds.topology !== news.topology || olds.namespace !== news.namespace, replaces: [] };
}
