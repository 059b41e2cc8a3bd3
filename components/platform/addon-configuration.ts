/**
 * `configurationValues` of the EKS addons, as data. The addons take the values of their Helm
 * charts (a JSON document EKS validates against the addon's schema).
 */

/** vpc-cni: the network-policy agent on, so EKS enforces the stack's NetworkPolicies. */
export function vpcCniConfiguration(): string {
    return JSON.stringify({ enableNetworkPolicy: "true" });
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
