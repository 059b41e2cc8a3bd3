/**
 * A public Kubernetes API endpoint open to 0.0.0.0/0 exposes the control plane to every
 * credential-stuffing scanner. Private-only, or public restricted to known CIDRs, passes.
 * AWS defaults: public access on, CIDRs 0.0.0.0/0 — so unset fields fail.
 * Maps to: CIS Amazon EKS Benchmark 5.4.1 (restrict access to the control plane endpoint).
 * Security Hub EKS.1 is stricter: it fails every public endpoint, restricted or not, so a stack
 * that passes here with a public endpoint still fails EKS.1 (private-only passes both).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { awsRef, violation } from "../lib/message";
import { asArray, at } from "../lib/props";

const OPEN_CIDRS: readonly string[] = ["0.0.0.0/0", "::/0"];

export const eksEndpointRestricted: ResourceValidationPolicy = {
    name: "eks-endpoint-restricted",
    description: "EKS API endpoints are private, or public only to restricted CIDRs (never 0.0.0.0/0). CIS EKS Benchmark 5.4.1; Security Hub EKS.1 is stricter (it fails any public endpoint).",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_TYPE.eksCluster) {
            return;
        }
        if (at(args.props, "vpcConfig", "endpointPublicAccess") === false) {
            return;
        }
        const ref = awsRef(args.type, args.name, args.props.name);
        const fix = "set vpcConfig.endpointPublicAccess false (with endpointPrivateAccess true), or list your egress CIDRs in vpcConfig.publicAccessCidrs";
        const cidrs = at(args.props, "vpcConfig", "publicAccessCidrs");
        const list = asArray(cidrs).filter((c): c is string => typeof c === "string");
        if (list.length === 0) {
            reportViolation(violation(ref, "vpcConfig.publicAccessCidrs", "is unset while the public endpoint is on (AWS opens it to 0.0.0.0/0)", fix));
        } else if (list.some((c) => OPEN_CIDRS.includes(c))) {
            reportViolation(violation(ref, "vpcConfig.publicAccessCidrs", `is ${JSON.stringify(list)}`, fix));
        }
    },
};
