import { strict as assert } from "assert";
import { RenderedResource, input, one, ofType, renderStack, stackSection } from "../harness";

const SC = "kubernetes:storage.k8s.io/v1:StorageClass";

describe("ebs-default StorageClass", () => {
    const stacks: Record<string, RenderedResource[]> = {};
    before(async () => {
        for (const stack of ["dev", "prod"]) stacks[stack] = (await renderStack(stack)).resources;
    });

    for (const [stack, reclaim, isDefault, iops, throughput] of [
        ["dev", "Delete", "true", "3000", "125"],
        ["prod", "Retain", "false", "6000", "250"],
    ] as const) {
        it(`${stack}: encrypted gp3 on the EBS CSI driver, reclaim ${reclaim}`, () => {
            const sc = one(stacks[stack], SC, "ebs-default");
            assert.equal(input(sc, "metadata.name"), "ebs-default");
            assert.equal(input(sc, "provisioner"), "ebs.csi.aws.com");
            assert.deepEqual(input(sc, "parameters"), { type: "gp3", iops, throughput, encrypted: "true" });
            assert.equal(input(sc, "volumeBindingMode"), "WaitForFirstConsumer");
            assert.equal(input(sc, "allowVolumeExpansion"), true);
            assert.equal(input(sc, "reclaimPolicy"), reclaim);
            assert.equal(input<Record<string, string>>(sc, "metadata.annotations")["storageclass.kubernetes.io/is-default-class"], isDefault);
        });

        it(`${stack}: is created only after the EBS CSI addon`, () => {
            const sc = one(stacks[stack], SC, "ebs-default");
            const addon = ofType(stacks[stack], "aws:eks/addon:Addon").find((a) => input(a, "addonName") === "aws-ebs-csi-driver")!;
            assert.ok(sc.dependencies.includes(addon.urn), `StorageClass dependencies: ${sc.dependencies.join(", ")}`);
        });
    }

    it("names a customer KMS key when configured", async () => {
        const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555";
        const { resources } = await renderStack("prod", { storage: { ...stackSection("prod", "storage"), kmsKeyArn: keyArn } });
        assert.equal(input(one(resources, SC), "parameters.kmsKeyId"), keyArn);
    });
});

describe("existing-cluster mode", () => {
    let resources: RenderedResource[];
    before(async () => {
        ({ resources } = await renderStack("kind", {
            platform: { mode: "existing", kubeconfig: "/home/me/.kube/config", context: "kind-kafka" },
            storage: { provisioner: "rancher.io/local-path", reclaimPolicy: "Delete" },
        }));
    });

    it("creates no AWS resources", () => assert.deepEqual(resources.filter((r) => r.type.startsWith("aws:")).map((r) => r.type), []));

    it("builds the provider from the kubeconfig path and context", () => {
        const provider = one(resources, "pulumi:providers:kubernetes");
        assert.equal(input(provider, "kubeconfig"), "/home/me/.kube/config");
        assert.equal(input(provider, "context"), "kind-kafka");
    });

    it("uses the configured provisioner without EBS parameters", () => {
        const sc = one(resources, SC);
        assert.equal(input(sc, "provisioner"), "rancher.io/local-path");
        assert.deepEqual(input(sc, "parameters"), {});
        assert.equal(input(sc, "metadata.name"), "ebs-default");
    });
});
