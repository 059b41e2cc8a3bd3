/** zookeeper-authentication on rendered ZooKeeper-mode stacks: closed (SCRAM), open (dev), and a tampered copy. */
import { strict as assert } from "assert";
import * as path from "path";
import { ZOOKEEPER_SASL_SERVER_CFG } from "../../components/kafka/zookeeper-auth";
import { readPolicyConfigFile } from "../../scripts/lib/policy-gate";
import type { RenderedResource } from "../../scripts/lib/policy-gate";
import { ENFORCED_SASL_LINES } from "../../policy/policies/zookeeper-authentication";
import { REPO_ROOT, renderStack, sharedPolicyPacks, stackSection } from "../harness";

const configOf = (stack: string) => readPolicyConfigFile(path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
const POLICY = "zookeeper-authentication";

// One pack process for the whole file (each evaluation still runs the engine's whole sequence).
const packs = sharedPolicyPacks();
after(() => packs.stop());

async function findings(resources: readonly RenderedResource[], policyConfig: string) {
    const result = await packs.evaluate(resources as RenderedResource[], configOf(policyConfig), { stack: policyConfig, dryRun: false });
    return result.diagnostics.filter((d) => d.policyName === POLICY).map((d) => ({ level: d.enforcementLevel, message: d.message }));
}

type Inputs = { kind?: string; metadata?: { name?: string }; data?: Record<string, string> };

describe("policy: zookeeper-authentication", function () {
    this.timeout(180_000);
    let closed: readonly RenderedResource[];
    let open: readonly RenderedResource[];
    before(async () => {
        const security = { ...stackSection("dev", "security"), authentication: "scram-sha-512" };
        closed = (await renderStack("dev", { security, smokeTest: { enabled: false } })).resources as RenderedResource[];
        open = (await renderStack("dev")).resources as RenderedResource[];
    });

    it("checks exactly the enforcement lines the program writes", () => {
        for (const line of ENFORCED_SASL_LINES) assert.ok(ZOOKEEPER_SASL_SERVER_CFG.includes(line), line);
    });

    it("a ZooKeeper-mode stack with SCRAM (ZooKeeper closed by default) passes under the prod rules", async () => {
        assert.deepEqual(await findings(closed, "prod"), []);
    });

    it("dev's open ZooKeeper: advisory in dev, mandatory under the prod rules, naming the key and the stack setting", async () => {
        assert.deepEqual((await findings(open, "dev")).map((f) => f.level), ["advisory", "advisory"]);
        const prod = await findings(open, "prod");
        assert.deepEqual(prod.map((f) => f.level), ["mandatory", "mandatory"]);
        const text = prod.map((f) => f.message).join("\n");
        assert.match(text, /zookeeper\.set\.acl is unset \(false\): brokers create znodes anyone who reaches ZooKeeper may change/);
        assert.match(text, /ZOO_CFG_EXTRA|env\[\d+\]\.value lacks enforce\.auth\.enabled=true enforce\.auth\.schemes=sasl/);
        assert.match(text, /kafka-eks:zookeeper\.authentication to sasl/);
    });

    it("a broker config with zookeeper.set.acl=false is caught even when ZooKeeper enforces logins", async () => {
        const tampered = structuredClone(closed).map((r) => {
            const i = r.inputs as Inputs;
            if (i.kind === "ConfigMap" && i.metadata?.name === "kafka-broker-config") i.data!["server.properties"] = i.data!["server.properties"].replace("zookeeper.set.acl=true", "zookeeper.set.acl=false");
            return r;
        });
        const f = await findings(tampered, "prod");
        assert.equal(f.length, 1, JSON.stringify(f));
        assert.match(f[0].message, /zookeeper\.set\.acl is false/);
    });

    it("KRaft stacks are out of scope", async () => {
        assert.deepEqual(await findings((await renderStack("prod")).resources as RenderedResource[], "prod"), []);
    });
});
