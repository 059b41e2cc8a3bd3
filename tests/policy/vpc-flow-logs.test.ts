import * as assert from "assert";
import { vpcFlowLogs } from "../../policy/policies/vpc-flow-logs";
import { checkLinkedStack, flowLog, vpc } from "./aws-objects";
import { urnOf } from "./fixtures";

describe("policy vpc-flow-logs (stack)", () => {
    const network = vpc();

    it("passes a VPC with a flow log of all traffic", async () => {
        assert.deepStrictEqual(await checkLinkedStack(vpcFlowLogs, [network, { ...flowLog(), dependsOn: [network] }]), []);
    });

    it("fails a VPC without a flow log, naming it", async () => {
        const other = vpc("other");
        const violations = await checkLinkedStack(vpcFlowLogs, [network, other, { ...flowLog(), dependsOn: [other] }]);
        assert.deepStrictEqual(violations, [
            {
                urn: urnOf(network),
                message: 'aws:ec2/vpc:Vpc "kafka": flow logs are missing (no aws:ec2/flowLog:FlowLog refers to this VPC); add an aws.ec2.FlowLog with vpcId: <this VPC>.id and trafficType "ALL".',
            },
        ]);
    });

    it("fails flow logs that record only accepted traffic", async () => {
        const violations = await checkLinkedStack(vpcFlowLogs, [network, { ...flowLog("kafka", { trafficType: "ACCEPT" }), dependsOn: [network] }]);
        assert.strictEqual(violations.length, 1);
        assert.match(violations[0].message, /flow logs trafficType is \["ACCEPT"\] \(rejected traffic is not recorded\)/);
    });

    it("leaves a VPC the stack does not create to its owner", async () => {
        assert.deepStrictEqual(await checkLinkedStack(vpcFlowLogs, [flowLog()]), []);
    });
});
