import * as assert from "assert";
import { nodeImdsv2 } from "../../policy/policies/node-imdsv2";
import { launchTemplate } from "./aws-objects";
import { checkResource } from "./fixtures";

describe("policy node-imdsv2", () => {
    it("passes httpTokens required", async () => {
        assert.deepStrictEqual(await checkResource(nodeImdsv2, launchTemplate()), []);
    });
    it("fails optional tokens, naming the launch template and field", async () => {
        assert.deepStrictEqual(await checkResource(nodeImdsv2, launchTemplate({ metadataOptions: { httpTokens: "optional" } })), [
            'aws:ec2/launchTemplate:LaunchTemplate "kafka-nodes": metadataOptions.httpTokens is "optional"; set it to "required" (token-based IMDSv2 only).',
        ]);
    });
    it("fails unset metadata options", async () => {
        const [message] = await checkResource(nodeImdsv2, launchTemplate({ metadataOptions: undefined }));
        assert.match(message, /metadataOptions\.httpTokens is unset \(IMDSv1 stays allowed\)/);
    });
});
