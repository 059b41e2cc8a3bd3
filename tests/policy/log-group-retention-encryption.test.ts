import * as assert from "assert";
import { logGroupRetentionEncryption } from "../../policy/policies/log-group-retention-encryption";
import { checkLinkedStack, eksCluster, logGroup } from "./aws-objects";
import { urnOf } from "./fixtures";

describe("policy log-group-retention-encryption (stack)", () => {
    const controlPlane = logGroup("/aws/eks/kafka-prod/cluster");
    const cluster = { ...eksCluster(), dependsOn: [controlPlane] };

    it("passes encrypted groups kept a year, the cluster's group created before the cluster", async () => {
        assert.deepStrictEqual(await checkLinkedStack(logGroupRetentionEncryption, [controlPlane, cluster, logGroup("/aws/vpc/kafka-prod/flow-logs")]), []);
    });

    it("fails a group without retention or key, naming it and both fields", async () => {
        const bare = logGroup("/aws/vpc/kafka-prod/flow-logs", { retentionInDays: undefined, kmsKeyId: undefined });
        const violations = await checkLinkedStack(logGroupRetentionEncryption, [controlPlane, cluster, bare]);
        assert.deepStrictEqual(violations.map((v) => v.urn), [urnOf(bare), urnOf(bare)]);
        assert.strictEqual(
            violations[0].message,
            'aws:cloudwatch/logGroup:LogGroup "aws-vpc-kafka-prod-flow-logs" (/aws/vpc/kafka-prod/flow-logs): retentionInDays is unset (events never expire: how long evidence is kept is left undecided); set it to at least 365.',
        );
        assert.match(violations[1].message, /kmsKeyId is unset \(encrypted only with a key CloudWatch owns/);
    });

    it("fails a retention below minRetentionDays, which is configurable", async () => {
        const short = logGroup("/aws/eks/kafka-prod/cluster", { retentionInDays: 30 });
        const [violation] = await checkLinkedStack(logGroupRetentionEncryption, [short, { ...eksCluster(), dependsOn: [short] }]);
        assert.match(violation.message, /retentionInDays is 30, below 365/);
        assert.deepStrictEqual(await checkLinkedStack(logGroupRetentionEncryption, [short, { ...eksCluster(), dependsOn: [short] }], { minRetentionDays: 30 }), []);
    });

    it("fails a logging cluster whose control-plane group the stack does not create (EKS would create it unencrypted)", async () => {
        const violations = await checkLinkedStack(logGroupRetentionEncryption, [eksCluster()]);
        assert.deepStrictEqual(violations, [
            {
                urn: urnOf(eksCluster()),
                message:
                    'aws:eks/cluster:Cluster "kafka-eks" (kafka-prod): control-plane log group /aws/eks/kafka-prod/cluster is not created by the stack (EKS creates it unencrypted and never expiring); create the aws.cloudwatch.LogGroup "/aws/eks/kafka-prod/cluster" with a retention and a KMS key, and make the cluster depend on it.',
            },
        ]);
    });

    it("fails a cluster that does not wait for its log group", async () => {
        const [violation] = await checkLinkedStack(logGroupRetentionEncryption, [controlPlane, eksCluster()]);
        assert.match(violation.message, /dependsOn does not include the log group \/aws\/eks\/kafka-prod\/cluster/);
    });

    it("ignores a cluster without control-plane logging (eks-control-plane-logging reports that)", async () => {
        assert.deepStrictEqual(await checkLinkedStack(logGroupRetentionEncryption, [eksCluster({ enabledClusterLogTypes: [] })]), []);
    });
});
