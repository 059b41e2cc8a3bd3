/**
 * VPC with one public and one private subnet per zone, and NAT for the private ones; flow logs
 * into an encrypted log group, a default security group without rules, and optionally the VPC
 * endpoints nodes need without NAT.
 */
import * as aws from "../common/aws";
import * as pulumi from "@pulumi/pulumi";
import { flowLogsDeliveryPolicy, logGroupArn, serviceTrustPolicy } from "./iam-documents";
import { flowLogGroupName, logGroupArgs } from "./log-groups";
import { planSubnets } from "./subnet-plan";

/** Interface endpoints nodes and pods use: IRSA token exchange, image pulls, the EBS CSI and CNI EC2 calls. */
export const INTERFACE_ENDPOINT_SERVICES = ["sts", "ecr.api", "ecr.dkr", "ec2"] as const;

export interface NetworkArgs {
    /** EKS cluster name: subnets are tagged so its load balancers find them. */
    clusterName: string;
    /** VPC CIDR, split by planSubnets. */
    cidr: string;
    /** Availability zones to use, one subnet pair each (at least 3). */
    zones: pulumi.Input<string>[];
    /** `single` NAT gateway (dev) or one per zone (prod: a zone loss keeps egress in the others). */
    natGateways: "single" | "perZone";
    /** AWS region: endpoint service names and the flow-log group's ARN. */
    region: string;
    accountId: pulumi.Input<string>;
    /** KMS key encrypting the flow-log group (its policy must let CloudWatch Logs use it for that group). */
    logsKeyArn: pulumi.Input<string>;
    /** Days the flow logs are kept. */
    logRetentionDays: number;
    /** Create the STS, ECR, EC2 interface endpoints and the S3 gateway endpoint. Default false. */
    endpoints?: boolean;
}

export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:platform:Network", name, {}, opts);
        const parent = { parent: this };
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };

        const vpc = new aws.ec2.Vpc(name, { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: args.clusterName } }, parent);
        const igw = new aws.ec2.InternetGateway(name, { vpcId: vpc.id, tags: { Name: args.clusterName } }, parent);
        const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
            tags: { Name: `${args.clusterName}-public` },
        }, parent);

        // The default security group gets every new ENI that names no group: no rules at all (Security Hub EC2.2).
        new aws.ec2.DefaultSecurityGroup(name, { vpcId: vpc.id, ingress: [], egress: [], tags: { Name: `${args.clusterName}-default-deny` } }, parent);

        // Every flow (accepted and rejected) into an encrypted, expiring log group (Security Hub EC2.6).
        const flowLogGroupArn = pulumi.output(args.accountId).apply((account) => logGroupArn(args.region, account, flowLogGroupName(args.clusterName)));
        const flowLogGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, logGroupArgs(flowLogGroupName(args.clusterName), args.logRetentionDays, args.logsKeyArn), parent);
        const flowLogRole = new aws.iam.Role(`${name}-flow-logs`, {
            assumeRolePolicy: pulumi.output(args.accountId).apply((account) => JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com", account))),
        }, parent);
        const flowLogDelivery = new aws.iam.RolePolicy(`${name}-flow-logs`, { role: flowLogRole.name, policy: flowLogGroupArn.apply((arn) => JSON.stringify(flowLogsDeliveryPolicy(arn))) }, parent);
        new aws.ec2.FlowLog(name, {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: flowLogGroupArn,
            iamRoleArn: flowLogRole.arn,
            tags: { Name: args.clusterName },
        }, { parent: this, dependsOn: [flowLogGroup, flowLogDelivery] });

        const plan = planSubnets(args.cidr, args.zones.length);
        const publicSubnets = plan.map((p, i) => {
            const subnet = new aws.ec2.Subnet(`${name}-public-${i}`, {
                vpcId: vpc.id,
                cidrBlock: p.publicCidr,
                availabilityZone: args.zones[i],
                mapPublicIpOnLaunch: false,
                tags: { Name: pulumi.interpolate`${args.clusterName}-public-${args.zones[i]}`, "kubernetes.io/role/elb": "1", ...clusterTag },
            }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, parent);
            return subnet;
        });

        const natCount = args.natGateways === "perZone" ? plan.length : 1;
        const nats = publicSubnets.slice(0, natCount).map((subnet, i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: { Name: `${args.clusterName}-nat-${i}` } }, parent);
            return new aws.ec2.NatGateway(`${name}-${i}`, { subnetId: subnet.id, allocationId: eip.id, tags: { Name: `${args.clusterName}-${i}` } }, { parent: this, dependsOn: [igw] });
        });

        const privateRouteTables: aws.ec2.RouteTable[] = [];
        const privateSubnets = plan.map((p, i) => {
            const subnet = new aws.ec2.Subnet(`${name}-private-${i}`, {
                vpcId: vpc.id,
                cidrBlock: p.privateCidr,
                availabilityZone: args.zones[i],
                tags: { Name: pulumi.interpolate`${args.clusterName}-private-${args.zones[i]}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag },
            }, parent);
            const routes = new aws.ec2.RouteTable(`${name}-private-${i}`, {
                vpcId: vpc.id,
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[i % natCount].id }],
                tags: { Name: pulumi.interpolate`${args.clusterName}-private-${args.zones[i]}` },
            }, parent);
            new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
            privateRouteTables.push(routes);
            return subnet;
        });

        if (args.endpoints) {
            const endpointGroup = new aws.ec2.SecurityGroup(`${name}-endpoints`, {
                vpcId: vpc.id,
                description: `HTTPS from ${args.clusterName}'s VPC to its interface endpoints`,
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: [args.cidr], description: "HTTPS from the VPC" }],
                // Endpoint network interfaces only answer; they open no connections.
                egress: [],
                tags: { Name: `${args.clusterName}-endpoints` },
            }, parent);
            for (const service of INTERFACE_ENDPOINT_SERVICES) {
                new aws.ec2.VpcEndpoint(`${name}-${service.replace(".", "-")}`, {
                    vpcId: vpc.id,
                    serviceName: `com.amazonaws.${args.region}.${service}`,
                    vpcEndpointType: "Interface",
                    subnetIds: privateSubnets.map((s) => s.id),
                    securityGroupIds: [endpointGroup.id],
                    privateDnsEnabled: true,
                    tags: { Name: `${args.clusterName}-${service}` },
                }, parent);
            }
            // ECR serves image layers from S3: a gateway endpoint on the private route tables.
            new aws.ec2.VpcEndpoint(`${name}-s3`, {
                vpcId: vpc.id,
                serviceName: `com.amazonaws.${args.region}.s3`,
                vpcEndpointType: "Gateway",
                routeTableIds: privateRouteTables.map((t) => t.id),
                tags: { Name: `${args.clusterName}-s3` },
            }, parent);
        }

        this.vpcId = vpc.id;
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds });
    }
}
