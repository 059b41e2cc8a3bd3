/**
 * EKS control plane, managed node groups and addons on @pulumi/aws (@pulumi/eks has
 * no EBS CSI support). Produces the kubeconfig and the explicit Kubernetes provider.
 */
import * as aws from "../common/aws";
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { EksPlatformConfig, ImageCacheConfig, NodeGroupConfig } from "../config/platform";
import { CACHE_UPSTREAMS, ecrRegistryHost, imageCacheNodePolicy } from "./image-cache";
import { EKS_TAINT_EFFECT } from "../config/node-placement";
import { ebsCsiConfiguration, NetworkPolicyEnforcingMode, requireEbsCsiClusterTagSupport, vpcCniConfiguration } from "./addon-configuration";
import { unrestrictedNamespacePolicySpec } from "../security/unrestricted-namespace-policy-spec";
import {
    EBS_CSI_CLUSTER_PRINCIPAL_TAG,
    EBS_CSI_SERVICE_ACCOUNT,
    MANAGED_POLICY,
    VPC_CNI_SERVICE_ACCOUNT,
    ebsCsiKmsPolicy,
    secretsKeyPolicy,
    serviceAccountTrustPolicy,
    serviceTrustPolicy,
} from "./iam-documents";
import { buildKubeconfig } from "./kubeconfig";
import { launchTemplateSpec } from "./launch-template-spec";
import { controlPlaneLogGroupName, logGroupArgs } from "./log-groups";

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
    /** The IAM role that runs `pulumi up`: cluster-admin through its own access entry, and a key administrator. */
    deployerPrincipalArn: string;
    /** IAM principals given cluster-admin through access entries (and key administrators). Default none. */
    adminPrincipalArns?: string[];
    /** IAM principals given namespace-scoped access. Default none. */
    namespaceAccess?: EksPlatformConfig["namespaceAccess"];
    /** Control-plane log types. */
    logTypes: EksPlatformConfig["logTypes"];
    /** Days the control-plane logs are kept. */
    logRetentionDays: number;
    /** KMS key encrypting the control-plane log group. */
    logsKeyArn: pulumi.Input<string>;
    /** Customer-managed key of the volumes (storage.kmsKeyArn): the EBS CSI role may use it. Default: none (aws/ebs). */
    volumeKmsKeyArn?: string;
    /** Managed node groups. */
    nodeGroups: NodeGroupConfig[];
    /** Protect the cluster and its KMS key from deletion (Pulumi `protect` and EKS deletion protection). Default false. */
    protect?: boolean;
    /**
     * The VPC CNI's NetworkPolicy mode. `strict`: every new pod starts denied until its policies
     * are in place, and a pod no policy selects stays denied; kube-system then gets a policy that
     * leaves it unrestricted. Default standard.
     */
    networkPolicyEnforcingMode?: NetworkPolicyEnforcingMode;
    /** ECR pull-through cache rules (platform.imageCache) and the account they live in. Default: none. */
    imageCache?: { credentials: ImageCacheConfig; accountId: pulumi.Input<string> };
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
    /** The private registry images are pulled through (platform.imageCache); undefined without the cache. */
    readonly imageRegistry?: pulumi.Output<string>;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:platform:EksCluster", name, {}, opts);
        const parent = { parent: this };
        const protect = args.protect ?? false;
        const keyAdministrators = [args.deployerPrincipalArn, ...(args.adminPrincipalArns ?? [])];

        const clusterRole = new aws.iam.Role(`${name}-cluster`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("eks.amazonaws.com")) }, parent);
        const clusterPolicy = new aws.iam.RolePolicyAttachment(`${name}-cluster`, { role: clusterRole.name, policyArn: MANAGED_POLICY.eksCluster }, parent);

        const secretsKey = new aws.kms.Key(`${name}-secrets`, {
            description: `EKS ${args.clusterName} secrets envelope encryption`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: clusterRole.arn.apply((roleArn) => JSON.stringify(secretsKeyPolicy(keyAdministrators, roleArn))),
        }, { parent: this, protect });

        // Before the cluster, or EKS creates the group itself: unencrypted and kept forever.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane`, logGroupArgs(controlPlaneLogGroupName(args.clusterName), args.logRetentionDays, args.logsKeyArn), parent);

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
            // API mode: access through EKS access entries, not the aws-auth ConfigMap. No implicit
            // admin for whoever creates the cluster: every admin is an access entry below. EKS reads
            // the bootstrap flag only at creation; changing it later replaces the cluster.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            enabledClusterLogTypes: args.logTypes,
            encryptionConfig: { provider: { keyArn: secretsKey.arn }, resources: ["secrets"] },
            deletionProtection: protect,
        }, { parent: this, protect, dependsOn: [clusterPolicy, logGroup] });

        const access = (entryName: string, principalArn: string, policyArn: string, accessScope: aws.types.input.eks.AccessPolicyAssociationAccessScope) => {
            const entry = new aws.eks.AccessEntry(entryName, { clusterName: this.cluster.name, principalArn, type: "STANDARD" }, parent);
            return new aws.eks.AccessPolicyAssociation(entryName, { clusterName: this.cluster.name, principalArn, policyArn, accessScope }, { parent: this, dependsOn: [entry] });
        };
        // The deployer applies every Kubernetes object of the stack: the provider waits for its access.
        const deployerAccess = access(`${name}-deployer`, args.deployerPrincipalArn, MANAGED_POLICY.eksClusterAdmin, { type: "cluster" });
        for (const [i, principalArn] of (args.adminPrincipalArns ?? []).entries()) {
            access(`${name}-admin-${i}`, principalArn, MANAGED_POLICY.eksClusterAdmin, { type: "cluster" });
        }
        for (const [i, grant] of (args.namespaceAccess ?? []).entries()) {
            const policyArn = grant.policy === "admin" ? MANAGED_POLICY.eksAdmin : MANAGED_POLICY.eksEdit;
            access(`${name}-namespace-${i}`, grant.principalArn, policyArn, { type: "namespace", namespaces: grant.namespaces });
        }

        const issuer = this.cluster.identities.apply((ids) => ids[0].oidcs![0].issuer!);
        this.oidcProvider = new aws.iam.OpenIdConnectProvider(`${name}-oidc`, { url: issuer, clientIdLists: ["sts.amazonaws.com"] }, parent);
        /** An IRSA role only the service account `namespace/name` of this cluster can assume. */
        const serviceAccountRole = (roleName: string, sa: { namespace: string; name: string }, tags?: Record<string, string>) =>
            new aws.iam.Role(roleName, {
                assumeRolePolicy: pulumi.all([this.oidcProvider.arn, issuer]).apply(([arn, url]) => JSON.stringify(serviceAccountTrustPolicy(arn, url, sa.namespace, sa.name))),
                tags,
            }, parent);

        // Nodes only join and pull images; the CNI's EC2 permissions live on its own IRSA role.
        const nodeRole = new aws.iam.Role(`${name}-node`, { assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")) }, parent);
        const nodePolicies: pulumi.Resource[] = [
            // Same URN as before the attachments were named: a rename would detach the policy.
            new aws.iam.RolePolicyAttachment(`${name}-node-worker`, { role: nodeRole.name, policyArn: MANAGED_POLICY.eksWorkerNode }, { parent: this, aliases: [{ name: `${name}-node-0` }] }),
            new aws.iam.RolePolicyAttachment(`${name}-node-ecr-pull`, { role: nodeRole.name, policyArn: MANAGED_POLICY.ecrPullOnly }, parent),
        ];
        if (args.imageCache) {
            const { credentials, accountId } = args.imageCache;
            for (const u of CACHE_UPSTREAMS) {
                nodePolicies.push(new aws.ecr.PullThroughCacheRule(`${name}-cache-${u.prefix}`, {
                    ecrRepositoryPrefix: u.prefix,
                    upstreamRegistryUrl: u.upstreamRegistryUrl,
                    credentialArn: u.credential ? credentials[u.credential] : undefined,
                }, parent));
            }
            // Nodes create and fill the cache's repositories on first pull.
            nodePolicies.push(new aws.iam.RolePolicy(`${name}-node-ecr-cache`, {
                role: nodeRole.name,
                policy: pulumi.output(accountId).apply((account) => JSON.stringify(imageCacheNodePolicy(account, args.region))),
            }, parent));
            this.imageRegistry = pulumi.output(accountId).apply((account) => ecrRegistryHost(account, args.region));
        }

        const addon = (addonName: string, extra: Partial<aws.eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
            new aws.eks.Addon(`${name}-${addonName}`, {
                clusterName: this.cluster.name,
                addonName,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                ...extra,
                // The default version EKS pairs with the pinned Kubernetes version, unless the addon needs a newer one.
                addonVersion: extra.addonVersion ?? aws.eks.getAddonVersionOutput({ addonName, kubernetesVersion: this.cluster.version }, parent).version,
            }, { parent: this, dependsOn });

        // Networking addons before nodes, so nodes join with a working CNI.
        const vpcCniRole = serviceAccountRole(`${name}-vpc-cni`, VPC_CNI_SERVICE_ACCOUNT);
        const vpcCniPolicy = new aws.iam.RolePolicyAttachment(`${name}-vpc-cni`, { role: vpcCniRole.name, policyArn: MANAGED_POLICY.eksCni }, parent);
        const enforcingMode = args.networkPolicyEnforcingMode ?? "standard";
        const vpcCni = addon("vpc-cni", { serviceAccountRoleArn: vpcCniRole.arn, configurationValues: vpcCniConfiguration(enforcingMode) }, [vpcCniPolicy]);
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
                taints: group.taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] })),
            }, {
                parent: this,
                dependsOn: [...nodePolicies, vpcCni, kubeProxy],
                // A cluster autoscaler owns the current size after creation.
                ignoreChanges: ["scalingConfig.desiredSize"],
            });
        });

        // The EBS CSI driver acts only on this cluster's volumes: the cluster-scoped managed policy
        // compares each volume's ebs.csi.aws.com/cluster-name tag with the role's eks-cluster-name tag.
        const ebsCsiRole = serviceAccountRole(`${name}-ebs-csi`, EBS_CSI_SERVICE_ACCOUNT, { [EBS_CSI_CLUSTER_PRINCIPAL_TAG]: args.clusterName });
        const ebsCsiPolicies: pulumi.Resource[] = [
            new aws.iam.RolePolicyAttachment(`${name}-ebs-csi`, { role: ebsCsiRole.name, policyArn: MANAGED_POLICY.ebsCsiClusterScoped }, parent),
        ];
        if (args.volumeKmsKeyArn) {
            // Without these, every volume encrypted with the customer key fails to provision.
            ebsCsiPolicies.push(new aws.iam.RolePolicy(`${name}-ebs-csi-kms`, { role: ebsCsiRole.name, policy: JSON.stringify(ebsCsiKmsPolicy(args.volumeKmsKeyArn)) }, parent));
        }
        this.kubeconfig = pulumi.secret(
            pulumi
                .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority])
                .apply(([clusterName, endpoint, ca]) => buildKubeconfig({ clusterName, endpoint, certificateAuthority: ca.data!, region: args.region })),
        );
        this.provider = new k8s.Provider(name, { kubeconfig: this.kubeconfig }, { parent: this, dependsOn: [...this.nodeGroups, deployerAccess] });

        // Strict mode denies a pod no policy selects: kube-system's pods (CoreDNS, the EBS CSI
        // driver) get a policy that leaves them as they were, in place before their addons start them.
        const systemPods: pulumi.Resource[] = [];
        if (enforcingMode === "strict") {
            const spec = unrestrictedNamespacePolicySpec("kube-system");
            systemPods.push(new k8s.networking.v1.NetworkPolicy(`${name}-kube-system-${spec.metadata.name}`, spec, { parent: this, provider: this.provider }));
        }
        // CoreDNS and the EBS CSI controller are Deployments: they need nodes to become healthy.
        addon("coredns", {}, [...this.nodeGroups, ...systemPods]);
        // The newest driver for the Kubernetes version: the default one may predate the volume tag the cluster-scoped policy needs.
        const ebsCsiVersion = aws.eks
            .getAddonVersionOutput({ addonName: "aws-ebs-csi-driver", kubernetesVersion: this.cluster.version, mostRecent: true }, parent)
            .version.apply(requireEbsCsiClusterTagSupport);
        this.ebsCsiAddon = addon("aws-ebs-csi-driver", { serviceAccountRoleArn: ebsCsiRole.arn, configurationValues: ebsCsiConfiguration(args.clusterName), addonVersion: ebsCsiVersion }, [
            ...this.nodeGroups,
            ...ebsCsiPolicies,
            ...systemPods,
        ]);

        this.registerOutputs({ kubeconfig: this.kubeconfig, clusterName: this.cluster.name });
    }
}
