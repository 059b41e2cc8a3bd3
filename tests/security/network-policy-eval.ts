/**
 * A small evaluator of Kubernetes NetworkPolicy semantics (podSelector with
 * matchLabels/matchExpressions, namespaceSelector, ipBlock with except, ports with protocol),
 * enough to ask "may A open a connection to B on port P" of rendered policies, both ways:
 *
 * - Egress: a pod selected by any policy whose policyTypes include Egress may only send what one
 *   of those policies allows; Ingress likewise for what a pod accepts. A connection needs both.
 * - policyTypes defaults as the API server defaults it: Ingress, plus Egress when the policy has
 *   egress rules.
 * - ipBlock matches addresses, pods included (with the VPC CNI pods have VPC addresses, so a
 *   0.0.0.0/0 rule reaches pods too); an endpoint without an address matches no ipBlock.
 * - Services: the VPC CNI filters egress on the pod's veth, before kube-proxy rewrites a
 *   ClusterIP to a pod address, so a pod-selector rule only covers a Service's ClusterIP when the
 *   controller adds it: for every non-headless Service in a selected namespace whose selector
 *   the rule's podSelector matches, on the Service's port (aws/amazon-network-policy-controller-k8s
 *   v1.1.7, pkg/resolvers/endpoints.go:256-259 and 451-515). A Service without a selector (the API
 *   server's `default/kubernetes`) is reachable through an ipBlock only. Ingress is checked at the
 *   backing pod, on the target port.
 * - Strict mode (`strict: true`): a pod that no policy selects is denied everything (aws-network-
 *   policy-agent v1.4.1, controllers/policyendpoints_controller.go:380-384); otherwise it is open.
 */
import { cidrContains, parseCidr, type Ipv4Cidr } from "../../components/config/ipv4";

export interface Pod {
    namespace: string;
    labels: Record<string, string>;
    /** Pod address, for ipBlock rules. */
    ip?: string;
}

/** An address outside the pod network: the API server's ClusterIP, an Internet host, the control plane's ENIs. */
export interface External {
    ip: string;
}

export type Endpoint = Pod | External;

/** A ClusterIP Service: what its clients address, and the pods behind it. */
export interface Service {
    namespace: string;
    selector: Record<string, string>;
    clusterIP: string;
    port: number;
    targetPort: number;
    protocol?: Protocol;
}

export type Protocol = "TCP" | "UDP";

