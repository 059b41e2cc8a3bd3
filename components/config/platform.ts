/** Config sections `platform` (where Kubernetes comes from) and `storage` (the ebs-default class). */
import { z } from "zod";
import { keyPath } from "./errors";
import { planSubnets } from "../platform/subnet-plan";
import { GP3 } from "./ebs-limits";
import { instanceTypes } from "./instance-types";
import { didYouMean } from "./suggest";
import { cidr, cpuQuantity, dnsLabel, labelKey, labelValue, taintSchema, whenValid } from "./fields";
import { cidrOverlaps, parseCidr } from "./ipv4";
import { eksSupportsKubernetes, eksVersionRange } from "./kubernetes-versions";

/** The VPC sizes AWS allows (CreateVpc: a block between /16 and /28). */
export const VPC_PREFIX = { largest: 16, smallest: 28 } as const;

/** Zones the subnet plan has room for (platform.availabilityZones' maximum). */
const MAX_ZONES = 6;

/**
 * The smallest VPC the subnet plan can split for every zone count the schema allows: asked of the
 * plan itself (it cuts the VPC into eighths and one eighth again into eighths, and no subnet may
 * be smaller than AWS's /28), so this follows the plan if it changes.
 */
export const SMALLEST_PLANNED_VPC_PREFIX = (() => {
    let prefix: number = VPC_PREFIX.largest;
    for (let p = VPC_PREFIX.largest; p <= VPC_PREFIX.smallest; p++) {
        try {
            planSubnets(`10.0.0.0/${p}`, MAX_ZONES);
            prefix = p;
        } catch {
            break;
        }
    }
    return prefix;
})();

/** How much longer than the VPC's prefix the plan's smallest (public) subnets are. */
const PUBLIC_SUBNET_BITS = VPC_PREFIX.smallest - SMALLEST_PLANNED_VPC_PREFIX;

/** Address blocks no Internet client comes from (RFC 1918, RFC 6598 shared, loopback, link-local). */
const NON_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16"];

/** A CIDR the EKS public endpoint can see traffic from. */
const publicCidr = cidr.superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if ("problem" in parsed) return;
    const hit = NON_PUBLIC.find((b) => cidrOverlaps(parseCidr(b) as { network: number; prefix: number }, parsed));
    if (hit && parsed.prefix > 0) ctx.addIssue({ code: "custom", message: `overlaps ${hit}, which is not routed on the Internet: the public endpoint sees your public egress (NAT) addresses; VPC traffic uses the private endpoint` });
});

const vpcCidr = cidr.superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if ("problem" in parsed) return;
    if (parsed.prefix < VPC_PREFIX.largest) {
        ctx.addIssue({ code: "custom", message: `must be no larger than a /${VPC_PREFIX.largest} (AWS allows VPCs from /${VPC_PREFIX.largest} to /${VPC_PREFIX.smallest}); use a /${VPC_PREFIX.largest} to /${SMALLEST_PLANNED_VPC_PREFIX} block` });
    } else if (parsed.prefix > SMALLEST_PLANNED_VPC_PREFIX) {
        // AWS would take up to /28; the stricter limit is this project's subnet plan, so say that one.
        ctx.addIssue({
            code: "custom",
            message: `must be /${SMALLEST_PLANNED_VPC_PREFIX} or larger (/${VPC_PREFIX.largest} to /${SMALLEST_PLANNED_VPC_PREFIX})${parsed.prefix <= VPC_PREFIX.smallest ? `, though AWS allows VPCs down to /${VPC_PREFIX.smallest}` : ""}: the subnet plan gives each zone (up to ${MAX_ZONES}) a private subnet of 1/8 of the VPC and a public subnet of 1/${2 ** PUBLIC_SUBNET_BITS}, and AWS's smallest subnet is /${VPC_PREFIX.smallest} (a /${SMALLEST_PLANNED_VPC_PREFIX} VPC's public subnets); use a /${SMALLEST_PLANNED_VPC_PREFIX} or larger block, or platform.existingVpc`,
        });
    }
});

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** CIDRs that open the public API endpoint to the whole internet. */
const OPEN_CIDRS: readonly string[] = ["0.0.0.0/0"];

