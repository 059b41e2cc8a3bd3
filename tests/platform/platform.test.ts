import { strict as assert } from "assert";
import { EBS_CSI_SERVICE_ACCOUNT, MANAGED_POLICY } from "../../components/platform/iam-documents";
import { RenderedResource, input, ofType, one, renderStack, stackSection } from "../harness";

const T = {
    subnet: "aws:ec2/subnet:Subnet",
    nat: "aws:ec2/natGateway:NatGateway",
    cluster: "aws:eks/cluster:Cluster",
    nodeGroup: "aws:eks/nodeGroup:NodeGroup",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    addon: "aws:eks/addon:Addon",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    key: "aws:kms/key:Key",
    oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    provider: "pulumi:providers:kubernetes",
};

const stacks: Record<string, RenderedResource[]> = {};

describe("EKS platform", () => {
    before(async () => {
        for (const stack of ["dev", "prod"]) stacks[stack] = (await renderStack(stack)).resources;
    });

    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            const r = () => stacks[stack];

            it("puts a private and a public subnet in each of 3 distinct zones", () => {
                const subnets = ofType(r(), T.subnet);
                const privateZones = subnets.filter((s) => s.name.includes("-private-")).map((s) => input<string>(s, "availabilityZone"));
                const publicZones = subnets.filter((s) => s.name.includes("-public-")).map((s) => input<string>(s, "availabilityZone"));
                assert.deepEqual(privateZones, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
                assert.deepEqual(publicZones, privateZones);
                for (const s of subnets.filter((s) => s.name.includes("-public-"))) assert.equal(input(s, "tags")!["kubernetes.io/role/elb" as never], "1");
                for (const s of subnets.filter((s) => s.name.includes("-private-"))) assert.equal(input(s, "tags")!["kubernetes.io/role/internal-elb" as never], "1");
            });

            it("runs nodes only in the private subnets", () => {
                const privateIds = new Set<string>(ofType(r(), T.subnet).filter((s) => s.name.includes("-private-")).map((s) => s.id!));
                for (const ng of ofType(r(), T.nodeGroup)) {
                    const ids = input<string[]>(ng, "subnetIds");
                    assert.equal(ids.length, 3);
                    for (const id of ids) assert.ok(privateIds.has(id), `${ng.name} uses non-private subnet ${id}`);
                }
            });

            it("requires IMDSv2 and an encrypted gp3 root volume on every node", () => {
                const templates = ofType(r(), T.launchTemplate);
                assert.equal(templates.length, ofType(r(), T.nodeGroup).length);
                for (const lt of templates) {
                    assert.equal(input(lt, "metadataOptions.httpTokens"), "required");
                    assert.equal(input(lt, "metadataOptions.httpPutResponseHopLimit"), 1);
                    const [root] = input<Array<{ ebs: Record<string, unknown> }>>(lt, "blockDeviceMappings");
                    assert.equal(root.ebs.encrypted, "true");
                    assert.equal(root.ebs.volumeType, "gp3");
                }
                for (const ng of ofType(r(), T.nodeGroup)) assert.ok(ng.dependencies.includes(templates.find((t) => t.name === ng.name)!.urn));
            });

            it("enables every control-plane log type and KMS secrets encryption", () => {
                const cluster = one(r(), T.cluster);
                assert.deepEqual(input(cluster, "enabledClusterLogTypes"), ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
                assert.deepEqual(input(cluster, "encryptionConfig.resources"), ["secrets"]);
                assert.match(input<string>(cluster, "encryptionConfig.provider.keyArn"), /^arn:aws:kms:eu-west-1:\d+:key\//);
                for (const key of ofType(r(), T.key)) assert.equal(input(key, "enableKeyRotation"), true, key.name);
            });

            it("uses API authentication, a pinned version and a private endpoint", () => {
                const cluster = one(r(), T.cluster);
                assert.equal(input(cluster, "accessConfig.authenticationMode"), "API");
                assert.equal(input(cluster, "version"), "1.34");
                assert.equal(input(cluster, "vpcConfig.endpointPrivateAccess"), true);
            });

            it("binds the EBS CSI addon to an IRSA role trusting only its service account", () => {
                const addon = ofType(r(), T.addon).find((a) => input(a, "addonName") === "aws-ebs-csi-driver")!;
                const role = ofType(r(), T.role).find((x) => x.name.endsWith("-ebs-csi"))!;
                const roleArn = input<string>(addon, "serviceAccountRoleArn");
                assert.match(roleArn, new RegExp(`:role/${role.name}-`));
                const trust = JSON.parse(input<string>(role, "assumeRolePolicy"));
                assert.equal(trust.Statement.length, 1);
                const [stmt] = trust.Statement;
                assert.equal(stmt.Action, "sts:AssumeRoleWithWebIdentity");
                assert.equal(stmt.Principal.Federated, `arn:aws:iam::123456789012:oidc-provider/${input<string>(one(r(), T.oidc), "url").replace("https://", "")}`);
                const conditions = Object.entries(stmt.Condition.StringEquals as Record<string, string>);
                assert.deepEqual(conditions.map(([k, v]) => [k.split(":").pop(), v]).sort(), [
                    ["aud", "sts.amazonaws.com"],
                    ["sub", `system:serviceaccount:${EBS_CSI_SERVICE_ACCOUNT.namespace}:${EBS_CSI_SERVICE_ACCOUNT.name}`],
                ]);
                const attached = ofType(r(), T.attachment).filter((a) => a.name.endsWith("-ebs-csi")).map((a) => input(a, "policyArn"));
                assert.deepEqual(attached, [MANAGED_POLICY.ebsCsiClusterScoped]);
            });

            it("installs the four managed addons", () => {
                assert.deepEqual(ofType(r(), T.addon).map((a) => input(a, "addonName")).sort(), ["aws-ebs-csi-driver", "coredns", "kube-proxy", "vpc-cni"]);
            });

            it("switches on NetworkPolicy enforcement in the VPC CNI", () => {
                const cni = ofType(r(), T.addon).find((a) => input(a, "addonName") === "vpc-cni")!;
                assert.equal(JSON.parse(input<string>(cni, "configurationValues")).enableNetworkPolicy, "true");
            });

            it("builds the provider from a secret kubeconfig", () => {
                const provider = one(r(), T.provider);
                assert.equal(input(provider, "kubeconfig"), "[secret]");
            });
        });
    }

    it("dev has one NAT gateway, prod one per zone", () => {
        assert.equal(ofType(stacks.dev, T.nat).length, 1);
        assert.equal(ofType(stacks.prod, T.nat).length, 3);
    });

    it("prod restricts the public endpoint and grants the deployer and admins through access entries", () => {
        const cluster = one(stacks.prod, T.cluster);
        assert.deepEqual(input(cluster, "vpcConfig.publicAccessCidrs"), ["203.0.113.0/24"]);
        assert.deepEqual(ofType(stacks.prod, T.accessEntry).map((e) => input(e, "principalArn")), [
            "arn:aws:iam::123456789012:role/kafka-eks-deploy",
            "arn:aws:iam::123456789012:role/platform-admin",
        ]);
        for (const association of ofType(stacks.prod, T.accessPolicy)) assert.equal(input(association, "policyArn"), MANAGED_POLICY.eksClusterAdmin);
    });

    it("protects the cluster and the KMS keys in prod only", () => {
        assert.equal(one(stacks.prod, T.cluster).protect, true);
        for (const key of ofType(stacks.prod, T.key)) assert.equal(key.protect, true, key.name);
        assert.equal(one(stacks.dev, T.cluster).protect, false);
        for (const key of ofType(stacks.dev, T.key)) assert.equal(key.protect, false, key.name);
    });
});

describe("EKS in an existing VPC", () => {
    const subnets = ["subnet-0a1", "subnet-0b2", "subnet-0c3"];
    let resources: RenderedResource[];
    before(async () => {
        const platform = { ...stackSection("prod", "platform"), existingVpc: { vpcId: "vpc-0abc", privateSubnetIds: subnets } };
        ({ resources } = await renderStack("prod", { platform }));
    });

    it("creates no network", () => {
        for (const type of ["aws:ec2/vpc:Vpc", T.subnet, T.nat, "aws:ec2/internetGateway:InternetGateway"]) assert.equal(ofType(resources, type).length, 0, type);
    });

    it("puts the control plane and the nodes in the given private subnets", () => {
        assert.deepEqual(input(one(resources, T.cluster), "vpcConfig.subnetIds"), subnets);
        for (const ng of ofType(resources, T.nodeGroup)) assert.deepEqual(input(ng, "subnetIds"), subnets);
    });
});
