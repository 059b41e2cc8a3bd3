/** Node launch template settings: IMDSv2 only, encrypted gp3 root volume. */
import type * as aws from "../common/aws";
import type { NodeGroupConfig } from "../config/platform";

export function launchTemplateSpec(group: NodeGroupConfig, clusterName: string): aws.ec2.LaunchTemplateArgs {
    return {
        description: `EKS ${clusterName} node group ${group.name}: IMDSv2, encrypted gp3 root volume`,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            // One hop: pods (one hop further away) cannot read the node role's credentials;
            // workloads get AWS access through IRSA instead.
            httpPutResponseHopLimit: 1,
        },
        blockDeviceMappings: [
            {
                deviceName: "/dev/xvda",
                ebs: { volumeSize: group.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
            },
        ],
        tagSpecifications: [{ resourceType: "instance", tags: { Name: `${clusterName}-${group.name}` } }],
        updateDefaultVersion: true,
    };
}
