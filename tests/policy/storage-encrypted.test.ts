import * as assert from "assert";
import { storageEncrypted } from "../../policy/policies/storage-encrypted";
import { launchTemplate } from "./aws-objects";
import { checkResource, type Fixture } from "./fixtures";

function storageClass(parameters: Record<string, string>, provisioner = "ebs.csi.aws.com"): Fixture {
    return {
        type: "kubernetes:storage.k8s.io/v1:StorageClass",
        name: "ebs-default",
        props: { metadata: { name: "ebs-default" }, provisioner, parameters, volumeBindingMode: "WaitForFirstConsumer" },
    };
}

describe("policy storage-encrypted", () => {
    it("passes an encrypted EBS class, volume and launch template", async () => {
        assert.deepStrictEqual(await checkResource(storageEncrypted, storageClass({ type: "gp3", encrypted: "true" })), []);
        assert.deepStrictEqual(await checkResource(storageEncrypted, { type: "aws:ebs/volume:Volume", name: "v", props: { availabilityZone: "eu-west-1a", encrypted: true } }), []);
        assert.deepStrictEqual(await checkResource(storageEncrypted, launchTemplate()), []);
    });

    it("fails a StorageClass without encrypted, naming it and the field", async () => {
        assert.deepStrictEqual(await checkResource(storageEncrypted, storageClass({ type: "gp3" })), [
            'StorageClass ebs-default: parameters.encrypted is unset (volumes are created unencrypted unless the account enforces EBS encryption); set it to "true" (a string).',
        ]);
    });

    it("ignores non-EBS provisioners", async () => {
        assert.deepStrictEqual(await checkResource(storageEncrypted, storageClass({}, "efs.csi.aws.com")), []);
    });

    it("fails an unencrypted EBS volume and launch-template block device", async () => {
        const [volume] = await checkResource(storageEncrypted, { type: "aws:ebs/volume:Volume", name: "v", props: { availabilityZone: "eu-west-1a" } });
        assert.strictEqual(volume, 'aws:ebs/volume:Volume "v": encrypted is unset (EBS defaults to unencrypted); set it to true.');
        const [device] = await checkResource(storageEncrypted, launchTemplate({ blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "false" } }] }));
        assert.match(device, /^aws:ec2\/launchTemplate:LaunchTemplate "kafka-nodes": blockDeviceMappings\[0\]\.ebs\.encrypted is "false"; set it to "true"\./);
    });
});
