/**
 * IMDSv1 lets any SSRF in a pod read the node role's credentials; IMDSv2 (session tokens)
 * closes that. Node launch templates require tokens. Advisory by default; prod makes it mandatory.
 * Maps to: Security Hub EC2.170 (launch templates use IMDSv2), and so EC2.8 for the nodes
 * launched from them. No CIS EKS control covers it.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { awsRef, violation } from "../lib/message";
import { at } from "../lib/props";

export const nodeImdsv2: ResourceValidationPolicy = {
    name: "node-imdsv2",
    description: 'Node launch templates require IMDSv2 (metadataOptions.httpTokens "required"). Security Hub EC2.170 (EC2.8 for the nodes); no CIS EKS control covers it.',
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        if (args.type !== AWS_TYPE.launchTemplate) {
            return;
        }
        const tokens = at(args.props, "metadataOptions", "httpTokens");
        if (tokens !== "required") {
            const shown = tokens === undefined ? "is unset (IMDSv1 stays allowed)" : `is ${JSON.stringify(tokens)}`;
            reportViolation(violation(awsRef(args.type, args.name, args.props.name), "metadataOptions.httpTokens", shown, 'set it to "required" (token-based IMDSv2 only)'));
        }
    },
};
