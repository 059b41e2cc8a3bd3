/**
 * A small evaluator of Kubernetes NetworkPolicy ingress semantics (podSelector with
 * matchLabels/matchExpressions, namespaceSelector, ports), enough to ask "may pod A reach
 * pod B on port P" of rendered policies. Isolation: a pod selected by any Ingress policy only
 * accepts what one of those policies allows.
 */
export interface Pod {
    namespace: string;
    labels: Record<string, string>;
}

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface Peer {
    podSelector?: Selector;
    namespaceSelector?: Selector;
}

export interface Policy {
    metadata: { name: string; namespace: string };
    spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Array<{ from?: Peer[]; ports?: Array<{ port: number; protocol?: string }> }> };
}

export function matches(selector: Selector, labels: Record<string, string>): boolean {
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of selector.matchExpressions ?? []) {
        const has = e.key in labels;
        if (e.operator === "In" && !(has && e.values!.includes(labels[e.key]))) return false;
        if (e.operator === "NotIn" && has && e.values!.includes(labels[e.key])) return false;
        if (e.operator === "Exists" && !has) return false;
        if (e.operator === "DoesNotExist" && has) return false;
    }
    return true;
}

function peerAllows(peer: Peer, policyNs: string, source: Pod): boolean {
    const nsLabels = { "kubernetes.io/metadata.name": source.namespace };
    if (peer.namespaceSelector && !matches(peer.namespaceSelector, nsLabels)) return false;
    if (!peer.namespaceSelector && source.namespace !== policyNs) return false;
    return peer.podSelector ? matches(peer.podSelector, source.labels) : true;
}

export function allowed(policies: Policy[], source: Pod, target: Pod, port: number): boolean {
    const selecting = policies.filter(
        (p) => p.metadata.namespace === target.namespace && (p.spec.policyTypes ?? ["Ingress"]).includes("Ingress") && matches(p.spec.podSelector, target.labels),
    );
    if (selecting.length === 0) return true;
    return selecting.some((p) =>
        (p.spec.ingress ?? []).some(
            (rule) => (!rule.ports || rule.ports.some((r) => r.port === port)) && (!rule.from || rule.from.some((peer) => peerAllows(peer, p.metadata.namespace, source))),
        ),
    );
}
