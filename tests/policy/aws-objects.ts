/** AWS resources as the engine sees them: Pulumi type token + @pulumi/aws 7.x input names. */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { type Fixture, type Violation, stackArgs, urnOf } from "./fixtures";

/** An EKS cluster that passes every hardening policy; override fields to fail one. */
export function eksCluster(overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:eks/cluster:Cluster",
        name: "kafka-eks",
        props: {
            name: "kafka-prod",
            roleArn: "arn:aws:iam::123456789012:role/eks",
            enabledClusterLogTypes: ["api", "audit", "authenticator"],
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" } },
            vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            ...overrides,
        },
    };
}

export function launchTemplate(overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "kafka-nodes",
        props: {
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true" } }],
            ...overrides,
        },
    };
}

/** A fixture with the resources it depends on (the engine's dependency edges, which stack policies follow). */
export interface LinkedFixture extends Fixture {
    dependsOn?: readonly Fixture[];
}

/** Violations of a stack policy over fixtures whose `dependsOn` become PolicyResource.dependencies. */
export async function checkLinkedStack(policy: StackValidationPolicy, fixtures: readonly LinkedFixture[], config: object = {}): Promise<Violation[]> {
    const args = stackArgs(fixtures, config);
    const byUrn = new Map(args.resources.map((r) => [r.urn, r]));
    args.resources.forEach((r, i) => {
        (r as { dependencies: PolicyResource[] }).dependencies = (fixtures[i].dependsOn ?? []).map((d) => byUrn.get(urnOf(d))!);
    });
    const violations: Violation[] = [];
    await policy.validateStack(args, (message, urn) => violations.push({ message, ...(urn ? { urn } : {}) }));
    return violations;
}

export const EBS_CSI_CLUSTER_SCOPED_POLICY = "arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy";

/** The EBS CSI driver's IRSA role, tagged for cluster kafka-prod. */
export function iamRole(name: string, overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:iam/role:Role",
        name,
        props: { assumeRolePolicy: "{}", tags: { "eks-cluster-name": "kafka-prod" }, ...overrides },
    };
}

export function rolePolicyAttachment(name: string, policyArn: string): Fixture {
    return { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, props: { role: `${name}-role`, policyArn } };
}

/** The aws-ebs-csi-driver addon of cluster kafka-prod, run with --k8s-tag-cluster-id kafka-prod. */
export function ebsCsiAddon(overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:eks/addon:Addon",
        name: "kafka-aws-ebs-csi-driver",
        props: {
            clusterName: "kafka-prod",
            addonName: "aws-ebs-csi-driver",
            serviceAccountRoleArn: "arn:aws:iam::123456789012:role/kafka-ebs-csi",
            configurationValues: JSON.stringify({ controller: { k8sTagClusterId: "kafka-prod" } }),
            ...overrides,
        },
    };
}

export function vpc(name = "kafka"): Fixture {
    return { type: "aws:ec2/vpc:Vpc", name, props: { cidrBlock: "10.20.0.0/16" } };
}

export function flowLog(name = "kafka", overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:ec2/flowLog:FlowLog",
        name,
        props: {
            vpcId: "vpc-0abc",
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vpc/kafka-prod/flow-logs",
            ...overrides,
        },
    };
}

/** A log group kept a year and encrypted with a customer key. */
export function logGroup(name: string, overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:cloudwatch/logGroup:LogGroup",
        name: name.split("/").filter(Boolean).join("-"),
        props: { name, retentionInDays: 365, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/abc", ...overrides },
    };
}
