import * as assert from "assert";
import { eksControlPlaneLogging } from "../../policy/policies/eks-control-plane-logging";
import { eksEndpointRestricted } from "../../policy/policies/eks-endpoint-restricted";
import { eksSecretsEncryption } from "../../policy/policies/eks-secrets-encryption";
import { eksCluster } from "./aws-objects";
import { checkResource } from "./fixtures";

describe("policy eks-control-plane-logging", () => {
    it("passes enabled log types", async () => {
        assert.deepStrictEqual(await checkResource(eksControlPlaneLogging, eksCluster()), []);
    });
    it("fails an empty list, naming the cluster and field", async () => {
        assert.deepStrictEqual(await checkResource(eksControlPlaneLogging, eksCluster({ enabledClusterLogTypes: [] })), [
            'aws:eks/cluster:Cluster "kafka-eks" (kafka-prod): enabledClusterLogTypes is empty; enable at least ["api","audit","authenticator"] (stack config: kafka-eks:platform.logTypes).',
        ]);
    });
    it("fails missing required log types when configured", async () => {
        const [message] = await checkResource(eksControlPlaneLogging, eksCluster({ enabledClusterLogTypes: ["api"] }), { requiredLogTypes: ["api", "audit"] });
        assert.match(message, /enabledClusterLogTypes is \["api"\], missing \["audit"\]/);
    });
});

describe("policy eks-secrets-encryption", () => {
    it("passes a KMS key for secrets", async () => {
        assert.deepStrictEqual(await checkResource(eksSecretsEncryption, eksCluster()), []);
    });
    it("fails without encryptionConfig, naming the cluster and field", async () => {
        const { encryptionConfig: _omit, ...props } = eksCluster().props;
        const [message] = await checkResource(eksSecretsEncryption, { ...eksCluster(), props });
        assert.strictEqual(message, 'aws:eks/cluster:Cluster "kafka-eks" (kafka-prod): encryptionConfig is unset; set encryptionConfig { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.');
    });
    it("fails an encryptionConfig without secrets", async () => {
        const [message] = await checkResource(eksSecretsEncryption, eksCluster({ encryptionConfig: { resources: [], provider: { keyArn: "arn:k" } } }));
        assert.match(message, /encryptionConfig\.resources is \[\]/);
    });
});

describe("policy eks-endpoint-restricted", () => {
    it("passes restricted CIDRs or a private endpoint", async () => {
        assert.deepStrictEqual(await checkResource(eksEndpointRestricted, eksCluster()), []);
        assert.deepStrictEqual(await checkResource(eksEndpointRestricted, eksCluster({ vpcConfig: { subnetIds: ["s"], endpointPublicAccess: false, publicAccessCidrs: ["0.0.0.0/0"] } })), []);
    });
    it("fails a public endpoint open to 0.0.0.0/0, naming the cluster and field", async () => {
        const messages = await checkResource(eksEndpointRestricted, eksCluster({ vpcConfig: { subnetIds: ["s"], endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } }));
        assert.deepStrictEqual(messages, [
            'aws:eks/cluster:Cluster "kafka-eks" (kafka-prod): vpcConfig.publicAccessCidrs is ["0.0.0.0/0"]; set vpcConfig.endpointPublicAccess false (with endpointPrivateAccess true), or list your egress CIDRs in vpcConfig.publicAccessCidrs (stack config: kafka-eks:platform.endpoint.publicAccessCidrs).',
        ]);
    });
    it("fails AWS defaults (public on, CIDRs unset)", async () => {
        const [message] = await checkResource(eksEndpointRestricted, eksCluster({ vpcConfig: { subnetIds: ["s"] } }));
        assert.match(message, /vpcConfig\.publicAccessCidrs is unset while the public endpoint is on/);
    });
});
