/**
 * The EBS CSI driver's AWS permissions as rendered: only this cluster's volumes, and a
 * customer-managed volume key it can actually use.
 */
import { strict as assert } from "assert";
import { RenderedResource, input, ofType, renderStack, stackSection } from "../harness";
import { requireEbsCsiClusterTagSupport } from "../../components/platform/addon-configuration";

const T = {
    addon: "aws:eks/addon:Addon",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    inlinePolicy: "aws:iam/rolePolicy:RolePolicy",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
};
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";

interface Statement {
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

const ebsCsiRole = (r: readonly RenderedResource[]) => ofType(r, T.role).find((x) => x.name.endsWith("-ebs-csi"))!;
const ebsCsiAddon = (r: readonly RenderedResource[]) => ofType(r, T.addon).find((a) => input(a, "addonName") === "aws-ebs-csi-driver")!;
/** Every resource of `type` that names the role (its `role` input is the role's name). */
const onRole = (r: readonly RenderedResource[], type: string) => ofType(r, type).filter((p) => p.dependencies.includes(ebsCsiRole(r).urn));
const inlineStatements = (r: readonly RenderedResource[]): Statement[] =>
    onRole(r, T.inlinePolicy).flatMap((p) => (JSON.parse(input<string>(p, "policy")) as { Statement: Statement[] }).Statement);
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
const kmsStatements = (r: readonly RenderedResource[]) => inlineStatements(r).filter((s) => list(s.Action).some((a) => a.startsWith("kms:")));

describe("EBS CSI driver permissions", () => {
    const stacks: Record<string, RenderedResource[]> = {};
    let withKey: RenderedResource[];
    before(async () => {
        for (const stack of ["dev", "prod"]) stacks[stack] = (await renderStack(stack)).resources;
        ({ resources: withKey } = await renderStack("prod", { storage: { ...stackSection("prod", "storage"), kmsKeyArn: KEY_ARN } }));
    });

    describe("with storage.kmsKeyArn (a customer-managed volume key)", () => {
        it("lets the driver's role create grants for EBS and use the key, on that key only", () => {
            const statements = kmsStatements(withKey);
            assert.ok(statements.length > 0, "the EBS CSI role has no KMS statement: every volume encrypted with the key fails to provision");
            for (const s of statements) assert.deepEqual(list(s.Resource), [KEY_ARN], JSON.stringify(s));
            const grants = statements.find((s) => list(s.Action).includes("kms:CreateGrant"))!;
            assert.deepEqual(list(grants.Action).sort(), ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"]);
            assert.deepEqual(grants.Condition, { Bool: { "kms:GrantIsForAWSResource": "true" } });
            const use = statements.find((s) => list(s.Action).includes("kms:Decrypt"))!;
            assert.deepEqual(list(use.Action).sort(), ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]);
            assert.equal(use.Condition, undefined);
        });

        it("installs the driver only after the role may use the key", () => {
            const kms = onRole(withKey, T.inlinePolicy);
            assert.equal(kms.length, 1);
            assert.ok(ebsCsiAddon(withKey).dependencies.includes(kms[0].urn));
        });
    });

    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            const r = () => stacks[stack];
            const clusterName = `kafka-eks-${stack}`;

            it("gives the driver no KMS permission without a customer key (aws/ebs needs none)", () => {
                assert.deepEqual(kmsStatements(r()), []);
            });

            it("attaches only the cluster-scoped managed policy, never the account-wide one", () => {
                assert.deepEqual(onRole(r(), T.attachment).map((a) => input(a, "policyArn")), ["arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy"]);
            });

            it("tags the role with the cluster name the policy compares volume tags with", () => {
                assert.deepEqual(input(ebsCsiRole(r()), "tags"), { "eks-cluster-name": clusterName });
            });

            it("runs the driver with --k8s-tag-cluster-id = the cluster name, so its volumes carry ebs.csi.aws.com/cluster-name", () => {
                const values = JSON.parse(input<string>(ebsCsiAddon(r()), "configurationValues"));
                assert.deepEqual(values, { controller: { k8sTagClusterId: clusterName } });
            });

            it("installs the newest driver for the Kubernetes version, one that writes the cluster-name tag (v1.58.0+)", () => {
                // The mocks answer the default-version query with a pre-v1.58.0 stand-in.
                assert.equal(input(ebsCsiAddon(r()), "addonVersion"), "v1.58.0-eksbuild.1");
            });
        });
    }

    it("refuses a driver older than v1.58.0, whose volumes the cluster-scoped policy would not let it create", () => {
        for (const ok of ["v1.58.0-eksbuild.1", "v1.64.0-eksbuild.2", "v2.0.0-eksbuild.1"]) assert.equal(requireEbsCsiClusterTagSupport(ok), ok);
        for (const old of ["v1.57.9-eksbuild.1", "v1.9.0-eksbuild.1", "v0.99.0", "latest"]) {
            assert.throws(() => requireEbsCsiClusterTagSupport(old), /predates v1\.58\.0, the first release that tags volumes with ebs\.csi\.aws\.com\/cluster-name.*kafka-eks:platform\.kubernetesVersion/);
        }
    });
});
