/** Config sections `platform` (where Kubernetes comes from) and `storage` (the ebs-default class). */
import { z } from "zod";
import { awsArn, cidr, dnsLabel } from "./fields";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export const nodeGroupSchema = z
    .strictObject({
        /** Node group name, unique in the cluster. */
        name: dnsLabel,
        /** EC2 instance types, in order of preference. Default `["m6i.large"]`. */
        instanceTypes: z
            .array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, 'must be an EC2 instance type such as "m6i.large"'))
            .min(1)
            .default(["m6i.large"]),
        /** Fewest nodes. Default 3 (one per zone). */
        minSize: z.int().min(0).default(3),
        /** Nodes at creation; later left to the autoscaler if one runs. Default 3. */
        desiredSize: z.int().min(0).default(3),
        /** Most nodes. Default 6. */
        maxSize: z.int().min(1).default(6),
        /** Encrypted gp3 root volume size, GiB. Default 50. */
        diskSizeGiB: z.int().min(20).max(16384).default(50),
        /** ON_DEMAND or SPOT. Default ON_DEMAND (brokers do not like being reclaimed). */
        capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
        /** Extra Kubernetes node labels. Default none. */
        labels: z.record(z.string(), z.string()).default({}),
    })
    .superRefine((g, ctx) => {
        if (g.minSize > g.desiredSize || g.desiredSize > g.maxSize) {
            ctx.addIssue({ code: "custom", path: ["desiredSize"], message: `must satisfy minSize (${g.minSize}) <= desiredSize <= maxSize (${g.maxSize})` });
        }
    });

export const existingVpcSchema = z.strictObject({
    /** ID of the VPC to use instead of creating one. */
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "must be a VPC ID such as vpc-0abc123"),
    /** Private subnets for nodes, one per zone (at least 3). */
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet ID")).min(3, "must list at least 3 subnets, one per availability zone"),
    /** Public subnets for internet-facing load balancers. */
    publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet ID")).default([]),
});

export const eksPlatformSchema = z
    .strictObject({
        /** `eks`: create VPC, EKS cluster, node groups and addons. */
        mode: z.literal("eks"),
        /** Kubernetes minor version, pinned per stack (e.g. "1.33"). Required. */
        kubernetesVersion: z.string().regex(/^1\.\d{2}$/, 'must be a Kubernetes minor version such as "1.33"'),
        /** Availability zones to spread subnets and nodes over. Default 3 (minimum 3). */
        availabilityZones: z.int().min(3, "must be at least 3 (Kafka and ZooKeeper spread one replica per zone)").max(6).default(3),
        /** The VPC to create (ignored with existingVpc). */
        vpc: z
            .strictObject({
                /** VPC CIDR; split into one public and one private subnet per zone. Default 10.0.0.0/16. */
                cidr: cidr.default("10.0.0.0/16"),
                /** `single` NAT gateway (cheap, dev) or one `perZone` (survives a zone loss, prod). Default single. */
                natGateways: z.enum(["single", "perZone"]).default("single"),
            })
            .prefault({}),
        /** Use an existing VPC and subnets instead of creating them. Default: create. */
        existingVpc: existingVpcSchema.optional(),
        endpoint: z
            .strictObject({
                /** Expose the API server publicly (the private endpoint is always on). Default true. */
                publicAccess: z.boolean().default(true),
                /** CIDRs allowed to reach the public endpoint; required when publicAccess is true. */
                publicAccessCidrs: z.array(cidr).default([]),
            })
            .prefault({}),
        /** IAM principals (roles/users) given cluster-admin through EKS access entries. Default none. */
        adminPrincipalArns: z.array(awsArn).default([]),
        /** Control-plane log types sent to CloudWatch. Default all five. */
        logTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).min(1).default([...CONTROL_PLANE_LOG_TYPES]),
        /** Managed node groups (at least one). */
        nodeGroups: z.array(nodeGroupSchema).min(1, "must declare at least one node group"),
        /** `protect` the cluster, KMS key and data-bearing resources against `pulumi destroy`. Default false. */
        protect: z.boolean().default(false),
    })
    .superRefine((p, ctx) => {
        if (p.endpoint.publicAccess && p.endpoint.publicAccessCidrs.length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["endpoint", "publicAccessCidrs"],
                message: "must list the CIDRs allowed to reach the public endpoint when publicAccess is true (0.0.0.0/0 allows everyone)",
            });
        }
        const seen = new Set<string>();
        p.nodeGroups.forEach((g, i) => {
            if (seen.has(g.name)) ctx.addIssue({ code: "custom", path: ["nodeGroups", i, "name"], message: "must be unique" });
            seen.add(g.name);
        });
    });

export const existingPlatformSchema = z.strictObject({
    /** `existing`: deploy into a cluster you already have (EKS, kind, minikube). */
    mode: z.literal("existing"),
    /** Path to the kubeconfig file. Default: the provider's ($KUBECONFIG, then ~/.kube/config). */
    kubeconfig: z.string().min(1).optional(),
    /** kubeconfig context. Default: the file's current context. */
    context: z.string().min(1).optional(),
    /** Zones the cluster's nodes span; enables the zone-loss checks. Default: unknown (not checked). */
    availabilityZones: z.int().min(1).max(6).optional(),
    /** `protect` the namespace and data-bearing resources against `pulumi destroy`. Default false. */
    protect: z.boolean().default(false),
});

export const platformSchema = z.discriminatedUnion("mode", [eksPlatformSchema, existingPlatformSchema]);

export const EBS_CSI_PROVISIONER = "ebs.csi.aws.com";

export const storageSchema = z
    .strictObject({
        /** CSI provisioner. Must be ebs.csi.aws.com with platform.mode eks; e.g. rancher.io/local-path on kind. */
        provisioner: z.string().min(1).default(EBS_CSI_PROVISIONER),
        /** gp3 IOPS (3000-16000). Default 3000 (the gp3 baseline, no extra cost). */
        iops: z.int().min(3000).max(16000).default(3000),
        /** gp3 throughput, MiB/s (125-1000). Default 125 (the baseline). */
        throughput: z.int().min(125).max(1000).default(125),
        /** KMS key for volume encryption. Default: the account's aws/ebs key. */
        kmsKeyArn: awsArn.optional(),
        /** What happens to a volume when its PVC is deleted. Default Delete; prod sets Retain. */
        reclaimPolicy: z.enum(["Retain", "Delete"]).default("Delete"),
        /** Mark ebs-default as the cluster's default StorageClass. Default false. */
        isDefaultClass: z.boolean().default(false),
    })
    .prefault({});

export type PlatformConfig = z.output<typeof platformSchema>;
export type EksPlatformConfig = z.output<typeof eksPlatformSchema>;
export type ExistingPlatformConfig = z.output<typeof existingPlatformSchema>;
export type NodeGroupConfig = z.output<typeof nodeGroupSchema>;
export type StorageConfig = z.output<typeof storageSchema>;