/** What EKS access entries name: an IAM role or user, never an STS session (assumed-role) ARN. */
const iamPrincipalArn = z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/, "must be an IAM role or user ARN such as arn:aws:iam::123456789012:role/deploy (not an arn:aws:sts::…:assumed-role/… session)");

export const namespaceAccessSchema = z.strictObject({
    principalArn: iamPrincipalArn.describe("IAM role or user given access to the namespaces."),
    namespaces: z.array(dnsLabel).min(1, "must list at least one namespace").describe("Namespaces the principal may work in (nothing cluster-wide)."),
    policy: z
        .enum(["edit", "admin"])
        .default("edit")
        .describe("`edit` (AmazonEKSEditPolicy: workloads, Services, ConfigMaps, Secrets) or `admin` (AmazonEKSAdminPolicy: also Roles and RoleBindings in those namespaces). Default edit."),
});

/**
 * `<family>.<size>`; EC2 sizes are a closed set, so a misspelt size (t3.xlarg) is caught even
 * for a type the capacity table (instance-types.ts) does not hold.
 */
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.(nano|micro|small|medium|large|xlarge|[1-9]\d*xlarge|metal(-[1-9]\d*xl)?)$/;
/**
 * Why the node groups cannot run `type`, or undefined. They boot the x86_64 EKS AMI
 * (components/platform/eks-cluster.ts: amiType AL2023_x86_64_STANDARD). In an EC2 type name the
 * letters after the generation number are its capabilities, and `g` is AWS Graviton, an Arm CPU
 * (m6g, m7gd, c6gn, t4g, im4gn, is4gen; `a1` is the first Graviton); `mac` types are Mac
 * hardware on dedicated hosts only.
 */
function architectureProblem(type: string): string | undefined {
    const family = type.slice(0, type.indexOf("."));
    if (family.startsWith("mac")) return "is a Mac type (macOS on dedicated hosts): EKS nodes cannot use it; choose an x86_64 type such as m6i.large";
    const capabilities = /^[a-z]+(?:-[a-z0-9]+)?\d+([a-z-]*)$/.exec(family)?.[1];
    // -gb200 and the like: NVIDIA Grace (an Arm CPU) with Blackwell GPUs, e.g. p6e-gb200.
    if (family === "a1" || capabilities?.startsWith("g") || /-g[a-z]\d+$/.test(family)) {
        return "is an Arm (AWS Graviton) type: the node groups boot the x86_64 EKS AMI (AL2023_x86_64_STANDARD), which an Arm instance cannot run; choose an x86_64 type such as m6i.large (or m6a, c6i, r6i)";
    }
    return undefined;
}

const instanceType = z.string().superRefine((t, ctx) => {
    if (!INSTANCE_TYPE.test(t)) {
        ctx.addIssue({ code: "custom", message: `must be an EC2 instance type such as "m6i.large" (sizes: medium, large, xlarge, 2xlarge, ..., metal)${didYouMean(t, instanceTypes().keys())}` });
        return;
    }
    const architecture = architectureProblem(t);
    if (architecture) ctx.addIssue({ code: "custom", message: architecture });
});

