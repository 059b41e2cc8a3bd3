/**
 * Capacity and scheduling rules: what the config asks for against what the nodes and EBS can
 * give. Each catches a stack that would deploy "successfully" into pods that stay Pending, volumes
 * that never get created, or a broker that cannot cope.
 */
import { GP3, minIopsForThroughput, minSizeForIops } from "./ebs-limits";
import { cpuMillicores, InstanceType, instanceTypes } from "./instance-types";
import { type DataPlanePlacement, dataPlaneGroups } from "./node-placement";
import type { Taint } from "./fields";

type Issue = (path: (string | number)[], message: string) => void;
type Key = (string | number)[];

interface Resources {
    cpu: string;
    memoryMiB: number;
}

interface NodeGroup {
    name: string;
    instanceTypes: string[];
    desiredSize: number;
    maxSize: number;
    capacityType: string;
    labels: Record<string, string>;
    taints: Taint[];
}

export interface CapacityInput {
    platform: { mode: "eks"; nodeGroups: NodeGroup[] } | { mode: "existing"; nodes?: number; nodeAllocatable?: { cpu: string; memoryMiB: number } };
    storage: { provisioner: string; iops: number; throughput: number };
    kafka: {
        mode: "zookeeper" | "kraft";
        brokers: number;
        replicationFactor: number;
        storageGiB: number;
        controllerStorageGiB: number;
        resources: Resources;
        controllerResources: Resources;
        placement: { hosts: "required" | "preferred" } & DataPlanePlacement;
        kraft: { topology: "dedicated" | "combined"; controllers: number };
        config: Readonly<Record<string, unknown>>;
    };
    zookeeper: { replicas: number; dataGiB: number; dataLogGiB: number; resources: Resources };
    topics: ReadonlyArray<{ name: string; partitions: number; replicationFactor?: number }>;
    manager: { enabled: boolean; resources: Resources };
    consumers: ReadonlyArray<{ workload?: { name: string; resources: Resources } }>;
}

/**
 * Partition replicas per broker above which Kafka's own guidance says a broker degrades
 * (KIP-578: "no more than 4000 partitions per broker"): open files, memory, and minutes of
 * leader elections and log recovery after a failure.
 */
export const MAX_PARTITION_REPLICAS_PER_BROKER = 4000;
/** offsets.topic.num.partitions default (GroupCoordinatorConfig, 3.9.2 and 4.3.1). */
const CONSUMER_OFFSETS_PARTITIONS = 50;

export interface Pod {
    what: string;
    count: number;
    resources: Resources;
    key: Key;
}

/** The long-running pods a stack starts (KEDA's own aside), with the config key of their resources. */
export function pods(c: Omit<CapacityInput, "platform" | "storage" | "topics">): Pod[] {
    const out: Pod[] = [{ what: "broker", count: c.kafka.brokers, resources: c.kafka.resources, key: ["kafka", "resources"] }];
    if (c.kafka.mode === "kraft" && c.kafka.kraft.topology === "dedicated") {
        out.push({ what: "KRaft controller", count: c.kafka.kraft.controllers, resources: c.kafka.controllerResources, key: ["kafka", "controllerResources"] });
    }
    if (c.kafka.mode === "zookeeper") out.push({ what: "ZooKeeper server", count: c.zookeeper.replicas, resources: c.zookeeper.resources, key: ["zookeeper", "resources"] });
    if (c.manager.enabled) out.push({ what: "Kafka UI", count: 1, resources: c.manager.resources, key: ["manager", "resources"] });
    c.consumers.forEach((g, i) => {
        if (g.workload) out.push({ what: `consumer ${g.workload.name}`, count: 1, resources: g.workload.resources, key: ["consumers", i, "workload", "resources"] });
    });
    return out;
}

/** The node a group may start for sure: the smallest of its instance types, or undefined when one is not in the table. */
function smallestNode(group: NodeGroup): InstanceType | undefined {
    const known = group.instanceTypes.map((t) => instanceTypes().get(t));
    if (known.some((t) => t === undefined)) return undefined;
    return (known as InstanceType[]).reduce((a, b) => (b.allocatableMemoryMiB < a.allocatableMemoryMiB || b.allocatableCpuMilli < a.allocatableCpuMilli ? b : a));
}

function gib(mib: number): string {
    return `${(mib / 1024).toFixed(1)} GiB`;
}

/**
 * Nodes the cluster can ever have: the node groups' maxSize (desiredSize is only the size at
 * creation; the groups may be scaled since), or platform.nodes on an existing cluster.
 */
