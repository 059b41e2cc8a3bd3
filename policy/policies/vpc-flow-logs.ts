/**
 * Without flow logs there is no record of which addresses talked to the brokers, the API
 * endpoint or the internet: nothing to investigate an incident with. Every VPC the stack creates
 * needs a flow log that at least captures rejected traffic. A VPC the stack only uses (given by
 * id) is its owner's to log.
 * Maps to: Security Hub EC2.6 (VPC flow logging enabled in all VPCs), CIS AWS Foundations
 * Benchmark v5.0.0 3.7. No CIS EKS control covers it.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { AWS_TYPE } from "../lib/aws";
import { dependentsOf, known } from "../lib/links";
import { awsRef, violation } from "../lib/message";

/** Traffic types that record rejected flows, which Security Hub EC2.6 checks for. */
const CAPTURES_REJECTS: readonly unknown[] = ["ALL", "REJECT"];

export const vpcFlowLogs: StackValidationPolicy = {
    name: "vpc-flow-logs",
    description: "Every VPC the stack creates has a flow log capturing rejected traffic (trafficType ALL or REJECT). Security Hub EC2.6; CIS AWS Foundations Benchmark v5.0.0 3.7; no CIS EKS control covers it.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        for (const vpc of args.resources.filter((r) => r.type === AWS_TYPE.vpc)) {
            const flowLogs = dependentsOf(args.resources, vpc, AWS_TYPE.flowLog);
            const ref = awsRef(vpc.type, vpc.name, undefined);
            if (flowLogs.length === 0) {
                reportViolation(violation(ref, "flow logs", "are missing (no aws:ec2/flowLog:FlowLog refers to this VPC)", 'add an aws.ec2.FlowLog with vpcId: <this VPC>.id and trafficType "ALL"'), vpc.urn);
            } else if (!flowLogs.some((f) => CAPTURES_REJECTS.includes(known(f.props, "trafficType")))) {
                const types = flowLogs.map((f) => known(f.props, "trafficType") ?? "unset");
                reportViolation(violation(ref, "flow logs trafficType", `is ${JSON.stringify(types)} (rejected traffic is not recorded)`, 'set trafficType "ALL" (or "REJECT")'), vpc.urn);
            }
        }
    },
};