export const nodeGroupSchema = z
    .strictObject({
        name: dnsLabel.describe("Node group name, unique in the cluster."),
        instanceTypes: z
            .array(instanceType)
            .min(1)
            .default(["m6i.large"]).describe("EC2 instance types, in order of preference. Default `[\"m6i.large\"]`."),
        minSize: z.int().min(0).default(3).describe("Fewest nodes. Default 3 (one per zone)."),
        desiredSize: z.int().min(0).default(3).describe("Nodes at creation; later left to the autoscaler if one runs. Default 3."),
        maxSize: z.int().min(1).default(6).describe("Most nodes. Default 6."),
        diskSizeGiB: z.int().min(20).max(GP3.maxSizeGiB).default(50).describe("Encrypted gp3 root volume size, GiB. Default 50."),
        capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND").describe("ON_DEMAND or SPOT. Default ON_DEMAND (brokers do not like being reclaimed)."),
        labels: z.record(labelKey, labelValue).default({}).describe("Extra Kubernetes node labels. Default none."),
        taints: z
            .array(taintSchema)
            .max(50, "must have at most 50 taints (EKS's limit per node group)")
            .default([])
            .describe("Taints on the group's nodes, e.g. `{key: dedicated, value: kafka, effect: NoSchedule}` for a group only the data plane (kafka.placement.tolerations) uses. Default none."),
    })
    .superRefine((g, ctx) => {
        if (g.minSize > g.desiredSize || g.desiredSize > g.maxSize) {
            ctx.addIssue({ code: "custom", path: ["desiredSize"], message: `must satisfy minSize (${g.minSize}) <= desiredSize <= maxSize (${g.maxSize})` });
        }
    }, whenValid("minSize", "desiredSize", "maxSize"));

/** A Secrets Manager secret ECR may read for a pull-through cache rule: its name must start with ecr-pullthroughcache/. */
const cacheCredentialArn = (registry: string) =>
    z
        .string()
        .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:ecr-pullthroughcache\/.+$/, "must be a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache/ (what ECR accepts for a pull-through cache rule)")
        .describe(`Secrets Manager secret (username, accessToken) ECR uses to pull from ${registry}; its name must start with ecr-pullthroughcache/. Required.`);

export const imageCacheSchema = z.strictObject({
    dockerHubCredentialArn: cacheCredentialArn("Docker Hub"),
    githubCredentialArn: cacheCredentialArn("GitHub Container Registry"),
});

export const existingVpcSchema = z.strictObject({
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "must be a VPC ID such as vpc-0abc123").describe("ID of the VPC to use instead of creating one."),
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet ID")).min(3, "must list at least 3 subnets, one per availability zone").describe("Private subnets for nodes, one per zone (at least 3)."),
    publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet ID")).default([]).describe("Public subnets for internet-facing load balancers."),
});

