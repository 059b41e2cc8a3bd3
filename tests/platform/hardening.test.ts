/**
 * Platform hardening on the rendered stacks: who can reach the cluster, logs that are kept and
 * encrypted, a network that records its flows and does not need NAT for AWS APIs, and the
 * least-privilege split of node, CNI and key permissions.
 */
import { strict as assert } from "assert";
import { RenderedResource, input, one, ofType, renderStack, stackSection } from "../harness";

const T = {
    cluster: "aws:eks/cluster:Cluster",
    accessEntry: "aws:eks/accessEntry:AccessEntry",
    accessPolicy: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
    addon: "aws:eks/addon:Addon",
    role: "aws:iam/role:Role",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    inlinePolicy: "aws:iam/rolePolicy:RolePolicy",
    key: "aws:kms/key:Key",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    flowLog: "aws:ec2/flowLog:FlowLog",
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    routeTable: "aws:ec2/routeTable:RouteTable",
    defaultSecurityGroup: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    provider: "pulumi:providers:kubernetes",
};
const ACCOUNT = "123456789012";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/kafka-eks-deploy`;
const CLUSTER_ADMIN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const logGroupArn = (name: string) => `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${name}`;

interface Statement {
    Sid?: string;
    Effect: string;
    Principal?: { AWS?: string | string[]; Service?: string; Federated?: string };
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const document = (r: RenderedResource, key: string) => JSON.parse(input<string>(r, key)) as { Statement: Statement[] };
const roleOf = (resources: readonly RenderedResource[], roleArn: string) => ofType(resources, T.role).find((r) => roleArn.includes(`:role/${r.name}-`))!;
const attachedTo = (resources: readonly RenderedResource[], role: RenderedResource) =>
    ofType(resources, T.attachment).filter((a) => a.dependencies.includes(role.urn)).map((a) => input<string>(a, "policyArn")).sort();
const addonNamed = (resources: readonly RenderedResource[], name: string) => ofType(resources, T.addon).find((a) => input(a, "addonName") === name)!;

describe("platform hardening", () => {
    const stacks: Record<string, RenderedResource[]> = {};
    before(async () => {
        for (const stack of ["dev", "prod"]) stacks[stack] = (await renderStack(stack)).resources;
    });

    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            const r = () => stacks[stack];
            const clusterName = `kafka-eks-${stack}`;
            const controlPlaneLogs = `/aws/eks/${clusterName}/cluster`;
            const flowLogs = `/aws/vpc/${clusterName}/flow-logs`;
            const keyNamed = (suffix: string) => ofType(r(), T.key).find((k) => k.name.endsWith(suffix))!;

            describe("cluster access", () => {
                it("gives whoever creates the cluster no implicit admin", () => {
                    assert.equal(input(one(r(), T.cluster), "accessConfig.bootstrapClusterCreatorAdminPermissions"), false);
                    assert.equal(input(one(r(), T.cluster), "accessConfig.authenticationMode"), "API");
                });

                it("grants the deploying role cluster-admin through its own access entry, before any Kubernetes object", () => {
                    const entry = ofType(r(), T.accessEntry).find((e) => input(e, "principalArn") === DEPLOYER)!;
                    assert.equal(input(entry, "type"), "STANDARD");
                    const association = ofType(r(), T.accessPolicy).find((a) => input(a, "principalArn") === DEPLOYER)!;
                    assert.equal(input(association, "policyArn"), CLUSTER_ADMIN);
                    assert.deepEqual(input(association, "accessScope"), { type: "cluster" });
                    assert.ok(association.dependencies.includes(entry.urn));
                    assert.ok(one(r(), T.provider).dependencies.includes(association.urn), "the Kubernetes provider must wait for the deployer's access");
                });

                it("does not open the public endpoint to the whole internet", () => {
                    const cluster = one(r(), T.cluster);
                    if (input(cluster, "vpcConfig.endpointPublicAccess") === false) return;
                    const cidrs = input<string[]>(cluster, "vpcConfig.publicAccessCidrs");
                    assert.ok(cidrs.length > 0 && !cidrs.includes("0.0.0.0/0"), JSON.stringify(cidrs));
                });
            });

            describe("control-plane logs", () => {
                it("go to a log group the stack creates before the cluster, kept logRetentionDays and KMS-encrypted", () => {
                    const group = ofType(r(), T.logGroup).find((g) => input(g, "name") === controlPlaneLogs)!;
                    assert.ok(group, `no ${controlPlaneLogs} log group`);
                    assert.equal(input(group, "retentionInDays"), 365);
                    assert.match(input<string>(group, "kmsKeyId"), /^arn:aws:kms:eu-west-1:\d{12}:key\//);
                    assert.ok(one(r(), T.cluster).dependencies.includes(group.urn), "EKS creates an unencrypted, never-expiring group if the cluster comes first");
                });
            });

            describe("KMS keys separate administrators from users", () => {
                const administrators = () => [DEPLOYER, ...list(stackSection(stack, "platform")!.adminPrincipalArns as string[] | undefined)];

                it("secrets key: the deployer and admins administer, only the cluster role encrypts and decrypts", () => {
                    const [admin, use, ...rest] = document(keyNamed("-secrets"), "policy").Statement;
                    assert.deepEqual(rest, []);
                    assert.deepEqual(list(admin.Principal!.AWS), administrators());
                    assert.ok(list(admin.Action).every((a) => !["kms:Encrypt", "kms:Decrypt", "kms:*"].includes(a) && !a.startsWith("kms:GenerateDataKey") && !a.startsWith("kms:ReEncrypt")));
                    assert.deepEqual(use.Principal, { AWS: input<string>(one(r(), T.cluster), "roleArn") });
                    assert.ok(list(use.Action).includes("kms:Decrypt"));
                    assert.ok(list(use.Action).every((a) => !a.startsWith("kms:Put") && !a.startsWith("kms:Schedule") && a !== "kms:*"));
                });

                it("logs key: only CloudWatch Logs uses it, and only for the platform's log groups", () => {
                    const [admin, use, ...rest] = document(keyNamed("-logs"), "policy").Statement;
                    assert.deepEqual(rest, []);
                    assert.deepEqual(list(admin.Principal!.AWS), administrators());
                    assert.deepEqual(use.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
                    assert.deepEqual(use.Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [logGroupArn(controlPlaneLogs), logGroupArn(flowLogs)] } });
                    for (const group of ofType(r(), T.logGroup)) assert.ok(group.dependencies.includes(keyNamed("-logs").urn), group.name);
                });

                it("no key trusts the account root (IAM policies cannot widen its users)", () => {
                    for (const key of ofType(r(), T.key)) {
                        for (const s of document(key, "policy").Statement) assert.ok(!list(s.Principal?.AWS).some((p) => p.endsWith(":root")), `${key.name}: ${JSON.stringify(s)}`);
                    }
                });
            });

            describe("network", () => {
                it("records every flow of the VPC into an encrypted, expiring log group", () => {
                    const vpc = one(r(), T.vpc);
                    const flowLog = one(r(), T.flowLog);
                    assert.ok(flowLog.dependencies.includes(vpc.urn));
                    assert.equal(input(flowLog, "vpcId"), vpc.id);
                    assert.equal(input(flowLog, "trafficType"), "ALL");
                    assert.equal(input(flowLog, "logDestinationType"), "cloud-watch-logs");
                    assert.equal(input(flowLog, "logDestination"), logGroupArn(flowLogs));
                    const group = ofType(r(), T.logGroup).find((g) => input(g, "name") === flowLogs)!;
                    assert.ok(flowLog.dependencies.includes(group.urn));
                    assert.equal(input(group, "retentionInDays"), 365);
                    assert.ok(input(group, "kmsKeyId"));
                });

                it("lets the flow-log service write only to its log group, only for this account", () => {
                    const role = roleOf(r(), input<string>(one(r(), T.flowLog), "iamRoleArn"));
                    const [trust] = document(role, "assumeRolePolicy").Statement;
                    assert.deepEqual(trust.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
                    assert.deepEqual(trust.Condition, { StringEquals: { "aws:SourceAccount": ACCOUNT } });
                    const delivery = ofType(r(), T.inlinePolicy).filter((p) => p.dependencies.includes(role.urn));
                    assert.equal(delivery.length, 1);
                    const [write] = document(delivery[0], "policy").Statement;
                    assert.deepEqual(list(write.Resource), [logGroupArn(flowLogs), `${logGroupArn(flowLogs)}:*`]);
                    assert.deepEqual(attachedTo(r(), role), []);
                });

                it("strips every rule from the VPC's default security group", () => {
                    const group = one(r(), T.defaultSecurityGroup);
                    assert.equal(input(group, "vpcId"), one(r(), T.vpc).id);
                    assert.deepEqual(input(group, "ingress"), []);
                    assert.deepEqual(input(group, "egress"), []);
                });
            });

            describe("nodes and the VPC CNI", () => {
                it("node role: join the cluster and pull images, nothing more", () => {
                    const nodeRole = ofType(r(), T.role).find((x) => x.name.endsWith("-node"))!;
                    assert.deepEqual(attachedTo(r(), nodeRole), ["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"]);
                });

                it("the VPC CNI gets AmazonEKS_CNI_Policy through an IRSA role only kube-system:aws-node can assume", () => {
                    const cni = addonNamed(r(), "vpc-cni");
                    const role = roleOf(r(), input<string>(cni, "serviceAccountRoleArn"));
                    const [trust, ...more] = document(role, "assumeRolePolicy").Statement;
                    assert.deepEqual(more, []);
                    assert.equal(trust.Action, "sts:AssumeRoleWithWebIdentity");
                    const subject = Object.entries(trust.Condition!.StringEquals).find(([k]) => k.endsWith(":sub"))![1];
                    assert.equal(subject, "system:serviceaccount:kube-system:aws-node");
                    assert.deepEqual(attachedTo(r(), role), ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
                    const attachment = ofType(r(), T.attachment).find((a) => a.dependencies.includes(role.urn))!;
                    assert.ok(cni.dependencies.includes(attachment.urn));
                });
            });
        });
    }

    it("prod: EKS deletion protection on; dev: off", () => {
        assert.equal(input(one(stacks.prod, T.cluster), "deletionProtection"), true);
        assert.equal(input(one(stacks.dev, T.cluster), "deletionProtection"), false);
    });

    it("prod: STS, ECR, EC2 interface endpoints in the private subnets and an S3 gateway on the private routes; dev: none", () => {
        assert.deepEqual(ofType(stacks.dev, T.endpoint), []);
        const endpoints = ofType(stacks.prod, T.endpoint);
        const byService = new Map(endpoints.map((e) => [input<string>(e, "serviceName").replace("com.amazonaws.eu-west-1.", ""), e]));
        assert.deepEqual([...byService.keys()].sort(), ["ec2", "ecr.api", "ecr.dkr", "s3", "sts"]);
        const privateSubnets = ofType(stacks.prod, T.subnet).filter((s) => s.name.includes("-private-")).map((s) => s.id);
        const group = ofType(stacks.prod, T.securityGroup).find((g) => g.name.endsWith("-endpoints"))!;
        for (const service of ["sts", "ecr.api", "ecr.dkr", "ec2"]) {
            const e = byService.get(service)!;
            assert.equal(input(e, "vpcEndpointType"), "Interface");
            assert.equal(input(e, "privateDnsEnabled"), true);
            assert.deepEqual(input(e, "subnetIds"), privateSubnets);
            assert.deepEqual(input(e, "securityGroupIds"), [group.id]);
        }
        assert.deepEqual(input(group, "ingress"), [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.20.0.0/16"], description: "HTTPS from the VPC" }]);
        assert.deepEqual(input(group, "egress"), []);
        const s3 = byService.get("s3")!;
        assert.equal(input(s3, "vpcEndpointType"), "Gateway");
        const privateRoutes = ofType(stacks.prod, T.routeTable).filter((t) => t.name.includes("-private-")).map((t) => t.id);
        assert.deepEqual(input(s3, "routeTableIds"), privateRoutes);
    });

    describe("namespace-scoped access for people", () => {
        let resources: RenderedResource[];
        const team = `arn:aws:iam::${ACCOUNT}:role/kafka-team`;
        const lead = `arn:aws:iam::${ACCOUNT}:role/kafka-lead`;
        before(async () => {
            const platform = {
                ...stackSection("prod", "platform"),
                namespaceAccess: [{ principalArn: team, namespaces: ["kafka"] }, { principalArn: lead, namespaces: ["kafka", "keda"], policy: "admin" }],
            };
            ({ resources } = await renderStack("prod", { platform }));
        });

        it("maps edit and admin onto the EKS access policies, scoped to the namespaces", () => {
            const of = (arn: string) => ofType(resources, T.accessPolicy).find((a) => input(a, "principalArn") === arn)!;
            assert.equal(input(of(team), "policyArn"), "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy");
            assert.deepEqual(input(of(team), "accessScope"), { type: "namespace", namespaces: ["kafka"] });
            assert.equal(input(of(lead), "policyArn"), "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy");
            assert.deepEqual(input(of(lead), "accessScope"), { type: "namespace", namespaces: ["kafka", "keda"] });
            for (const arn of [team, lead]) assert.ok(ofType(resources, T.accessEntry).some((e) => input(e, "principalArn") === arn));
        });

        it("does not make them key administrators", () => {
            for (const key of ofType(resources, T.key)) {
                const principals = document(key, "policy").Statement.flatMap((s) => list(s.Principal?.AWS));
                assert.ok(!principals.includes(team) && !principals.includes(lead), key.name);
            }
        });
    });

    describe("in an existing VPC", () => {
        let resources: RenderedResource[];
        before(async () => {
            const platform = { ...stackSection("prod", "platform"), existingVpc: { vpcId: "vpc-0abc", privateSubnetIds: ["subnet-0a1", "subnet-0b2", "subnet-0c3"] } };
            ({ resources } = await renderStack("prod", { platform }));
        });

        it("leaves the VPC's flow logs, default group and endpoints to its owner; the logs key names only the control-plane group", () => {
            for (const type of [T.flowLog, T.defaultSecurityGroup, T.endpoint]) assert.deepEqual(ofType(resources, type), [], type);
            assert.deepEqual(ofType(resources, T.logGroup).map((g) => input(g, "name")), ["/aws/eks/kafka-eks-prod/cluster"]);
            const logsKey = ofType(resources, T.key).find((k) => k.name.endsWith("-logs"))!;
            const use = document(logsKey, "policy").Statement[1];
            assert.deepEqual(use.Condition, { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [logGroupArn("/aws/eks/kafka-eks-prod/cluster")] } });
        });
    });
});
