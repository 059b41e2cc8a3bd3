/**
 * Data at rest on EBS — Kafka logs, ZooKeeper snapshots, node root disks — is encrypted.
 * EBS encryption is fixed at volume creation, so it has to be right in the StorageClass and the
 * launch template before the first volume exists. Advisory by default; prod makes it mandatory.
 * Maps to: Security Hub EC2.3 (attached EBS volumes encrypted) and EC2.181 (launch templates
 * encrypt attached EBS volumes). No CIS EKS control covers it.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { K8S_TYPE, objectRef } from "../lib/k8s";
import { awsRef, violation } from "../lib/message";
import { asArray, asString, at, isRecord, isTruthyFlag } from "../lib/props";

/** Provisioners whose `encrypted` parameter means EBS encryption. */
const EBS_PROVISIONERS: readonly string[] = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

export const storageEncrypted: ResourceValidationPolicy = {
    name: "storage-encrypted",
    description: 'EBS-backed StorageClasses set parameters.encrypted "true"; EBS volumes and launch-template block devices are encrypted. Security Hub EC2.3, EC2.181; no CIS EKS control covers it.',
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type === K8S_TYPE.storageClass) {
            const provisioner = asString(args.props.provisioner);
            const encrypted = at(args.props, "parameters", "encrypted");
            if (provisioner !== undefined && EBS_PROVISIONERS.includes(provisioner) && encrypted !== "true") {
                const shown = encrypted === undefined ? "is unset (volumes are created unencrypted unless the account enforces EBS encryption)" : `is ${JSON.stringify(encrypted)}`;
                reportViolation(violation(objectRef(args.type, args.props, args.name), "parameters.encrypted", shown, 'set it to "true" (a string)'));
            }
        } else if (args.type === AWS_TYPE.ebsVolume) {
            if (args.props.encrypted !== true) {
                reportViolation(violation(awsRef(args.type, args.name, undefined), "encrypted", shownFlag(args.props.encrypted), "set it to true"));
            }
        } else if (args.type === AWS_TYPE.launchTemplate) {
            const ref = awsRef(args.type, args.name, args.props.name);
            asArray(args.props.blockDeviceMappings).forEach((mapping, index) => {
                const ebs = at(mapping, "ebs");
                if (isRecord(ebs) && !isTruthyFlag(ebs.encrypted)) {
                    reportViolation(violation(ref, `blockDeviceMappings[${index}].ebs.encrypted`, shownFlag(ebs.encrypted), 'set it to "true"'));
                }
            });
        }
    },
};

/** EBS creates unencrypted volumes when the flag is absent (unless the account default says otherwise). */
function shownFlag(value: unknown): string {
    return value === undefined ? "is unset (EBS defaults to unencrypted)" : `is ${JSON.stringify(value)}`;
}
