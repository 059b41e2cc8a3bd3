/**
 * Where Kubernetes comes from: a new EKS cluster (VPC, control plane, nodes, addons) or an
 * existing cluster from a kubeconfig; then the `ebs-default` StorageClass on it.
 */
import * as aws from "../common/aws";
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig, StorageConfig } from "../config/platform";
import type { NetworkPolicyEnforcingMode } from "./addon-configuration";
import { kubernetesServiceCidr } from "./api-server";
import { EksCluster } from "./eks-cluster";
import { logGroupArn, logsKeyPolicy } from "./iam-documents";
import { controlPlaneLogGroupName, flowLogGroupName } from "./log-groups";
import { Network } from "./network";
import { storageClassSpec } from "./storage-class-spec";

export interface PlatformArgs {
    /** Name of the EKS cluster to create (eks mode). */
    clusterName: string;
    /** Kafka cluster name, for the labels of the platform's Kubernetes objects. */
    kafkaClusterName: string;
    /** AWS region (eks mode). */
    region: string;
    /** The validated `platform` config section: mode eks or existing. */
    platform: PlatformConfig;
    /** The validated `storage` config section: the ebs-default class. */
    storage: StorageConfig;
    /** eks mode: the VPC CNI's NetworkPolicy mode (see EksClusterArgs). Default standard. */
    networkPolicyEnforcingMode?: NetworkPolicyEnforcingMode;
}

export class Platform extends pulumi.ComponentResource {
    /** The provider every Kubernetes resource of the stack must use. */
    readonly provider: k8s.Provider;
    /** Kubeconfig of the new EKS cluster (secret); undefined for an existing cluster. */
    readonly kubeconfig?: pulumi.Output<string>;
    /** The EKS cluster (eks mode). */
    readonly eks?: EksCluster;
    readonly storageClass: k8s.storage.v1.StorageClass;
    /** The API server as pods address it (the `default/kubernetes` ClusterIP), a /32 block for egress NetworkPolicies. */
    readonly apiServerCidr: pulumi.Output<string>;
    /** The private registry images are pulled through (platform.imageCache); undefined without the cache. */
    readonly imageRegistry?: pulumi.Output<string>;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:platform:Platform", name, {}, opts);
        const p = args.platform;
        let storageDependsOn: pulumi.Resource[] = [];

        if (p.mode === "eks") {
            const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
            // One key for the platform's log groups: only CloudWatch Logs uses it, only for these groups.
            const logGroups = [controlPlaneLogGroupName(args.clusterName), ...(p.existingVpc ? [] : [flowLogGroupName(args.clusterName)])];
            const logsKey = new aws.kms.Key(`${name}-logs`, {
                description: `EKS ${args.clusterName} control-plane and flow logs`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                policy: accountId.apply((account) =>
                    JSON.stringify(logsKeyPolicy([p.deployerPrincipalArn, ...p.adminPrincipalArns], args.region, logGroups.map((g) => logGroupArn(args.region, account, g)))),
                ),
            }, { parent: this, protect: p.protect });

            let privateSubnetIds: pulumi.Input<string>[];
            if (p.existingVpc) {
                privateSubnetIds = p.existingVpc.privateSubnetIds;
            } else {
                const zones = aws.getAvailabilityZonesOutput({ state: "available" }, { parent: this });
                // The subnet count must be known now; AWS resolves the zone names.
                const network = new Network(name, {
                    clusterName: args.clusterName,
                    cidr: p.vpc.cidr,
                    zones: Array.from({ length: p.availabilityZones }, (_, i) => zones.names[i]),
                    natGateways: p.vpc.natGateways,
                    region: args.region,
                    accountId,
                    logsKeyArn: logsKey.arn,
                    logRetentionDays: p.logRetentionDays,
                    endpoints: p.vpc.endpoints,
                }, { parent: this });
                privateSubnetIds = network.privateSubnetIds;
            }
            this.eks = new EksCluster(name, {
                clusterName: args.clusterName,
                region: args.region,
                kubernetesVersion: p.kubernetesVersion,
                privateSubnetIds,
                endpoint: p.endpoint,
                deployerPrincipalArn: p.deployerPrincipalArn,
                adminPrincipalArns: p.adminPrincipalArns,
                namespaceAccess: p.namespaceAccess,
                logTypes: p.logTypes,
                logRetentionDays: p.logRetentionDays,
                logsKeyArn: logsKey.arn,
                volumeKmsKeyArn: args.storage.kmsKeyArn,
                nodeGroups: p.nodeGroups,
                protect: p.protect,
                networkPolicyEnforcingMode: args.networkPolicyEnforcingMode,
                imageCache: p.imageCache ? { credentials: p.imageCache, accountId } : undefined,
            }, { parent: this });
            this.imageRegistry = this.eks.imageRegistry;
            this.provider = this.eks.provider;
            this.kubeconfig = this.eks.kubeconfig;
            storageDependsOn = [this.eks.ebsCsiAddon];
            // EKS reports the service range it chose; `default/kubernetes` has its first address.
            this.apiServerCidr = this.eks.cluster.kubernetesNetworkConfig.apply((c) => kubernetesServiceCidr(c.serviceIpv4Cidr));
        } else {
            this.provider = new k8s.Provider(name, { kubeconfig: p.kubeconfig, context: p.context }, { parent: this });
            // A cluster someone else built: read the address from the cluster.
            const kubernetesService = k8s.core.v1.Service.get(`${name}-kubernetes-service`, "default/kubernetes", { parent: this, provider: this.provider });
            this.apiServerCidr = kubernetesService.spec.clusterIP.apply((ip) => `${ip}/32`);
        }

        const spec = storageClassSpec(args.storage, args.kafkaClusterName);
        this.storageClass = new k8s.storage.v1.StorageClass(spec.metadata.name, spec, {
            parent: this,
            provider: this.provider,
            dependsOn: storageDependsOn,
        });
        this.registerOutputs({ storageClass: this.storageClass.metadata.name });
    }
}
