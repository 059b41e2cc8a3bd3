/**
 * Without control-plane logs there is no audit trail of who changed what in the cluster and no
 * API-server log to debug admission failures. Advisory by default; prod makes it mandatory.
 * Maps to: Security Hub EKS.8 (audit logging enabled) when requiredLogTypes includes "audit", as
 * prod's does; CIS Amazon EKS Benchmark 2.1.1 (enable audit logs).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { awsRef, violation } from "../lib/message";
import { asArray } from "../lib/props";
import { configSchema, readSettings, stringList } from "../lib/settings";

const settings = {
    requiredLogTypes: stringList([], 'Log types that must be among the enabled ones (e.g. ["api","audit","authenticator"]); empty: any non-empty set passes.'),
};

export const eksControlPlaneLogging: ResourceValidationPolicy = {
    name: "eks-control-plane-logging",
    description: 'EKS clusters enable control-plane logging (enabledClusterLogTypes non-empty, and every type in requiredLogTypes). Security Hub EKS.8 when requiredLogTypes includes "audit"; CIS EKS Benchmark 2.1.1.',
    enforcementLevel: "advisory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_TYPE.eksCluster) {
            return;
        }
        const { requiredLogTypes } = readSettings(args.getConfig(), settings);
        const enabled = asArray(args.props.enabledClusterLogTypes).filter((t): t is string => typeof t === "string");
        const missing = requiredLogTypes.filter((t) => !enabled.includes(t));
        if (enabled.length === 0 || missing.length > 0) {
            const wanted = requiredLogTypes.length > 0 ? requiredLogTypes : ["api", "audit", "authenticator"];
            const shown = enabled.length === 0 ? "is empty" : `is ${JSON.stringify(enabled)}, missing ${JSON.stringify(missing)}`;
            reportViolation(violation(awsRef(args.type, args.name, args.props.name), "enabledClusterLogTypes", shown, `enable at least ${JSON.stringify(wanted)}`));
        }
    },
};
