/** Pulumi type tokens of the AWS resources the pack checks (@pulumi/aws 7.x). */
export const AWS_TYPE = {
    eksCluster: "aws:eks/cluster:Cluster",
    launchTemplate: "aws:ec2/launchTemplate:LaunchTemplate",
    ebsVolume: "aws:ebs/volume:Volume",
    eksAddon: "aws:eks/addon:Addon",
    iamRole: "aws:iam/role:Role",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    vpc: "aws:ec2/vpc:Vpc",
    flowLog: "aws:ec2/flowLog:FlowLog",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;
