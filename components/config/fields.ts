/** Field types shared by several config sections. */
import { z } from "zod";
import { parseCidr } from "./ipv4";

/** A DNS-1123 label: what Kubernetes accepts as a namespace or Service name. */
export const dnsLabel = z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be lower-case letters, digits and '-', starting with a letter")
    .max(63);

/** An IPv4 CIDR block: octets 0-255, prefix 0-32, no host bits. */
export const cidr = z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if ("problem" in parsed) ctx.addIssue({ code: "custom", message: parsed.problem });
});

const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** A Kubernetes label key: optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export const labelKey = z.string().superRefine((key, ctx) => {
    const slash = key.lastIndexOf("/");
    const prefix = slash === -1 ? undefined : key.slice(0, slash);
    const name = key.slice(slash + 1);
    if (prefix !== undefined && (prefix.length > 253 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(prefix))) {
        ctx.addIssue({ code: "custom", message: "must be a label key: the prefix before '/' is a DNS subdomain (lower-case, '.', '-')" });
    } else if (name.length > 63 || !LABEL_VALUE.test(name) || name === "") {
        ctx.addIssue({ code: "custom", message: "must be a label key: at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric" });
    } else if (prefix !== undefined && /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix) && !/^(node|kubelet)\.kubernetes\.io$/.test(prefix)) {
        ctx.addIssue({ code: "custom", message: "uses a prefix Kubernetes reserves: the kubelet refuses node labels under kubernetes.io and k8s.io except node.kubernetes.io/ and kubelet.kubernetes.io/" });
    }
});

/** A Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends (or empty). */
export const labelValue = z.string().max(63).regex(LABEL_VALUE, "must be a label value: letters, digits, '-', '_' or '.', starting and ending alphanumeric");

export const awsArn = z.string().regex(/^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{0,12}:.+$/, "must be an AWS ARN");

/** A Kubernetes CPU quantity such as "500m" or "2". */
export const cpuQuantity = z.string().regex(/^\d+(\.\d+)?m?$/, 'must be a CPU quantity such as "500m" or "2"');

export const odd = (n: number): boolean => n % 2 === 1;

/**
 * Option for a refinement across an object's fields: run it only while `fields` (all of the
 * object's when none are named) have no problem of their own. A value out of range is then
 * reported once, not again as the relation it breaks (validityDays 1 is "at least 2", not also
 * "renewBeforeDays must be below validityDays"). zod runs refinements after range errors.
 */
export function whenValid(...fields: string[]): { when: (payload: z.core.ParsePayload) => boolean } {
    return {
        when: (payload) =>
            payload.issues.every((i) => {
                const field = i.path?.[0];
                if (i.code === "unrecognized_keys") return true;
                // A problem with the object itself (not a mapping, missing) leaves nothing to relate.
                return field !== undefined && fields.length > 0 && !fields.includes(String(field));
            }),
    };
}

/**
 * Pod resources for a JVM workload. Memory request = limit, so the pod is never killed for
 * using memory it requested; no CPU limit, so its QoS class is Burstable, not Guaranteed (under
 * node memory pressure BestEffort pods and pods above their requests are evicted first). The
 * heap is set explicitly below the limit so the rest is off-heap and page cache.
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
            ...whenValid("heapMiB", "memoryMiB"),
        })
        .prefault({});

/** Kubernetes taint effects (core/v1 TaintEffect). */
export const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"] as const;

export const taintSchema = z.strictObject({
    key: labelKey.describe("Taint key, e.g. dedicated."),
    value: labelValue.optional().describe("Taint value, e.g. kafka. Default none."),
    effect: z.enum(TAINT_EFFECTS).describe("NoSchedule, PreferNoSchedule or NoExecute."),
});

export const tolerationSchema = z
    .strictObject({
        key: labelKey.describe("Taint key tolerated."),
        operator: z.enum(["Equal", "Exists"]).default("Equal").describe("`Equal` (the value must match) or `Exists` (any value). Default Equal."),
        value: labelValue.optional().describe("Taint value tolerated (with Equal). Default none."),
        effect: z.enum(TAINT_EFFECTS).optional().describe("Effect tolerated. Default: every effect."),
    })
    .superRefine((t, ctx) => {
        if (t.operator === "Exists" && t.value !== undefined) ctx.addIssue({ code: "custom", path: ["value"], message: "must be absent with operator Exists (Kubernetes rejects a value there)" });
    });

export type Taint = z.output<typeof taintSchema>;
export type Toleration = z.output<typeof tolerationSchema>;

/** How a workload's replicas spread; `preferred` is for single-zone or single-node clusters. */
export const placementSchema = z
    .strictObject({
        zones: z.enum(["required", "preferred"]).default("required").describe("Spread over availability zones: `required` (default) or `preferred`."),
        hosts: z.enum(["required", "preferred"]).default("required").describe("Spread over nodes (hostname anti-affinity): `required` (default) or `preferred`."),
        nodeSelector: z
            .record(labelKey, labelValue)
            .default({})
            .describe("Node labels the broker, controller and ZooKeeper pods require, e.g. a dedicated node group's labels (or `eks.amazonaws.com/nodegroup: <name>`). Default none."),
        tolerations: z.array(tolerationSchema).default([]).describe("Taints those pods tolerate, e.g. a dedicated node group's `dedicated=kafka:NoSchedule`. Default none."),
    })
    .prefault({});
