/**
 * What a node of an EC2 instance type offers pods, for the capacity rules. Upstream data
 * (upstream/aws/ec2-instance-types.txt, provenance in upstream/README.md) read at run time and
 * shipped with the package; types not in the table are not capacity-checked.
 */
import * as fs from "fs";
import * as path from "path";

export const INSTANCE_TYPES_FILE = path.join(__dirname, "..", "..", "upstream", "aws", "ec2-instance-types.txt");

export interface InstanceType {
    name: string;
    vcpu: number;
    memoryMiB: number;
    /** CPU millicores left for pods after OS, kubelet and eviction reservations. */
    allocatableCpuMilli: number;
    /** Memory MiB left for pods after OS, kubelet and eviction reservations. */
    allocatableMemoryMiB: number;
    maxPods: number;
}

let table: ReadonlyMap<string, InstanceType> | undefined;

export function instanceTypes(): ReadonlyMap<string, InstanceType> {
    if (!table) {
        const rows = fs
            .readFileSync(INSTANCE_TYPES_FILE, "utf8")
            .split("\n")
            .filter((l) => l.trim() !== "" && !l.startsWith("#"))
            .map((l) => {
                const [name, vcpu, memoryMiB, cpu, memory, pods] = l.split("\t");
                return { name, vcpu: Number(vcpu), memoryMiB: Number(memoryMiB), allocatableCpuMilli: Number(cpu), allocatableMemoryMiB: Number(memory), maxPods: Number(pods) };
            });
        table = new Map(rows.map((r) => [r.name, r]));
    }
    return table;
}

/** Millicores of a Kubernetes CPU quantity ("500m", "2", "1.5"). */
export function cpuMillicores(quantity: string): number {
    return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Math.round(Number(quantity) * 1000);
}