export const eksPlatformSchema = z
    .strictObject({
        mode: z.literal("eks").describe("`eks`: create VPC, EKS cluster, node groups and addons."),
        kubernetesVersion: z
            .string()
            .regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version such as "1.34"')
            .refine(eksSupportsKubernetes, { error: (i) => `must be a Kubernetes version EKS offers (${eksVersionRange()}); ${String(i.input)} is not` })
            .describe(`Kubernetes minor version, pinned per stack (e.g. "1.34"); one EKS offers (${eksVersionRange()}). Required.`),
        availabilityZones: z.int().min(3, "must be at least 3 (Kafka and ZooKeeper spread one replica per zone)").max(MAX_ZONES).default(3).describe("Availability zones to spread subnets and nodes over. Default 3 (minimum 3)."),
        vpc: z
            .strictObject({
                cidr: vpcCidr.default("10.0.0.0/16").describe(`VPC CIDR, /16 to /${SMALLEST_PLANNED_VPC_PREFIX}: each zone gets a private subnet of 1/8 of it and a public one of 1/64, none smaller than AWS's /28. Default 10.0.0.0/16.`),
                natGateways: z.enum(["single", "perZone"]).default("single").describe("`single` NAT gateway (cheap, dev) or one `perZone` (survives a zone loss, prod). Default single."),
                endpoints: z
                    .boolean()
                    .default(false)
                    .describe("Interface endpoints for STS, ECR (api, dkr) and EC2 and a gateway endpoint for S3, so IRSA token exchange and image pulls do not depend on NAT. Default false (about 4 endpoints × zones × hourly price); prod sets true."),
            })
            .prefault({}).describe("The VPC to create (ignored with existingVpc)."),
        existingVpc: existingVpcSchema.optional().describe("Use an existing VPC and subnets instead of creating them. Default: create."),
        endpoint: z
            .strictObject({
                publicAccess: z.boolean().default(false).describe("Expose the API server publicly (the private endpoint is always on). Default false: reachable only from inside the VPC."),
                publicAccessCidrs: z.array(publicCidr).default([]).describe("Public CIDRs allowed to reach the public endpoint (office, VPN, CI runners); required when publicAccess is true, never 0.0.0.0/0. Must include the egress addresses of whatever runs `pulumi up`."),
            })
            .prefault({}),
        deployerPrincipalArn: iamPrincipalArn.describe(
            "IAM role (or user) that runs `pulumi up`. Gets cluster-admin through its own access entry (the cluster creator gets no implicit admin: bootstrapClusterCreatorAdminPermissions is false, fixed when the cluster is created) and administers the stack's KMS keys. Required.",
        ),
        adminPrincipalArns: z.array(iamPrincipalArn).default([]).describe("IAM principals (roles/users) given cluster-admin through EKS access entries; also KMS key administrators. Default none."),
        namespaceAccess: z.array(namespaceAccessSchema).default([]).describe("IAM principals given access to some namespaces only (EKS access policies with a namespace scope). Default none."),
        logTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).min(1).default([...CONTROL_PLANE_LOG_TYPES]).describe("Control-plane log types sent to CloudWatch. Default all five."),
        logRetentionDays: z
            .int()
            .min(1)
            .max(3653)
            .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), `must be a retention CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`)
            .default(365)
            .describe("Days the control-plane and VPC flow logs are kept (KMS-encrypted log groups); one of the periods CloudWatch Logs offers (… 90, 180, 365, 731 …). Default 365 (what Security Hub CloudWatch.16 asks)."),
        nodeGroups: z.array(nodeGroupSchema).min(1, "must declare at least one node group").describe("Managed node groups (at least one)."),
        imageCache: imageCacheSchema
            .optional()
            .describe("ECR pull-through cache: rules for Docker Hub, GitHub Container Registry, Quay and registry.k8s.io, and every image the program runs pulled through the account's private registry (`<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/…`). Default: off (images from their upstream registries)."),
        protect: z.boolean().default(false).describe("`protect` the cluster, KMS key and data-bearing resources against `pulumi destroy`. Default false."),
    })
    .superRefine((p, ctx) => {
        if (p.endpoint.publicAccess && p.endpoint.publicAccessCidrs.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["endpoint", "publicAccessCidrs"],
                message: "must list the CIDRs allowed to reach the public endpoint when publicAccess is true (your office, VPN and CI egress ranges), or set platform.endpoint.publicAccess false to reach the API only from inside the VPC",
            });
        }
        p.endpoint.publicAccessCidrs.forEach((c, i) => {
            if (p.endpoint.publicAccess && OPEN_CIDRS.includes(c)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["endpoint", "publicAccessCidrs", i],
                    message: "must not open the API server to the whole internet: list your office, VPN and CI egress ranges instead, or set platform.endpoint.publicAccess false",
                });
            }
        });
        // EKS keeps one access entry per principal: a second one for the same ARN fails at deploy time.
        const principals = new Map<string, string>([[p.deployerPrincipalArn, "deployerPrincipalArn"]]);
        const claim = (arn: string, path: (string | number)[]) => {
            const first = principals.get(arn);
            if (first !== undefined) ctx.addIssue({ code: "custom", path, message: `must not repeat platform.${first}: EKS allows one access entry per principal` });
            else principals.set(arn, keyPath("", path));
        };
        p.adminPrincipalArns.forEach((arn, i) => claim(arn, ["adminPrincipalArns", i]));
        p.namespaceAccess.forEach((a, i) => claim(a.principalArn, ["namespaceAccess", i, "principalArn"]));
        const seen = new Set<string>();
        p.nodeGroups.forEach((g, i) => {
            if (seen.has(g.name)) ctx.addIssue({ code: "custom", path: ["nodeGroups", i, "name"], message: "must be unique" });
            seen.add(g.name);
        });
    });

