/**
 * Kubernetes Secrets are only base64 in etcd unless envelope-encrypted with a KMS key.
 * Advisory by default; prod makes it mandatory.
 * Maps to: Security Hub EKS.3 (encrypted Kubernetes secrets); CIS Amazon EKS Benchmark 5.3.1
 * (secrets encrypted with KMS customer managed keys).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { awsRef, violation } from "../lib/message";
import { asArray, asString, at } from "../lib/props";

export const eksSecretsEncryption: ResourceValidationPolicy = {
    name: "eks-secrets-encryption",
    description: 'EKS clusters envelope-encrypt Secrets with KMS (encryptionConfig with resources ["secrets"] and a provider keyArn). Security Hub EKS.3; CIS EKS Benchmark 5.3.1.',
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_TYPE.eksCluster) {
            return;
        }
        const ref = awsRef(args.type, args.name, args.props.name);
        const fix = 'set encryptionConfig { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }';
        const config = args.props.encryptionConfig;
        if (config === undefined || config === null) {
            reportViolation(violation(ref, "encryptionConfig", "is unset", fix));
            return;
        }
        if (!asArray(at(config, "resources")).includes("secrets")) {
            reportViolation(violation(ref, "encryptionConfig.resources", `is ${JSON.stringify(at(config, "resources") ?? "unset")}`, fix));
        }
        if (!asString(at(config, "provider", "keyArn"))) {
            reportViolation(violation(ref, "encryptionConfig.provider.keyArn", "is unset", fix));
        }
    },
};
