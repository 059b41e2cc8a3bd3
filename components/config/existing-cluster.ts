/**
 * Placement on a cluster the program did not build (kind, minikube, an EKS cluster you run). Its
 * zones and nodes are whatever `platform.availabilityZones` / `platform.nodes` say, or unknown.
 * A required spread over zones or nodes that do not exist leaves pods Pending forever, so in
 * existing-cluster mode the spread defaults to `required` only where the stated shape allows it,
 * and to `preferred` otherwise; a `required` spread over an unknown shape is an error.
 */
import { cpuMillicores } from "./instance-types";
import { pods } from "./capacity";
import type { ConfigProblem } from "./errors";
import { keyPath } from "./errors";

type Raw = Record<string, unknown>;
type Issue = (path: (string | number)[], message: string) => void;

function obj(v: unknown): Raw | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : undefined;
}

/** Replicas of the largest Kafka/ZooKeeper StatefulSet the raw config asks for (defaults: 3). */
function largestStatefulSet(kafka: Raw | undefined, zookeeper: Raw | undefined): number {
    const n = (v: unknown) => (typeof v === "number" ? v : 3);
    const kraft = obj(kafka?.kraft);
    const quorum = kafka?.mode === "zookeeper" ? n(zookeeper?.replicas) : kraft?.topology === "combined" ? 0 : n(kraft?.controllers);
    return Math.max(n(kafka?.brokers), quorum);
}

/** `raw` with kafka.placement defaults for existing-cluster mode filled in where absent. */
export function withExistingClusterDefaults(raw: Readonly<Raw>): Raw {
    const platform = obj(raw.platform);
    const kafka = obj(raw.kafka);
    if (platform?.mode !== "existing" || (raw.kafka !== undefined && !kafka)) return { ...raw };
    const placement = obj(kafka?.placement) ?? {};
    if (kafka?.placement !== undefined && !obj(kafka.placement)) return { ...raw };
    const zones = typeof platform.availabilityZones === "number" ? platform.availabilityZones : undefined;
    const nodes = typeof platform.nodes === "number" ? platform.nodes : undefined;
    const filled = {
        zones: placement.zones ?? (zones !== undefined && zones >= 3 ? "required" : "preferred"),
        hosts: placement.hosts ?? (nodes !== undefined && nodes >= largestStatefulSet(kafka, obj(raw.zookeeper)) ? "required" : "preferred"),
        ...placement,
    };
    return { ...raw, kafka: { ...kafka, placement: filled } };
}

/**
 * On a cluster the program did not build, the default provisioner (the EBS CSI driver's) exists
 * only if someone installed it: on kind or minikube every volume would stay Pending. A warning
 * at preview and in the render, like the node sizes: the config cannot see the cluster.
 */
export function unnamedProvisionerProblems(raw: Readonly<Raw>, namespace: string, ebsProvisioner: string): ConfigProblem[] {
    if (obj(raw.platform)?.mode !== "existing") return [];
    const storage = raw.storage === undefined ? {} : obj(raw.storage);
    if (!storage || storage.provisioner !== undefined) return [];
    return [
        {
            key: keyPath(namespace, ["storage", "provisioner"]),
            value: undefined,
            defaultValue: ebsProvisioner,
            message: `is not set, so volumes use the default ${ebsProvisioner}, which an existing cluster has only with the EBS CSI driver installed (on kind or minikube they stay Pending): name the cluster's CSI provisioner (kubectl get storageclass), e.g. rancher.io/local-path on kind, k8s.io/minikube-hostpath on minikube, ${ebsProvisioner} on EKS with the EBS CSI driver`,
        },
    ];
}

/** Cross-section rule: a required spread needs the existing cluster's zones and nodes stated. */
export function existingClusterRules(
    c: { platform: { mode: "eks" } | { mode: "existing"; availabilityZones?: number; nodes?: number }; kafka: { placement: { zones: string; hosts: string } } },
    issue: Issue,
): void {
    if (c.platform.mode !== "existing") return;
    if (c.kafka.placement.zones === "required" && c.platform.availabilityZones === undefined) {
        issue(["kafka", "placement", "zones"], "required needs the cluster's zone count: set platform.availabilityZones (at least 3), or use preferred (the default on an existing cluster whose zones are not stated)");
    }
    if (c.kafka.placement.hosts === "required" && c.platform.nodes === undefined) {
        issue(["kafka", "placement", "hosts"], "required needs the cluster's node count: set platform.nodes, or use preferred (the default on an existing cluster whose nodes are not stated)");
    }
}

/**
 * What the config cannot check on an existing cluster: without platform.nodeAllocatable nothing
 * says how big its nodes are, so a pod larger than every node would only show as Pending after
 * the deploy. Not an error (kind and minikube run on whatever the laptop has); a loud warning at
 * preview and in the render, naming the largest pod, so the size is checked by someone.
 */
export function uncheckedCapacity(c: Parameters<typeof pods>[0] & { platform: { mode: string; nodeAllocatable?: unknown } }, namespace: string): ConfigProblem[] {
    if (c.platform.mode !== "existing" || c.platform.nodeAllocatable !== undefined) return [];
    const all = pods(c);
    const largest = all.reduce((a, b) => (b.resources.memoryMiB > a.resources.memoryMiB ? b : a));
    const memory = all.reduce((s, p) => s + p.count * p.resources.memoryMiB, 0);
    const cpu = all.reduce((s, p) => s + p.count * cpuMillicores(p.resources.cpu), 0);
    return [
        {
            key: keyPath(namespace, ["platform", "nodeAllocatable"]),
            value: undefined,
            message:
                `is not set, so nothing checks that the cluster's nodes can hold the pods: the largest (${largest.what}, ${keyPath("", largest.key)}) requests ` +
                `${largest.resources.memoryMiB} MiB and ${largest.resources.cpu} CPU, all of them ${memory} MiB and ${cpu}m CPU; a pod no node can hold stays Pending. ` +
                "Set platform.nodeAllocatable to what the smallest node offers pods (kubectl get nodes -o custom-columns=NODE:.metadata.name,CPU:.status.allocatable.cpu,MEMORY:.status.allocatable.memory) and preview checks it",
        },
    ];
}
