/**
 * `configurationValues` of the EKS addons, as data. The addons take the values of their Helm
 * charts (a JSON document EKS validates against the addon's schema).
 */

/**
 * How the VPC CNI treats a pod before its NetworkPolicies are in place: `standard` lets all
 * traffic through until then (and forever if none selects it), `strict` denies it.
 */
export type NetworkPolicyEnforcingMode = "standard" | "strict";

/**
 * vpc-cni: the network-policy agent on, so EKS enforces the stack's NetworkPolicies, in
 * `enforcingMode`. Keys of the aws-vpc-cni chart the addon takes (aws/amazon-vpc-cni-k8s v1.23.0
 * charts/aws-vpc-cni/values.yaml:126 `enableNetworkPolicy`, :97 `env.NETWORK_POLICY_ENFORCING_MODE`;
 * README.md:738-749); the test checks them against upstream/aws/aws-vpc-cni-values-1.23.0.yaml.
 */
export function vpcCniConfiguration(enforcingMode: NetworkPolicyEnforcingMode): string {
    return JSON.stringify({ enableNetworkPolicy: "true", env: { NETWORK_POLICY_ENFORCING_MODE: enforcingMode } });
}

/**
 * aws-ebs-csi-driver: `controller.k8sTagClusterId` becomes the controller's
 * `--k8s-tag-cluster-id` (chart aws-ebs-csi-driver values.yaml `controller.k8sTagClusterId`),
 * with which the driver (v1.58.0 and later) tags every volume and snapshot it creates with
 * `ebs.csi.aws.com/cluster-name=<id>` and `kubernetes.io/cluster/<id>=owned`. The cluster-scoped
 * IAM policy only lets the driver act on volumes whose `ebs.csi.aws.com/cluster-name` equals its
 * role's `eks-cluster-name` tag, so the id must be the cluster name the role is tagged with.
 */
export function ebsCsiConfiguration(clusterName: string): string {
    return JSON.stringify({ controller: { k8sTagClusterId: clusterName } });
}

/**
 * The first aws-ebs-csi-driver release that writes `ebs.csi.aws.com/cluster-name` (kubernetes-sigs/
 * aws-ebs-csi-driver v1.58.0 pkg/driver/constants.go `ClusterNameTagKey`, set in
 * pkg/driver/controller.go when --k8s-tag-cluster-id is given). An older driver sends no such tag
 * with CreateVolume, and AmazonEBSCSIDriverEKSClusterScopedPolicy only allows creating volumes
 * that carry it: every claim would fail to provision.
 */
export const EBS_CSI_CLUSTER_TAG_MIN_VERSION = [1, 58, 0] as const;

/** The addon version (`v1.58.0-eksbuild.1`), refused when it predates the cluster-name tag. */
export function requireEbsCsiClusterTagSupport(addonVersion: string): string {
    const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(addonVersion);
    const [major, minor, patch] = EBS_CSI_CLUSTER_TAG_MIN_VERSION;
    const atLeast = m !== null && [Number(m[1]), Number(m[2]), Number(m[3])].reduce<number>((cmp, part, i) => (cmp !== 0 ? cmp : Math.sign(part - [major, minor, patch][i])), 0) >= 0;
    if (!atLeast) {
        throw new Error(
            `aws-ebs-csi-driver ${addonVersion} predates v${major}.${minor}.${patch}, the first release that tags volumes with ebs.csi.aws.com/cluster-name; ` +
                "AmazonEBSCSIDriverEKSClusterScopedPolicy would refuse every volume it creates. Raise kafka-eks:platform.kubernetesVersion to one EKS offers that driver for",
        );
    }
    return addonVersion;
}
