/**
 * Nodes for the data plane: node-group taints, and the nodeSelector and tolerations of the Kafka,
 * controller and ZooKeeper pods (kafka.placement). A dedicated group is a group with a taint the
 * data plane tolerates and labels it selects; the rules below refuse a combination that would
 * leave those pods (or the cluster's own system pods) Pending.
 */
import type { Taint, Toleration } from "./fields";

/** How EKS spells each effect (CreateNodegroup `Taint.effect`). */
export const EKS_TAINT_EFFECT: Readonly<Record<Taint["effect"], string>> = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" };

/** Whether one of `tolerations` tolerates `taint` (Kubernetes core/v1 Toleration.ToleratesTaint). */
export function tolerates(tolerations: readonly Toleration[], taint: Taint): boolean {
    return tolerations.some(
        (t) => t.key === taint.key && (t.effect === undefined || t.effect === taint.effect) && (t.operator === "Exists" || (t.value ?? "") === (taint.value ?? "")),
    );
}

/** A taint that keeps pods off the node (PreferNoSchedule only discourages). */
const repels = (t: Taint) => t.effect !== "PreferNoSchedule";

interface Group {
    name: string;
    capacityType: string;
    labels: Record<string, string>;
    taints: Taint[];
}
export interface DataPlanePlacement {
    nodeSelector: Record<string, string>;
    tolerations: Toleration[];
}

/** The labels EKS gives every node of a managed group, besides the group's own. */
function nodeLabels(g: Group): Record<string, string> {
    return { ...g.labels, "eks.amazonaws.com/nodegroup": g.name, "eks.amazonaws.com/capacityType": g.capacityType };
}

/** Node labels the kubelet and cloud set (zone, instance type, arch, hostname): not judged here. */
const NODE_SET_LABEL = /^(kubernetes\.io|topology\.kubernetes\.io|node\.kubernetes\.io|beta\.kubernetes\.io|failure-domain\.beta\.kubernetes\.io)\//;

function selects(selector: Record<string, string>, g: Group): boolean {
    const labels = nodeLabels(g);
    return Object.entries(selector).every(([k, v]) => NODE_SET_LABEL.test(k) || labels[k] === v);
}

/** The groups the data-plane pods can be scheduled on: selected and every repelling taint tolerated. */
export function dataPlaneGroups<G extends Group>(groups: readonly G[], p: DataPlanePlacement): G[] {
    return groups.filter((g) => selects(p.nodeSelector, g) && g.taints.filter(repels).every((t) => tolerates(p.tolerations, t)));
}

const describeTaint = (t: Taint) => `${t.key}${t.value === undefined ? "" : `=${t.value}`}:${t.effect}`;

/** Cross-section rule (eks mode): the data plane has nodes it may use, and so do the system pods. */
export function nodePlacementRules(
    c: { platform: { mode: "eks"; nodeGroups: Group[] } | { mode: "existing" }; kafka: { placement: DataPlanePlacement } },
    issue: (path: (string | number)[], message: string) => void,
): void {
    if (c.platform.mode !== "eks") return;
    const groups = c.platform.nodeGroups;
    const p = c.kafka.placement;
    if (groups.every((g) => g.taints.some(repels))) {
        issue(["platform", "nodeGroups"], "must include a group without a NoSchedule or NoExecute taint: CoreDNS, the EBS CSI controller, KEDA, the UI and the Jobs tolerate none and would stay Pending");
        return;
    }
    const selected = groups.filter((g) => selects(p.nodeSelector, g));
    if (selected.length === 0) {
        issue(["kafka", "placement", "nodeSelector"], `matches no node group: give a group these labels (platform.nodeGroups[].labels; each node also has eks.amazonaws.com/nodegroup=<name>) or change the selector`);
        return;
    }
    if (dataPlaneGroups(selected, p).length === 0) {
        const taints = selected.map((g) => `${g.name}: ${g.taints.filter(repels).map(describeTaint).join(", ")}`).join("; ");
        issue(["kafka", "placement", "tolerations"], `tolerate the taints of none of the node groups the pods may run on (${taints}): add a toleration per taint, or select an untainted group`);
    }
}
