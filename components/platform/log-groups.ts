/** The platform's CloudWatch log groups: fixed names, a retention, a customer-managed key. */
import type * as aws from "../common/aws";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The control-plane log group. EKS writes to this fixed name and creates it itself (unencrypted,
 * kept forever) unless it exists before the cluster.
 */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/** The flow-log group of the VPC the stack creates. */
export function flowLogGroupName(clusterName: string): string {
    return `/aws/vpc/${clusterName}/flow-logs`;
}

export function logGroupArgs(name: string, retentionInDays: number, kmsKeyArn: pulumi.Input<string>): aws.cloudwatch.LogGroupArgs {
    return { name, retentionInDays, kmsKeyId: kmsKeyArn };
}
