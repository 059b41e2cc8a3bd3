/**
 * Audit and flow logs are evidence: they must be kept long enough to investigate with, and
 * encrypted with a key whose policy says who may read them. EKS writes control-plane logs to
 * `/aws/eks/<cluster>/cluster` and, when that group does not exist before the cluster, creates
 * it itself, unencrypted and never expiring; so the stack must create it, and first.
 * Maps to: Security Hub CloudWatch.16 (log groups retained for a specified period, by default
 * 365 days); KMS encryption: EKS Best Practices Guide (detective controls), NIST 800-53 SC-28
 * (no Security Hub control checks log-group keys); CIS Amazon EKS Benchmark 2.1.2 (audit logs
 * collected and managed) for the control-plane group.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { isSet, known } from "../lib/links";
import { awsRef, violation } from "../lib/message";
import { asArray, asNumber, asString } from "../lib/props";
import { configSchema, integer, readSettings } from "../lib/settings";

const settings = {
    minRetentionDays: integer(365, 1, "Fewest days a log group may keep its events (Security Hub CloudWatch.16 defaults to 365)."),
};

export const logGroupRetentionEncryption: StackValidationPolicy = {
    name: "log-group-retention-encryption",
    description:
        "CloudWatch log groups keep events at least minRetentionDays and are encrypted with a KMS key; every EKS cluster with control-plane logging has its /aws/eks/<name>/cluster group created by the stack before it. Security Hub CloudWatch.16; CIS EKS Benchmark 2.1.2; KMS encryption: no Security Hub control covers it (NIST 800-53 SC-28).",
    enforcementLevel: "advisory",
    configSchema: configSchema(settings),
    validateStack: (args, reportViolation) => {
        const { minRetentionDays } = readSettings(args.getConfig(), settings);
        const groups = args.resources.filter((r) => r.type === AWS_TYPE.logGroup);
        for (const group of groups) {
            const ref = awsRef(group.type, group.name, known(group.props, "name"));
            const retention = asNumber(known(group.props, "retentionInDays"));
            if (retention === undefined || retention === 0) {
                reportViolation(violation(ref, "retentionInDays", "is unset (events never expire: how long evidence is kept is left undecided)", `set it to at least ${minRetentionDays}`), group.urn);
            } else if (retention < minRetentionDays) {
                reportViolation(violation(ref, "retentionInDays", `is ${retention}, below ${minRetentionDays}`, `set it to at least ${minRetentionDays}`), group.urn);
            }
            if (!isSet(group.props, "kmsKeyId")) {
                reportViolation(
                    violation(ref, "kmsKeyId", "is unset (encrypted only with a key CloudWatch owns, readable by anyone with logs:GetLogEvents)", "set a customer-managed KMS key whose policy lets logs.<region>.amazonaws.com use it for this group"),
                    group.urn,
                );
            }
        }
        for (const cluster of args.resources.filter((r) => r.type === AWS_TYPE.eksCluster)) {
            const name = asString(known(cluster.props, "name"));
            if (name === undefined || asArray(known(cluster.props, "enabledClusterLogTypes")).length === 0) {
                continue;
            }
            const expected = `/aws/eks/${name}/cluster`;
            const group = groups.find((g) => known(g.props, "name") === expected);
            const ref = awsRef(cluster.type, cluster.name, name);
            if (group === undefined) {
                reportViolation(
                    violation(ref, "control-plane log group", `${expected} is not created by the stack (EKS creates it unencrypted and never expiring)`, `create the aws.cloudwatch.LogGroup "${expected}" with a retention and a KMS key, and make the cluster depend on it`),
                    cluster.urn,
                );
            } else if (!cluster.dependencies.some((d) => d.urn === group.urn)) {
                reportViolation(violation(ref, "dependsOn", `does not include the log group ${expected} (EKS may create it first)`, "make the cluster depend on the log group"), cluster.urn);
            }
        }
    },
};
