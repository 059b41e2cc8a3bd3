/** IAM policy documents as data: testable without AWS, and exactly what the roles trust. */

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Array<Record<string, unknown>>;
}

/**
 * Trust policy letting an AWS service (eks.amazonaws.com, ec2.amazonaws.com) assume the role.
 * With `sourceAccount`, only on behalf of that account (confused-deputy protection for services
 * that act for many customers, such as VPC flow logs).
 */
export function serviceTrustPolicy(service: string, sourceAccount?: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: service },
                Action: "sts:AssumeRole",
                ...(sourceAccount ? { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } } : {}),
            },
        ],
    };
}

/**
 * IRSA trust policy: only the Kubernetes service account `namespace/serviceAccount` of this
 * cluster (through its OIDC provider) may assume the role, and only for STS.
 */
export function serviceAccountTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccount: string): PolicyDocument {
    const issuer = issuerUrl.replace(/^https:\/\//, "");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/**
 * What a key administrator may do: manage the key and its policy, not encrypt or decrypt with it
 * (the console's default "Allow access for Key Administrators" statement). The split keeps use out
 * of the administrators' everyday permissions; it cannot make it impossible: `kms:Create*`
 * includes CreateGrant and `kms:Put*` PutKeyPolicy (AWS KMS developer guide, default key policy),
 * so an administrator could grant itself use, a change CloudTrail records.
 */
export const KEY_ADMINISTRATOR_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
] as const;

/** What a key user may do: the cryptographic operations, nothing administrative. */
export const KEY_USER_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** Grants an AWS service (EBS, attaching a volume to an instance) may create on a user's behalf. */
export const KEY_GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"] as const;

/**
 * A key policy that separates administrators from users. No statement for the account root, so
 * IAM policies cannot widen who uses the key; the administrators must include whoever runs
 * `pulumi up` (KMS refuses a policy that would lock its caller out of PutKeyPolicy).
 */
function keyPolicy(administratorArns: readonly string[], users: Record<string, unknown>): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "KeyAdministrators", Effect: "Allow", Principal: { AWS: [...administratorArns] }, Action: [...KEY_ADMINISTRATOR_ACTIONS], Resource: "*" },
            { Sid: "KeyUsers", Effect: "Allow", ...users, Action: [...KEY_USER_ACTIONS], Resource: "*" },
        ],
    };
}

/** The EKS secrets-encryption key: administered by the deployer and admins, used only by the cluster role. */
export function secretsKeyPolicy(administratorArns: readonly string[], clusterRoleArn: string): PolicyDocument {
    return keyPolicy(administratorArns, { Principal: { AWS: clusterRoleArn } });
}

/**
 * The log-group key: used only by CloudWatch Logs in this region, and only for the named log
 * groups (the encryption context CloudWatch Logs sets is the log group's ARN).
 */
export function logsKeyPolicy(administratorArns: readonly string[], region: string, logGroupArns: readonly string[]): PolicyDocument {
    return keyPolicy(administratorArns, {
        Principal: { Service: `logs.${region}.amazonaws.com` },
        Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": [...logGroupArns] } },
    });
}

/**
 * What the EBS CSI driver needs on a customer-managed key (the EKS user guide's statements for
 * the driver's role): grants only for AWS resources (EBS attaching the volume), and the
 * cryptographic operations, both on that key alone.
 */
export function ebsCsiKmsPolicy(keyArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GrantsForEbs",
                Effect: "Allow",
                Action: [...KEY_GRANT_ACTIONS],
                Resource: keyArn,
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            { Sid: "UseVolumeKey", Effect: "Allow", Action: [...KEY_USER_ACTIONS], Resource: keyArn },
        ],
    };
}

/** What VPC flow logs need to write into their log group (and nothing else). */
export function flowLogsDeliveryPolicy(logGroupArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
        ],
    };
}

/** ARN of a CloudWatch Logs group, known before the group exists (the key policy names it). */
export function logGroupArn(region: string, accountId: string, name: string, partition = "aws"): string {
    return `arn:${partition}:logs:${region}:${accountId}:log-group:${name}`;
}

export const MANAGED_POLICY = {
    eksCluster: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    eksWorkerNode: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    eksCni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    ecrPullOnly: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
    /**
     * Only volumes, snapshots and instances tagged for this cluster: the resource tag
     * `ebs.csi.aws.com/cluster-name` (instances: `eks:cluster-name`) must equal the role's
     * `eks-cluster-name` tag, so one cluster's driver cannot touch another's volumes.
     */
    ebsCsiClusterScoped: "arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy",
    eksClusterAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    eksAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy",
    eksEdit: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
} as const;

/** The principal tag AmazonEBSCSIDriverEKSClusterScopedPolicy compares every resource tag with. */
export const EBS_CSI_CLUSTER_PRINCIPAL_TAG = "eks-cluster-name";

/** The EBS CSI controller's service account (the aws-ebs-csi-driver addon's fixed name). */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;

/** The VPC CNI's service account (the aws-node DaemonSet of the vpc-cni addon). */
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;
