/**
 * Each platform control names, in its description (what `pulumi preview` shows beside a
 * violation), the Security Hub control and CIS Amazon EKS Benchmark recommendation it maps to, or
 * says that none covers it. Mappings checked against the Security Hub control reference (EKS, EC2,
 * CloudWatch) and the CIS Amazon EKS Benchmark recommendation list (v1.5–v1.7 numbering).
 */
import { strict as assert } from "assert";
import { policies } from "../../policy/policies";

const MAPPINGS: Readonly<Record<string, readonly RegExp[]>> = {
    "ebs-csi-cluster-scoped": [/CIS EKS Benchmark 5\.2\.1/, /no Security Hub control covers it/],
    "eks-no-creator-admin": [/CIS EKS Benchmark 4\.1\.1/, /no Security Hub control covers it/],
    "egress-default-deny": [/CIS EKS Benchmark 4\.3\.2, 5\.4\.4/, /no Security Hub control covers it/],
    "vpc-flow-logs": [/Security Hub EC2\.6/, /no CIS EKS control covers it/],
    "log-group-retention-encryption": [/Security Hub CloudWatch\.16/, /CIS EKS Benchmark 2\.1\.2/, /KMS encryption: no Security Hub control covers it/],
    "pinned-images": [/no Security Hub or CIS EKS control covers it/],
    "eks-endpoint-restricted": [/CIS EKS Benchmark 5\.4\.1/, /Security Hub EKS\.1 is stricter/],
    "eks-secrets-encryption": [/Security Hub EKS\.3/, /CIS EKS Benchmark 5\.3\.1/],
    "eks-control-plane-logging": [/Security Hub EKS\.8 when requiredLogTypes includes "audit"/, /CIS EKS Benchmark 2\.1\.1/],
    "node-imdsv2": [/Security Hub EC2\.170/, /no CIS EKS control covers it/],
    "storage-encrypted": [/Security Hub EC2\.3, EC2\.181/, /no CIS EKS control covers it/],
};

describe("policy pack: control mappings in descriptions", () => {
    for (const [name, patterns] of Object.entries(MAPPINGS)) {
        it(`${name} names the controls it maps to`, () => {
            const policy = policies.find((p) => p.name === name);
            assert.ok(policy, `no policy ${name}`);
            for (const pattern of patterns) assert.match(policy.description, pattern);
        });
    }
});
