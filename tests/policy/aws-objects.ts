/** AWS resources as the engine sees them: Pulumi type token + @pulumi/aws 7.x input names. */
import type { Fixture } from "./fixtures";

/** An EKS cluster that passes every hardening policy; override fields to fail one. */
export function eksCluster(overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:eks/cluster:Cluster",
        name: "kafka-eks",
        props: {
            name: "kafka-prod",
            roleArn: "arn:aws:iam::123456789012:role/eks",
            enabledClusterLogTypes: ["api", "audit", "authenticator"],
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: "arn:aws:kms:eu-west-1:123456789012:key/abc" } },
            vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
            ...overrides,
        },
    };
}

export function launchTemplate(overrides: Record<string, unknown> = {}): Fixture {
    return {
        type: "aws:ec2/launchTemplate:LaunchTemplate",
        name: "kafka-nodes",
        props: {
            metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
            blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 50, volumeType: "gp3", encrypted: "true" } }],
            ...overrides,
        },
    };
}
