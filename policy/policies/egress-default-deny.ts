/**
 * A pod that no egress policy selects may connect anywhere: a compromised broker could exfiltrate
 * its logs or scan the VPC, a compromised KEDA operator (which holds an API token) likewise.
 * NetworkPolicies only add allowances, so the deny has to come first: a NetworkPolicy selecting
 * every pod (podSelector {}) with policyTypes including Egress and no egress rules; the flows the
 * workloads need are then allowed one by one. A policy in the same namespace that selects pods and
 * allows egress to everything (an egress rule with neither `to` nor `ports`) undoes the deny for
 * those pods, so it fails too.
 *
 * In scope: every namespace a Kafka or ZooKeeper StatefulSet runs in, the namespace of a KEDA chart
 * the stack installs (or of its operator Deployment), and the namespaces listed in `namespaces`.
 * Maps to: CIS Amazon EKS Benchmark 4.3.2 (all namespaces have network policies defined) and 5.4.4
 * (network policy enabled and set as appropriate). No Security Hub control covers it.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { STATEFUL_COMPONENTS } from "../lib/contract";
import { componentOf, objectRef } from "../lib/k8s";
import { known } from "../lib/links";
import { violation } from "../lib/message";
import { asArray, asString, at, isRecord } from "../lib/props";
import { configSchema, readSettings, stringList } from "../lib/settings";

const NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
/** Helm resources whose `namespace` input is where the chart's pods run. */
const HELM_TYPES: readonly string[] = ["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart", "kubernetes:helm.sh/v3:Release"];
/** kedacore/keda, however it is referenced (name, repo/name, oci://…/keda). */
const KEDA_CHART = /(^|\/)keda$/;
/** The operator Deployment's pod label `app` (kedacore/charts v2.20.2 keda/templates/manager/deployment.yaml:28, operator.name). */
const KEDA_OPERATOR_APP = "keda-operator";

const settings = {
    namespaces: stringList([], "Further namespaces that must deny egress by default (e.g. the teams' consumer namespaces)."),
};

export const egressDefaultDeny: StackValidationPolicy = {
    name: "egress-default-deny",
    description:
        'The Kafka namespace, the KEDA namespace (when the stack installs KEDA) and any listed namespace deny egress by default: a NetworkPolicy with podSelector {}, policyTypes ["Egress"] and no egress rules, and no policy there allowing all egress. CIS EKS Benchmark 4.3.2, 5.4.4; no Security Hub control covers it.',
    enforcementLevel: "advisory",
    configSchema: configSchema(settings),
    validateStack: (args, reportViolation) => {
        const { namespaces } = readSettings(args.getConfig(), settings);
        const inScope = new Map<string, { why: string; urn?: string }>();
        for (const r of args.resources) {
            if (r.type === "kubernetes:apps/v1:StatefulSet" && STATEFUL_COMPONENTS.includes(componentOf(r.props) ?? "")) {
                const ns = namespaceOf(r.props);
                if (!inScope.has(ns)) inScope.set(ns, { why: "Kafka runs here", urn: r.urn });
            } else if (HELM_TYPES.includes(r.type) && KEDA_CHART.test(asString(known(r.props, "chart")) ?? "")) {
                const ns = asString(known(r.props, "namespace")) ?? "default";
                if (!inScope.has(ns)) inScope.set(ns, { why: "KEDA runs here", urn: r.urn });
            } else if (r.type === "kubernetes:apps/v1:Deployment" && asString(at(r.props, "spec", "template", "metadata", "labels", "app")) === KEDA_OPERATOR_APP) {
                // The chart's operator as a deployment shows it (helm.v4.Chart's children).
                const ns = namespaceOf(r.props);
                if (!inScope.has(ns)) inScope.set(ns, { why: "KEDA runs here", urn: r.urn });
            }
        }
        for (const ns of namespaces) {
            if (!inScope.has(ns)) inScope.set(ns, { why: "listed in namespaces" });
        }

        const policies = args.resources.filter((r) => r.type === NETWORK_POLICY);
        for (const [ns, { why, urn }] of inScope) {
            const here = policies.filter((p) => namespaceOf(p.props) === ns);
            const ref = { kind: "Namespace", name: ns };
            if (!here.some((p) => isDefaultDenyEgress(p.props))) {
                reportViolation(
                    violation(
                        ref,
                        "egress default-deny",
                        `is missing (${why}; no NetworkPolicy selects every pod with policyTypes ["Egress"] and no egress rules, so its pods may connect anywhere)`,
                        `add a NetworkPolicy in ${ns} with spec {podSelector: {}, policyTypes: ["Egress"]}, then allow each needed flow`,
                    ),
                    urn,
                );
            }
            for (const p of here) {
                const index = openRuleIndex(p.props);
                if (index >= 0) {
                    reportViolation(
                        violation(
                            objectRef(p.type, p.props, p.name),
                            `spec.egress[${index}]`,
                            "has neither to nor ports (the pods it selects may connect anywhere, undoing the namespace's egress default-deny)",
                            "name the peers and ports those pods need instead",
                        ),
                        p.urn,
                    );
                }
            }
        }
    },
};

function namespaceOf(props: PolicyResource["props"]): string {
    return asString(at(props, "metadata", "namespace")) ?? "default";
}

/** Selects every pod (empty or absent podSelector), restricts Egress, allows nothing. */
function isDefaultDenyEgress(props: PolicyResource["props"]): boolean {
    const spec = at(props, "spec");
    const selector = at(spec, "podSelector");
    const selectsAll = selector === undefined || (isRecord(selector) && Object.keys(isRecord(selector.matchLabels) ? selector.matchLabels : {}).length === 0 && asArray(selector.matchExpressions).length === 0);
    return selectsAll && asArray(at(spec, "policyTypes")).includes("Egress") && asArray(at(spec, "egress")).length === 0;
}

/** The first egress rule without peers and ports (it matches every destination on every port), or -1. */
function openRuleIndex(props: PolicyResource["props"]): number {
    if (!asArray(at(props, "spec", "policyTypes")).includes("Egress")) return -1;
    return asArray(at(props, "spec", "egress")).findIndex((rule) => isRecord(rule) && asArray(rule.to).length === 0 && asArray(rule.ports).length === 0);
}
