import * as assert from "assert";
import { ebsCsiClusterScoped } from "../../policy/policies/ebs-csi-cluster-scoped";
import { EBS_CSI_CLUSTER_SCOPED_POLICY, type LinkedFixture, checkLinkedStack, ebsCsiAddon, iamRole, rolePolicyAttachment } from "./aws-objects";
import { urnOf } from "./fixtures";

/** The addon, its role and the role's attachments, linked as the engine links them. */
function driver(opts: { addon?: Record<string, unknown>; role?: Record<string, unknown>; policies?: string[] } = {}): LinkedFixture[] {
    const role = iamRole("kafka-ebs-csi", opts.role);
    const attachments = (opts.policies ?? [EBS_CSI_CLUSTER_SCOPED_POLICY]).map((arn, i) => ({ ...rolePolicyAttachment(`kafka-ebs-csi-${i}`, arn), dependsOn: [role] }));
    return [role, ...attachments, { ...ebsCsiAddon(opts.addon), dependsOn: [role, ...attachments] }];
}

describe("policy ebs-csi-cluster-scoped (stack)", () => {
    it("passes the cluster-scoped policy, the role tag and k8sTagClusterId naming the same cluster", async () => {
        assert.deepStrictEqual(await checkLinkedStack(ebsCsiClusterScoped, driver()), []);
    });

    it("fails the account-wide AmazonEBSCSIDriverPolicy, naming the role", async () => {
        const fixtures = driver({ policies: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"] });
        const violations = await checkLinkedStack(ebsCsiClusterScoped, fixtures);
        assert.deepStrictEqual(violations.map((v) => v.urn), [urnOf(fixtures[0]), urnOf(fixtures[0])]);
        assert.strictEqual(
            violations[0].message,
            'aws:iam/role:Role "kafka-ebs-csi": policy attachments include arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy (it lets this cluster\'s driver detach and delete other clusters\' volumes); attach arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy instead and detach it.',
        );
        assert.match(violations[1].message, /lack AmazonEBSCSIDriverEKSClusterScopedPolicy/);
    });

    it("fails the account-wide policy even next to the cluster-scoped one (the broader grant wins)", async () => {
        const violations = await checkLinkedStack(ebsCsiClusterScoped, driver({ policies: [EBS_CSI_CLUSTER_SCOPED_POLICY, "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicyV2"] }));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /include arn:aws:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicyV2/);
    });

    it("fails a driver that does not tag volumes with its cluster", async () => {
        const violations = await checkLinkedStack(ebsCsiClusterScoped, driver({ addon: { configurationValues: undefined } }));
        assert.strictEqual(violations.length, 1);
        assert.strictEqual(
            violations[0].message,
            'aws:eks/addon:Addon "kafka-aws-ebs-csi-driver": configurationValues controller.k8sTagClusterId is unset (volumes get no ebs.csi.aws.com/cluster-name tag, so no policy can tell which cluster owns them); set configurationValues to {"controller":{"k8sTagClusterId":"kafka-prod"}}.',
        );
    });

    it("fails a role tag that differs from the volume tag (the policy would match no volume)", async () => {
        const violations = await checkLinkedStack(ebsCsiClusterScoped, driver({ role: { tags: { "eks-cluster-name": "kafka-dev" } } }));
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /tags\.eks-cluster-name is "kafka-dev", not "kafka-prod"; tag the role eks-cluster-name=kafka-prod/);
    });

    it("fails an addon without its own role", async () => {
        const violations = await checkLinkedStack(ebsCsiClusterScoped, [ebsCsiAddon({ serviceAccountRoleArn: undefined })]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /serviceAccountRoleArn is unset \(the driver falls back to the node role/);
    });

    it("ignores other addons", async () => {
        assert.deepStrictEqual(await checkLinkedStack(ebsCsiClusterScoped, [ebsCsiAddon({ addonName: "coredns", configurationValues: undefined, serviceAccountRoleArn: undefined })]), []);
    });
});
