/** The `ebs-default` StorageClass as data (EBS CSI, gp3, encrypted; WaitForFirstConsumer because EBS volumes are zone-bound). */
import type * as k8s from "../common/kubernetes";
import { platformLabels } from "../common/labels";
import { STORAGE_CLASS_NAME } from "../common/names";
import { EBS_CSI_PROVISIONER, StorageConfig } from "../config/platform";

export type StorageClassSpec = k8s.types.input.storage.v1.StorageClass & { metadata: { name: string } };

export function storageClassSpec(storage: StorageConfig, cluster: string): StorageClassSpec {
    const ebs = storage.provisioner === EBS_CSI_PROVISIONER;
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: {
            name: STORAGE_CLASS_NAME,
            labels: platformLabels(cluster),
            annotations: { "storageclass.kubernetes.io/is-default-class": String(storage.isDefaultClass) },
        },
        provisioner: storage.provisioner,
        // EBS parameters mean nothing to other provisioners (kind's local-path, say).
        parameters: ebs
            ? {
                  type: "gp3",
                  iops: String(storage.iops),
                  throughput: String(storage.throughput),
                  encrypted: "true",
                  ...(storage.kmsKeyArn ? { kmsKeyId: storage.kmsKeyArn } : {}),
              }
            : {},
        reclaimPolicy: storage.reclaimPolicy,
        // EBS volumes live in one zone: bind only once the pod's zone is known.
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}
