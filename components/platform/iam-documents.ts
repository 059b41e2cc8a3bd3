/** IAM policy documents as data: testable without AWS, and exactly what the roles trust. */

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Array<Record<string, unknown>>;
}

/** Trust policy letting an AWS service (eks.amazonaws.com, ec2.amazonaws.com) assume the role. */
export function serviceTrustPolicy(service: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
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

/** Key policy for the EKS secrets-encryption key: the account administers it (no lock-out). */
export function kmsKeyPolicy(accountId: string, partition = "aws"): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AccountAdministers",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: "kms:*",
                Resource: "*",
            },
        ],
    };
}

/** What a key user may do: the cryptographic operations, nothing administrative. */
export const KEY_USER_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"] as const;

/** Grants an AWS service (EBS, attaching a volume to an instance) may create on a user's behalf. */
export const KEY_GRANT_ACTIONS = ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"] as const;

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

export const MANAGED_POLICY = {
    eksCluster: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy",
    eksWorkerNode: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    eksCni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    ecrReadOnly: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    /**
     * Only volumes, snapshots and instances tagged for this cluster: the resource tag
     * `ebs.csi.aws.com/cluster-name` (instances: `eks:cluster-name`) must equal the role's
     * `eks-cluster-name` tag, so one cluster's driver cannot touch another's volumes.
     */
    ebsCsiClusterScoped: "arn:aws:iam::aws:policy/AmazonEBSCSIDriverEKSClusterScopedPolicy",
    eksClusterAdmin: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
} as const;

/** The principal tag AmazonEBSCSIDriverEKSClusterScopedPolicy compares every resource tag with. */
export const EBS_CSI_CLUSTER_PRINCIPAL_TAG = "eks-cluster-name";

/** The EBS CSI controller's service account (the aws-ebs-csi-driver addon's fixed name). */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;
