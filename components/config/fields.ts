/** Field types shared by several config sections. */
import { z } from "zod";

/** A DNS-1123 label: what Kubernetes accepts as a namespace or Service name. */
export const dnsLabel = z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be lower-case letters, digits and '-', starting with a letter")
    .max(63);

export const cidr = z
    .string()
    .regex(/^(\d{1,3})(\.\d{1,3}){3}\/(\d|[12]\d|3[0-2])$/, "must be an IPv4 CIDR such as 10.0.0.0/16");

export const awsArn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/, "must be an AWS ARN");

/** A Kubernetes CPU quantity such as "500m" or "2". */
export const cpuQuantity = z.string().regex(/^\d+(\.\d+)?m?$/, 'must be a CPU quantity such as "500m" or "2"');

export const odd = (n: number): boolean => n % 2 === 1;

/**
 * Pod resources for a JVM workload. Memory request = limit (guaranteed QoS, no eviction under
 * pressure); the heap is set explicitly below it so the rest is off-heap and page cache.
 */
export const jvmResources = (defaults: { cpu: string; memoryMiB: number; heapMiB: number }) =>
    z
        .strictObject({
            cpu: cpuQuantity.default(defaults.cpu).describe("CPU request (no CPU limit: throttling hurts request latency)."),
            memoryMiB: z.int().min(256).default(defaults.memoryMiB).describe("Memory request and limit, MiB."),
            heapMiB: z.int().min(128).default(defaults.heapMiB).describe("JVM heap (-Xms = -Xmx), MiB; at most 75% of memoryMiB."),
        })
        .refine((r) => r.heapMiB <= r.memoryMiB * 0.75, {
            path: ["heapMiB"],
            message: "must be at most 75% of memoryMiB (the rest is off-heap memory and page cache)",
        })
        .prefault({});

/** How a workload's replicas spread; `preferred` is for single-zone or single-node clusters. */
export const placementSchema = z
    .strictObject({
        zones: z.enum(["required", "preferred"]).default("required").describe("Spread over availability zones: `required` (default) or `preferred`."),
        hosts: z.enum(["required", "preferred"]).default("required").describe("Spread over nodes (hostname anti-affinity): `required` (default) or `preferred`."),
    })
    .prefault({});
