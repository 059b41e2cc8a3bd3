import * as assert from "assert";
import { eksNoCreatorAdmin } from "../../policy/policies/eks-no-creator-admin";
import { eksCluster } from "./aws-objects";
import { checkResource } from "./fixtures";

describe("policy eks-no-creator-admin", () => {
    it("passes a cluster that bootstraps no creator admin", async () => {
        assert.deepStrictEqual(await checkResource(eksNoCreatorAdmin, eksCluster()), []);
    });
    it("fails the creator's implicit admin, naming the cluster, the field and that it is create-time only", async () => {
        assert.deepStrictEqual(await checkResource(eksNoCreatorAdmin, eksCluster({ accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true } })), [
            'aws:eks/cluster:Cluster "kafka-eks" (kafka-prod): accessConfig.bootstrapClusterCreatorAdminPermissions is true; set it to false and give the deploying role its own access entry; EKS reads it only at creation, so decide before the cluster exists.',
        ]);
    });
    it("fails the AWS default (unset means true)", async () => {
        const [message] = await checkResource(eksNoCreatorAdmin, eksCluster({ accessConfig: undefined }));
        assert.match(message, /bootstrapClusterCreatorAdminPermissions is unset \(EKS defaults to true/);
    });
});
