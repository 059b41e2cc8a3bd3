/**
 * EKS control plane, managed node groups and addons on @pulumi/aws (@pulumi/eks has
 * no EBS CSI support). Produces the kubeconfig and the explicit Kubernetes provider.
 */
import * as aws from "../common/aws";
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { EksPlatformConfig, NodeGroupConfig } from "../config/platform";
import { EBS_CSI_SERVICE_ACCOUNT, MANAGED_POLICY, kmsKeyPolicy, serviceAccountTrustPolicy, serviceTrustPolicy } from "./iam-documents";
import { buildKubeconfig } from "./kubeconfig";
import { launchTemplateSpec } from "./launch-template-spec";

export interface EksClusterArgs {
    /** EKS cluster name (physical). */
    clusterName: string;
    /** AWS region, written into the kubeconfig's `aws eks get-token` call. */
    region: string;
    /** Kubernetes minor version, e.g. "1.34". */
    kubernetesVersion: string;
    /** Private subnets (one per zone): nodes and control-plane network interfaces. */
    privateSubnetIds: pulumi.Input<string>[];
    /** Public API endpoint: whether it is on and which CIDRs may reach it (the private endpoint is always on). */
    endpoint: EksPlatformConfig["endpoint"];
    /** IAM principals given cluster-admin through access entries. Default none. */
    adminPrincipalArns?: string[];
    /** Control-plane log types. */
    logTypes: EksPlatformConfig["logTypes"];
    /** Managed node groups. */
    nodeGroups: NodeGroupConfig[];
    /** Protect the cluster and its KMS key from deletion. Default false. */
    protect?: boolean;
}

export class EksCluster extends pulumi.ComponentResource {
    readonly cluster: aws.eks.Cluster;
    /** Kubeconfig using `aws eks get-token`; a secret output. */
    readonly kubeconfig: pulumi.Output<string>;
    /** Provider every Kubernetes resource of the stack uses. */
    readonly provider: k8s.Provider;
    readonly oidcProvider: aws.iam.OpenIdConnectProvider;
    /** The EBS CSI addon: StorageClasses are useful only after it. */
    readonly ebsCsiAddon: aws.eks.Addon;
    readonly nodeGroups: aws.eks.NodeGroup[];

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:platform:EksCluster", name, {}, opts);
        const parent = { parent: this };
        const protect = args.protect ?? false;
        const identity = aws.getCallerIdentityOutput({}, parent);

        const secretsKey = new aws.kms.Key(`${name}-secrets`, {
            description: `EKS ${args.clusterName} secrets envelope encryption`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: identity.accountId.apply((account) => JSON.stringify(kmsKeyPolicy(account))),
        }, { parent: this, protect });

        const clusterRole = new aws.iam.Role(`${name}-cluster`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")) }, parent);
        const clusterPolicy = new aws.iam.RolePolicyAttachment(`${name}-cluster`, { role: clusterRole.name, policyArn: MANAGED_POLICY.eksCluster }, parent);

        this.cluster = new aws.eks.Cluster(name, {
            name: args.clusterName,
            version: args.kubernetesVersion,
            roleArn: clusterRole.arn,
            vpcConfig: {
                subnetIds: args.privateSubnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: args.endpoint.publicAccess,
                publicAccessCidrs: args.endpoint.publicAccess ? args.endpoint.publicAccessCidrs : undefined,
            },
            // API mode: access through EKS access entries, not the aws-auth ConfigMap.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
            enabledClusterLogTypes: args.logTypes,
            encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
        }, { parent: this, protect, dependsOn: [clusterPolicy] });

        for (const [i, principalArn] of (args.adminPrincipalArns ?? []).entries()) {
            const entry = new aws.eks.AccessEntry(`${name}-admin-${i}`, { clusterName: this.cluster.name, principalArn, type: "STANDARD" }, parent);
            new aws.eks.AccessPolicyAssociation(`${name}-admin-${i}`, {
                clusterName: this.cluster.name,
                principalArn,
                policyArn: MANAGED_POLICY.eksClusterAdmin,
                accessScope: { type: "cluster" },
            }, { parent: this, dependsOn: [entry] });
        }

        const issuer = this.cluster.identities.apply((ids) => ids[0].oidcs![0].issuer!);
        this.oidcProvider = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"] }, parent);

        const nodeRole = new aws.iam.Role(`${name}-node`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")) }, parent);
        const nodePolicies = [MANAGED_POLICY.eksWorkerNode, MANAGED_POLICY.eksCni, MANAGED_POLICY.ecrReadOnly].map(
            (policyArn, i) => new aws.iam.RolePolicyAttachment(`${name}-node-${i}`, { role: nodeRole.name, policyArn }, parent),
        );

        const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
            new aws.eks.Addon(`${name}-${addonName}`, {
                clusterName: this.cluster.name,
                addonName,
                // The default version EKS pairs with the pinned Kubernetes version.
                addonVersion: aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion: this.cluster.version }, parent).version,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                ...extra,
            }, { parent: this, dependsOn });

        // Networking addons before nodes, so nodes join with a working CNI.
        // The VPC CNI enforces NetworkPolicies only with its network-policy agent switched on.
        const vpcCni = addon("vpc-cni", { configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }) }, []);
        const kubeProxy = addon("kube-proxy", {}, []);

        this.nodeGroups = args.nodeGroups.map((group) => {
            const template = new aws.ec2.LaunchTemplate(`${name}-${group.name}`, launchTemplateSpec(group, args.clusterName), parent);
            return new aws.eks.NodeGroup(`${name}-${group.name}`, {
                clusterName: this.cluster.name,
                nodeGroupName: group.name,
                nodeRoleArn: nodeRole.arn,
                subnetIds: args.privateSubnetIds,
                instanceTypes: group.instanceTypes,
                capacityType: group.capacityType,
                amiType: "AL2023_x86_64_STANDARD",
                scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
                updateConfig: { maxUnavailable: 1 },
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                labels: group.labels,
            }, {
                parent: this,
                dependsOn: [...nodePolicies, vpcCni, kubeProxy],
                // A cluster autoscaler owns the current size after creation.
                ignoreChanges: ["scalingConfig.desiredSize"],
            });
        });

        const ebsCsiRole = new aws.iam.Role(`${name}-ebs-csi`, {
            assumeRolePolicy: pulumi
                .all([this.oidcProvider.arn, issuer])
                .apply(([arn, url]) => JSON.stringify(serviceAccountTrustPolicy(arn, url, EBS_CSI_SERVICE_ACCOUNT.namespace, EBS_CSI_SERVICE_ACCOUNT.name))),
        }, parent);
        const ebsCsiPolicy = new aws.iam.RolePolicyAttachment(`${name}-ebs-csi`, { role: ebsCsiRole.name, policyArn: MANAGED_POLICY.ebsCsiDriver }, parent);
        // CoreDNS and the EBS CSI controller are Deployments: they need nodes to become healthy.
        addon("coredns", {}, this.nodeGroups);
        this.ebsCsiAddon = addon("aws-ebs-csi-driver", { serviceAccountRoleArn: ebsCsiRole.arn }, [...this.nodeGroups, ebsCsiPolicy]);

        this.kubeconfig = pulumi.secret(
            pulumi
                .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority])
                .apply(([clusterName, endpoint, ca]) => buildKubeconfig({ clusterName, endpoint, certificateAuthority: ca.data!, region: args.region })),
        );
        this.provider = new k8s.Provider(name, { kubeconfig: this.kubeconfig }, { parent: this, dependsOn: this.nodeGroups });

        this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.cluster.name });
    }
}
