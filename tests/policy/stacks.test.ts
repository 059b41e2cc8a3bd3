import { strict as assert } from "assert";
import * as path from "path";
import { readPolicyConfigFile } from "../../policy/gate";
import type { RenderedResource } from "../../policy/gate";
import { REPO_ROOT, renderStack, sharedPolicyPacks } from "../harness";

/** The real program's output through the real pack, as `npm run policy -- <stack>` does in CI. */
describe("policy pack on the rendered stacks", function () {
    this.timeout(180_000);
    const configOf = (stack: string) => readPolicyConfigFile(path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
    const packs = sharedPolicyPacks();
    after(() => packs.stop());

    for (const stack of ["dev", "prod"]) {
        it(`${stack} has no mandatory violation`, async () => {
            const { resources } = await renderStack(stack);
            const result = await packs.evaluate(resources as RenderedResource[], configOf(stack), { stack, dryRun: false });
            const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
            assert.deepEqual(mandatory.map((d) => `${d.policyName}: ${d.message}`), []);
            assert.ok(result.policies.length >= 15);
        });
    }

    it("catches a topic with one replica that bypassed the program's validation", async () => {
        const { resources } = await renderStack("prod");
        // Edit the rendered topic object directly, as a hand-written manifest or another program could.
        const tampered = structuredClone(resources).map((r) => {
            const data = (r.inputs as { data?: Record<string, string> }).data;
            if (r.inputs.kind === "ConfigMap" && data?.["topic.json"]?.includes('"orders"')) {
                data["topic.json"] = JSON.stringify({ ...JSON.parse(data["topic.json"]), replicationFactor: 1 });
            }
            return r;
        });
        const result = await packs.evaluate(tampered as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: false });
        const found = result.diagnostics.filter((d) => d.policyName === "topic-replication-factor" && d.enforcementLevel === "mandatory");
        assert.equal(found.length, 1, JSON.stringify(result.diagnostics.map((d) => d.message)));
        assert.match(found[0].message, /kafka-topic-orders/);
        assert.match(found[0].message, /replicationFactor/);
    });
});
