/**
 * With the account-wide AmazonEBSCSIDriverPolicy, the EBS CSI driver of any cluster may attach,
 * detach and delete every volume in the account: dev's driver could delete prod's Kafka logs.
 * AmazonEBSCSIDriverEKSClusterScopedPolicy limits it to volumes whose
 * `ebs.csi.aws.com/cluster-name` tag equals the role's `eks-cluster-name` tag; the driver writes
 * that volume tag only when it runs with `--k8s-tag-cluster-id` (addon value
 * `controller.k8sTagClusterId`). All three must line up, so the policy checks them together.
 * Maps to: EKS Best Practices Guide, IAM (least-privileged IRSA roles); CIS Amazon EKS
 * Benchmark 5.2.1 (dedicated service accounts). No Security Hub control covers it.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { dependenciesOf, dependentsOf, isSet, known } from "../lib/links";
import { awsRef, violation } from "../lib/message";
import { asString, at, isRecord } from "../lib/props";

const ADDON_NAME = "aws-ebs-csi-driver";
/** The tag the cluster-scoped policy reads from the role (`${aws:PrincipalTag/eks-cluster-name}`). */
const PRINCIPAL_TAG = "eks-cluster-name";
const CLUSTER_SCOPED = /^arn:aws[a-z-]*:iam::aws:policy\/AmazonEBSCSIDriverEKSClusterScopedPolicy$/;
/** V1 acts on every volume; V2 on every volume any driver created (ebs.csi.aws.com/cluster=true), whichever cluster. */
const ACCOUNT_WIDE = /^arn:aws[a-z-]*:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicy(V2)?$/;

export const ebsCsiClusterScoped: StackValidationPolicy = {
    name: "ebs-csi-cluster-scoped",
    description:
        "EBS CSI addons act only on their own cluster's volumes: controller.k8sTagClusterId set to the cluster name, a service-account role with AmazonEBSCSIDriverEKSClusterScopedPolicy (never the account-wide AmazonEBSCSIDriverPolicy) tagged eks-cluster-name with the same name. EKS Best Practices Guide (IAM least privilege); CIS EKS Benchmark 5.2.1 (dedicated service accounts); no Security Hub control covers it.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const addon of args.resources) {
            if (addon.type !== AWS_TYPE.eksAddon || known(addon.props, "addonName") !== ADDON_NAME) {
                continue;
            }
            const report: Report = (field, problem, fix) => reportViolation(violation(awsRef(addon.type, addon.name, undefined), field, problem, fix), addon.urn);
            const clusterId = tagClusterId(known(addon.props, "configurationValues"));
            const clusterName = asString(known(addon.props, "clusterName"));
            if (clusterId === undefined) {
                report(
                    "configurationValues controller.k8sTagClusterId",
                    "is unset (volumes get no ebs.csi.aws.com/cluster-name tag, so no policy can tell which cluster owns them)",
                    `set configurationValues to {"controller":{"k8sTagClusterId":"${clusterName ?? "<cluster name>"}"}}`,
                );
            } else if (clusterName !== undefined && clusterId !== clusterName) {
                report("configurationValues controller.k8sTagClusterId", `is ${JSON.stringify(clusterId)}, not the cluster's name ${JSON.stringify(clusterName)}`, "set it to the cluster name");
            }
            if (!isSet(addon.props, "serviceAccountRoleArn")) {
                report("serviceAccountRoleArn", "is unset (the driver falls back to the node role, shared by every pod on the node)", "give the addon its own IRSA role");
                continue;
            }
            for (const role of dependenciesOf(addon, AWS_TYPE.iamRole)) {
                checkRole(args.resources, role, clusterId ?? clusterName, (field, problem, fix) =>
                    reportViolation(violation(awsRef(role.type, role.name, known(role.props, "name")), field, problem, fix), role.urn),
                );
            }
        }
    },
};

type Report = (field: string, problem: string, fix: string) => void;

function checkRole(resources: readonly PolicyResource[], role: PolicyResource, clusterId: string | undefined, report: Report): void {
    const attached = dependentsOf(resources, role, AWS_TYPE.iamRolePolicyAttachment).map((a) => asString(known(a.props, "policyArn")) ?? "");
    for (const arn of attached.filter((a) => ACCOUNT_WIDE.test(a))) {
        report("policy attachments", `include ${arn} (it lets this cluster's driver detach and delete other clusters' volumes)`, "attach arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy instead and detach it");
    }
    if (!attached.some((a) => CLUSTER_SCOPED.test(a))) {
        report("policy attachments", "lack AmazonEBSCSIDriverEKSClusterScopedPolicy", "attach arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy");
    }
    const tag = at(known(role.props, "tags"), PRINCIPAL_TAG);
    if (clusterId !== undefined && tag !== clusterId) {
        const shown = tag === undefined ? "is unset (the cluster-scoped policy then matches no volume)" : `is ${JSON.stringify(tag)}, not ${JSON.stringify(clusterId)}`;
        report(`tags.${PRINCIPAL_TAG}`, shown, `tag the role ${PRINCIPAL_TAG}=${clusterId}, the addon's k8sTagClusterId`);
    }
}

/** `controller.k8sTagClusterId` of the addon's configurationValues (a JSON or YAML-as-JSON string). */
function tagClusterId(configurationValues: unknown): string | undefined {
    if (typeof configurationValues !== "string" || configurationValues.trim() === "") {
        return undefined;
    }
    let values: unknown;
    try {
        values = JSON.parse(configurationValues);
    } catch {
        return undefined;
    }
    const id = isRecord(values) ? at(values, "controller", "k8sTagClusterId") : undefined;
    return typeof id === "string" && id !== "" ? id : undefined;
}
