/**
 * By default EKS makes whoever creates the cluster a cluster-admin through an access entry that
 * appears nowhere in code and outlives the person or pipeline. With
 * `bootstrapClusterCreatorAdminPermissions: false` every admin is an explicit access entry.
 * EKS reads the flag only when the cluster is created (changing it replaces the cluster).
 * Maps to: CIS Amazon EKS Benchmark 4.1.1 (cluster-admin only where required); EKS Best
 * Practices Guide, cluster access management. No Security Hub control covers it.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { awsRef, violation } from "../lib/message";
import { at } from "../lib/props";

export const eksNoCreatorAdmin: ResourceValidationPolicy = {
    name: "eks-no-creator-admin",
    description:
        "EKS clusters give their creator no implicit cluster-admin (accessConfig.bootstrapClusterCreatorAdminPermissions false; admins are explicit access entries). CIS EKS Benchmark 4.1.1; EKS Best Practices Guide (cluster access management); no Security Hub control covers it.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_TYPE.eksCluster) {
            return;
        }
        const flag = at(args.props, "accessConfig", "bootstrapClusterCreatorAdminPermissions");
        if (flag !== false) {
            const shown = flag === undefined ? "is unset (EKS defaults to true: the creating identity stays cluster-admin, invisible in code)" : `is ${JSON.stringify(flag)}`;
            reportViolation(
                violation(
                    awsRef(args.type, args.name, args.props.name),
                    "accessConfig.bootstrapClusterCreatorAdminPermissions",
                    shown,
                    "set it to false and give the deploying role its own access entry; EKS reads it only at creation, so decide before the cluster exists",
                ),
            );
        }
    },
};