function hostsRule(c: CapacityInput, issue: Issue): void {
    if (c.kafka.placement.hosts !== "required") return;
    // Only the groups the data plane may use (kafka.placement nodeSelector and tolerations).
    const groups = c.platform.mode === "eks" ? dataPlaneGroups(c.platform.nodeGroups, c.kafka.placement) : undefined;
    const nodes = groups ? groups.reduce((n, g) => n + g.maxSize, 0) : c.platform.mode === "existing" ? c.platform.nodes : undefined;
    // No group at all: nodePlacementRules names the placement that excludes them.
    if (nodes === undefined || groups?.length === 0) return;
    const sets: [Key, string, number][] = [[["kafka", "brokers"], "brokers", c.kafka.brokers]];
    if (c.kafka.mode === "zookeeper") sets.push([["zookeeper", "replicas"], "ZooKeeper servers", c.zookeeper.replicas]);
    else if (c.kafka.kraft.topology === "dedicated") sets.push([["kafka", "kraft", "controllers"], "KRaft controllers", c.kafka.kraft.controllers]);
    // One line for one cause: the largest set carries the message, naming every set that does not fit.
    const over = sets.filter(([, , replicas]) => replicas > nodes).sort((a, b) => b[2] - a[2]);
    if (over.length === 0) return;
    const what = over.map(([, w, r]) => `${r} ${w}`).join(" and ");
    const dedicated = groups !== undefined && c.platform.mode === "eks" && groups.length < c.platform.nodeGroups.length;
    const why = groups
        ? `the node groups ${dedicated ? `they may run on (kafka.placement: ${groups.map((g) => g.name).join(", ")}) ` : ""}have at most ${nodes} (platform.nodeGroups[].maxSize)`
        : `platform.nodes says the cluster has ${nodes}`;
    const fix = groups ? "raise platform.nodeGroups[].maxSize" : "add nodes";
    issue(over[0][0], `${what} need ${over[0][2]} nodes under the required host spread (kafka.placement.hosts), but ${why}; ${fix}, lower the count, or set kafka.placement.hosts preferred`);
}

/** Nodes of one shape: what each offers pods, and how many there can be (undefined: unknown). */
interface NodeShape {
    name: string;
    allocatableCpuMilli: number;
    allocatableMemoryMiB: number;
    count: number | undefined;
}

/** How the fit messages name the nodes and their fix, per platform mode. */
interface NodeWording {
    /** "the largest node type (m6i.large) offers" / "platform.nodeAllocatable says a node offers". */
    offers(node: NodeShape): string;
    larger: string;
    /** The key of the all-together problem, and its node list and fix. */
    totalKey: Key;
    total(nodes: NodeShape[]): { sizes: string; fix: string };
}

const EKS_WORDING: NodeWording = {
    offers: (n) => `the largest node type (${n.name}) offers`,
    larger: "choose larger platform.nodeGroups[].instanceTypes",
    totalKey: ["platform", "nodeGroups", 0, "maxSize"],
    total: (nodes) => ({ sizes: `even at maxSize the nodes (${nodes.map((n) => `${n.count} × ${n.name}`).join(" + ")})`, fix: "add nodes or larger instance types" }),
};

const EXISTING_WORDING: NodeWording = {
    offers: () => "platform.nodeAllocatable says a node offers",
    larger: "use larger nodes (and raise platform.nodeAllocatable)",
    totalKey: ["platform", "nodes"],
    total: ([n]) => ({ sizes: `the cluster's ${n.count} node${n.count === 1 ? "" : "s"} (platform.nodes) of platform.nodeAllocatable`, fix: "add nodes or larger ones (and update platform.nodes or platform.nodeAllocatable)" }),
};

/** `shapes[i]` undefined: a node type not in the table (it is not checked, nor the total). */
function fitRule(c: CapacityInput, shapes: (NodeShape | undefined)[], wording: NodeWording, issue: Issue): void {
    const known = shapes.filter((n): n is NodeShape => n !== undefined);
    if (known.length === 0) return;
    // A pod without node selectors may land on any group: it needs one node type that holds it.
    const largestMemory = known.reduce((a, b) => (b.allocatableMemoryMiB > a.allocatableMemoryMiB ? b : a));
    const largestCpu = known.reduce((a, b) => (b.allocatableCpuMilli > a.allocatableCpuMilli ? b : a));
    const all = pods(c);
    for (const p of all) {
        const cpu = cpuMillicores(p.resources.cpu);
        const fits = known.some((n) => n.allocatableMemoryMiB >= p.resources.memoryMiB && n.allocatableCpuMilli >= cpu);
        if (fits) continue;
        if (p.resources.memoryMiB > largestMemory.allocatableMemoryMiB) {
            issue([...p.key, "memoryMiB"], `no node can hold a ${p.what} pod: ${wording.offers(largestMemory)} pods ${largestMemory.allocatableMemoryMiB} MiB; ${wording.larger} or less memory`);
        } else if (cpu > largestCpu.allocatableCpuMilli) {
            issue([...p.key, "cpu"], `no node can hold a ${p.what} pod: ${wording.offers(largestCpu)} pods ${largestCpu.allocatableCpuMilli}m CPU; ${wording.larger} or request less CPU`);
        } else {
            issue([...p.key, "memoryMiB"], `no node type offers ${p.resources.memoryMiB} MiB and ${cpu}m CPU together; ${wording.larger}`);
        }
        return;
    }
    if (shapes.some((n) => n === undefined || n.count === undefined)) return;
    const memory = all.reduce((s, p) => s + p.count * p.resources.memoryMiB, 0);
    const cpu = all.reduce((s, p) => s + p.count * cpuMillicores(p.resources.cpu), 0);
    // Against the most nodes there can ever be: less than that would never hold the pods.
    const offeredMemory = known.reduce((s, n) => s + n.count! * n.allocatableMemoryMiB, 0);
    const offeredCpu = known.reduce((s, n) => s + n.count! * n.allocatableCpuMilli, 0);
    const { sizes, fix } = wording.total(known);
    if (memory > offeredMemory) {
        issue(wording.totalKey, `the stack's pods request ${gib(memory)} of memory but ${sizes} offer pods ${gib(offeredMemory)}; ${fix}`);
    } else if (cpu > offeredCpu) {
        issue(wording.totalKey, `the stack's pods request ${cpu}m CPU but ${sizes} offer pods ${offeredCpu}m; ${fix}`);
    }
}