interface Selector {
    matchLabels?: Record<string, string>;
    matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface Peer {
    podSelector?: Selector;
    namespaceSelector?: Selector;
    ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyPort {
    port?: number;
    protocol?: string;
}

interface Rule {
    from?: Peer[];
    to?: Peer[];
    ports?: PolicyPort[];
}

export interface Policy {
    metadata: { name: string; namespace: string };
    spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
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

function isPod(e: Endpoint): e is Pod {
    return "namespace" in e;
}

function cidr(text: string): Ipv4Cidr {
    const parsed = parseCidr(text);
    if ("problem" in parsed) throw new Error(`${text}: ${parsed.problem}`);
    return parsed;
}

function inBlock(block: { cidr: string; except?: string[] }, ip: string): boolean {
    const host = cidr(`${ip}/32`);
    return cidrContains(cidr(block.cidr), host) && !(block.except ?? []).some((e) => cidrContains(cidr(e), host));
}

function namespaceMatches(peer: Peer, policyNs: string, namespace: string): boolean {
    if (peer.namespaceSelector) return matches(peer.namespaceSelector, { "kubernetes.io/metadata.name": namespace });
    return namespace === policyNs;
}

/** Whether `peer` (in a policy of namespace `policyNs`) names endpoint `e`. */
function peerMatches(peer: Peer, policyNs: string, e: Endpoint): boolean {
    if (peer.ipBlock) return e.ip !== undefined && inBlock(peer.ipBlock, e.ip);
    if (!isPod(e)) return false;
    if (!namespaceMatches(peer, policyNs, e.namespace)) return false;
    return peer.podSelector ? matches(peer.podSelector, e.labels) : true;
}

function portMatches(rule: Rule, port: number, protocol: Protocol): boolean {
    return !rule.ports || rule.ports.some((p) => (p.protocol ?? "TCP") === protocol && (p.port === undefined || p.port === port));
}

function policyTypes(p: Policy): string[] {
    return p.spec.policyTypes ?? ["Ingress", ...(p.spec.egress ? ["Egress"] : [])];
}

function selecting(policies: readonly Policy[], pod: Pod, type: "Ingress" | "Egress"): Policy[] {
    return policies.filter((p) => p.metadata.namespace === pod.namespace && policyTypes(p).includes(type) && matches(p.spec.podSelector, pod.labels));
}

export interface Options {
    /** VPC CNI strict mode: pods no policy selects are denied. Default false (standard mode). */
    strict?: boolean;
}

function isolatedOpen(policies: readonly Policy[], pod: Pod, opts: Options): boolean {
    return !opts.strict || policies.some((p) => p.metadata.namespace === pod.namespace && matches(p.spec.podSelector, pod.labels));
}

/** Whether `source` may send to `target` as far as `source`'s own egress policies go. */
export function egressAllowed(policies: readonly Policy[], source: Endpoint, target: Endpoint, port: number, protocol: Protocol = "TCP", opts: Options = {}): boolean {
    if (!isPod(source)) return true;
    const mine = selecting(policies, source, "Egress");
    if (mine.length === 0) return isolatedOpen(policies, source, opts);
    return mine.some((p) => (p.spec.egress ?? []).some((rule) => portMatches(rule, port, protocol) && (!rule.to || rule.to.some((peer) => peerMatches(peer, p.metadata.namespace, target)))));
}

/** Whether `target` accepts `source` as far as `target`'s ingress policies go. */
export function ingressAllowed(policies: readonly Policy[], source: Endpoint, target: Endpoint, port: number, protocol: Protocol = "TCP", opts: Options = {}): boolean {
    if (!isPod(target)) return true;
    const theirs = selecting(policies, target, "Ingress");
    if (theirs.length === 0) return isolatedOpen(policies, target, opts);
    return theirs.some((p) => (p.spec.ingress ?? []).some((rule) => portMatches(rule, port, protocol) && (!rule.from || rule.from.some((peer) => peerMatches(peer, p.metadata.namespace, source)))));
}

/** Whether a connection from `source` to `target` on `port` gets through both ends' policies. */
export function allowed(policies: readonly Policy[], source: Endpoint, target: Endpoint, port: number, protocol: Protocol = "TCP", opts: Options = {}): boolean {
    return egressAllowed(policies, source, target, port, protocol, opts) && ingressAllowed(policies, source, target, port, protocol, opts);
}

/**
 * Whether `source` reaches `backend` through `service`'s ClusterIP: egress as the VPC CNI sees it
 * (the ClusterIP, by ipBlock or by a pod-selector rule whose selector matches the Service's; see
 * the header), ingress at the backend on the target port.
 */
export function allowedViaService(policies: readonly Policy[], source: Pod, service: Service, backend: Pod, opts: Options = {}): boolean {
    if (!matches({ matchLabels: service.selector }, backend.labels) || backend.namespace !== service.namespace) throw new Error("backend is not behind the Service");
    const protocol = service.protocol ?? "TCP";
    const clusterIp: External = { ip: service.clusterIP };
    const mine = selecting(policies, source, "Egress");
    const egress =
        mine.length === 0
            ? isolatedOpen(policies, source, opts)
            : mine.some((p) =>
                  (p.spec.egress ?? []).some(
                      (rule) =>
                          portMatches(rule, service.port, protocol) &&
                          (!rule.to ||
                              rule.to.some((peer) =>
                                  peer.ipBlock
                                      ? peerMatches(peer, p.metadata.namespace, clusterIp)
                                      : namespaceMatches(peer, p.metadata.namespace, service.namespace) && matches(peer.podSelector ?? {}, service.selector),
                              )),
                  ),
              );
    return egress && ingressAllowed(policies, source, backend, service.targetPort, protocol, opts);
}
