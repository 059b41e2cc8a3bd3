/**
 * Kafka and ZooKeeper volumes must come from the project's StorageClass (EBS CSI, gp3,
 * encrypted, WaitForFirstConsumer). A claim without storageClassName takes whatever the cluster
 * default is — on EKS often the in-tree gp2 class, unencrypted and zone-unaware.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { STATEFUL_COMPONENTS, STORAGE_CLASS_NAME } from "../lib/contract";
import { K8S_TYPE, componentOf, objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { asArray, asString, at } from "../lib/props";
import { configSchema, readSettings, string } from "../lib/settings";

const settings = {
    storageClassName: string(STORAGE_CLASS_NAME, "StorageClass every Kafka/ZooKeeper volume claim must name."),
};

export const kafkaStorageClass: ResourceValidationPolicy = {
    name: "kafka-storage-class",
    description: `Kafka/ZooKeeper volume claim templates and PVCs name the storage class "${STORAGE_CLASS_NAME}".`,
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const component = componentOf(args.props);
        if (component === undefined || !STATEFUL_COMPONENTS.includes(component)) {
            return;
        }
        const { storageClassName } = readSettings(args.getConfig(), settings);
        const ref = objectRef(args.type, args.props, args.name);
        const check = (field: string, value: unknown) => {
            const actual = asString(value);
            if (actual !== storageClassName) {
                const shown = actual === undefined ? "is unset (the cluster's default class would be used)" : `is "${actual}"`;
                reportViolation(violation(ref, field, shown, `set it to "${storageClassName}"`));
            }
        };
        if (args.type === K8S_TYPE.statefulSet) {
            asArray(at(args.props, "spec", "volumeClaimTemplates")).forEach((template, index) => {
                check(`spec.volumeClaimTemplates[${index}].spec.storageClassName`, at(template, "spec", "storageClassName"));
            });
        } else if (args.type === K8S_TYPE.pvc) {
            check("spec.storageClassName", at(args.props, "spec", "storageClassName"));
        }
    },
};
