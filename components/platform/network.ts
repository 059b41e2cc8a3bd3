/** VPC with one public and one private subnet per zone, and NAT for the private ones. */
import * as aws from "../common/aws";
import * as pulumi from "@pulumi/pulumi";
import { planSubnets } from "./subnet-plan";

export interface NetworkArgs {
    /** EKS cluster name: subnets are tagged so its load balancers find them. */
    clusterName: string;
    /** VPC CIDR, split by planSubnets. */
    cidr: string;
    /** Availability zones to use, one subnet pair each (at least 3). */
    zones: pulumi.Input<string>[];
    /** `single` NAT gateway (dev) or one per zone (prod: a zone loss keeps egress in the others). */
    natGateways: "single" | "perZone";
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
            return subnet;
        });

        this.vpcId = vpc.id;
        this.privateSubnetIds = privateSubnets.map((s) => s.id);
        this.publicSubnetIds = publicSubnets.map((s) => s.id);
        this.registerOutputs({ vpcId: this.vpcId, privateSubnetIds: this.privateSubnetIds, publicSubnetIds: this.publicSubnetIds });
    }
}
