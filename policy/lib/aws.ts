/** Pulumi type tokens of the AWS resources the pack checks (@pulumi/aws 7.x). */
export const AWS_TYPE = {
    eksCluster: "aws:eks/cluster:Cluster",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    ebsVolume: "aws:ebs/volume:Volume",
} as const;