function volumes(c: CapacityInput): [Key, number][] {
    const out: [Key, number][] = [[["kafka", "storageGiB"], c.kafka.storageGiB]];
    if (c.kafka.mode === "kraft" && c.kafka.kraft.topology === "dedicated") out.push([["kafka", "controllerStorageGiB"], c.kafka.controllerStorageGiB]);
    if (c.kafka.mode === "zookeeper") out.push([["zookeeper", "dataGiB"], c.zookeeper.dataGiB], [["zookeeper", "dataLogGiB"], c.zookeeper.dataLogGiB]);
    return out;
}

function ebsRule(c: CapacityInput, ebsProvisioner: string, issue: Issue): void {
    if (c.storage.provisioner !== ebsProvisioner) return;
    const vols = volumes(c);
    for (const [key, size] of vols) {
        if (size > GP3.maxSizeGiB) issue(key, `must be at most ${GP3.maxSizeGiB} GiB (64 TiB, the largest gp3 volume)`);
    }
    const minSize = minSizeForIops(c.storage.iops);
    const small = vols.filter(([, size]) => size < minSize);
    if (small.length > 0) {
        const list = small.map(([key, size]) => `${key.join(".")} (${size})`).join(", ");
        issue(["storage", "iops"], `gp3 allows at most ${GP3.maxIopsPerGiB} IOPS per GiB, so every volume on ebs-default needs at least ${minSize} GiB; ${list} ${small.length === 1 ? "is" : "are"} smaller (the EBS CSI driver lowers their IOPS, and fails volumes under 6 GiB)`);
    }
    const neededIops = minIopsForThroughput(c.storage.throughput);
    if (c.storage.iops < neededIops) {
        issue(["storage", "throughput"], `gp3 allows ${GP3.maxThroughputPerIops} MiB/s per provisioned IOPS: ${c.storage.iops} IOPS allow at most ${Math.floor(c.storage.iops * GP3.maxThroughputPerIops)} MiB/s; raise storage.iops to ${neededIops} or lower the throughput`);
    }
}

function partitionRule(c: CapacityInput, issue: Issue): void {
    const offsets = Number(c.kafka.config["offsets.topic.num.partitions"] ?? CONSUMER_OFFSETS_PARTITIONS);
    const declared = c.topics.reduce((s, t) => s + t.partitions * (t.replicationFactor ?? c.kafka.replicationFactor), 0);
    const replicas = declared + offsets * c.kafka.replicationFactor;
    const perBroker = Math.ceil(replicas / c.kafka.brokers);
    if (perBroker <= MAX_PARTITION_REPLICAS_PER_BROKER || c.topics.length === 0) return;
    const biggest = c.topics.reduce((best, t, i) => (t.partitions > c.topics[best].partitions ? i : best), 0);
    issue(
        ["topics", biggest, "partitions"],
        `the topics put ${perBroker} partition replicas on each of the ${c.kafka.brokers} brokers (${replicas} in all, with __consumer_offsets); Kafka's guidance is at most ${MAX_PARTITION_REPLICAS_PER_BROKER} per broker (KIP-578): use fewer partitions or more brokers`,
    );
}

/** Cross-section rule: nodes, EBS limits and partition density against what the config asks for. */
export function capacityRules(c: CapacityInput, ebsProvisioner: string, issue: Issue): void {
    hostsRule(c, issue);
    if (c.platform.mode === "eks") {
        const shapes = c.platform.nodeGroups.map((g) => {
            const t = smallestNode(g);
            return t && { name: t.name, allocatableCpuMilli: t.allocatableCpuMilli, allocatableMemoryMiB: t.allocatableMemoryMiB, count: g.maxSize };
        });
        fitRule(c, shapes, EKS_WORDING, issue);
    } else if (c.platform.nodeAllocatable) {
        const { cpu, memoryMiB } = c.platform.nodeAllocatable;
        fitRule(c, [{ name: "platform.nodeAllocatable", allocatableCpuMilli: cpuMillicores(cpu), allocatableMemoryMiB: memoryMiB, count: c.platform.nodes }], EXISTING_WORDING, issue);
    }
    ebsRule(c, ebsProvisioner, issue);
    partitionRule(c, issue);
}