export const existingPlatformSchema = z.strictObject({
    mode: z.literal("existing").describe("`existing`: deploy into a cluster you already have (EKS, kind, minikube)."),
    kubeconfig: z
        .string()
        .min(1)
        // Pulumi runs the compiled program in bin/: a relative path would name a file there, not beside the stack file.
        .refine((k) => k.includes("\n") || /^(\/|~|[A-Za-z]:[\\/])/.test(k), {
            message: "must be an absolute or ~ path (e.g. ~/.kube/config): the program runs in bin/, so a relative path would be read from there",
        })
        .optional()
        .describe("Path to the kubeconfig file (absolute or ~). Default: the provider's ($KUBECONFIG, then ~/.kube/config)."),
    context: z.string().min(1).optional().describe("kubeconfig context. Default: the file's current context."),
    availabilityZones: z.int().min(1).max(6).optional().describe("Zones the cluster's nodes span; enables the zone-loss checks, and kafka.placement.zones defaults to required when at least 3. Default: unknown (zones preferred)."),
    nodes: z.int().min(1).optional().describe("Schedulable nodes the cluster has; enables the node checks, and kafka.placement.hosts defaults to required when every StatefulSet fits one pod per node. Default: unknown (hosts preferred)."),
    nodeAllocatable: z
        .strictObject({
            cpu: cpuQuantity.describe('CPU the smallest schedulable node offers pods (its allocatable cpu, e.g. "3920m").'),
            memoryMiB: z.int().min(1).describe("Memory the smallest schedulable node offers pods, MiB (its allocatable memory; kubectl shows Ki: divide by 1024)."),
        })
        .optional()
        .describe(
            "What the smallest schedulable node offers pods (`kubectl get nodes -o custom-columns=NODE:.metadata.name,CPU:.status.allocatable.cpu,MEMORY:.status.allocatable.memory`); enables the pod-size checks: every pod must fit one such node, and with platform.nodes all pods must fit that many. Default: unknown (nothing is checked; preview and the render warn).",
        ),
    protect: z.boolean().default(false).describe("`protect` the namespace and data-bearing resources against `pulumi destroy`. Default false."),
});

export const platformSchema = z.discriminatedUnion("mode", [eksPlatformSchema, existingPlatformSchema]);

export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";

export const storageSchema = z
    .strictObject({
        provisioner: z.string().min(1).default(EBS_CSI_PROVISIONER).describe("CSI provisioner. Must be ebs.csi.aws.com with platform.mode eks; e.g. rancher.io/local-path on kind."),
        iops: z.int().min(GP3.baselineIops).max(GP3.maxIops).default(GP3.baselineIops).describe(`gp3 IOPS (${GP3.baselineIops}-${GP3.maxIops}; at most ${GP3.maxIopsPerGiB} per GiB of the smallest volume). Default ${GP3.baselineIops} (the gp3 baseline, no extra cost).`),
        throughput: z.int().min(GP3.baselineThroughputMiBps).max(GP3.maxThroughputMiBps).default(GP3.baselineThroughputMiBps).describe(`gp3 throughput, MiB/s (${GP3.baselineThroughputMiBps}-${GP3.maxThroughputMiBps}; at most ${GP3.maxThroughputPerIops} per IOPS). Default ${GP3.baselineThroughputMiBps} (the baseline).`),
        kmsKeyArn: z
            .string()
            .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias: the EBS CSI role's KMS permissions are scoped to the key")
            .optional()
            .describe("Customer-managed KMS key for volume encryption; the EBS CSI role gets the grant and use permissions on it (its key policy must allow IAM policies or name that role). Default: the account's aws/ebs key."),
        reclaimPolicy: z.enum(["Retain", "Delete"]).default("Delete").describe("What happens to a volume when its PVC is deleted. Default Delete; prod sets Retain."),
        isDefaultClass: z.boolean().default(false).describe("Mark ebs-default as the cluster's default StorageClass. Default false."),
    })
    .prefault({});

export type PlatformConfig = z.output<typeof platformSchema>;
export type EksPlatformConfig = z.output<typeof eksPlatformSchema>;
export type ExistingPlatformConfig = z.output<typeof existingPlatformSchema>;
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;
export type ImageCacheConfig = z.output<typeof imageCacheSchema>;
export type StorageConfig = z.output<typeof storageSchema>;
