/** kafka-authorizer-required and kafka-acl-no-broad-all on the rendered stacks, and on tampered copies. */
import { strict as assert } from "assert";
import * as path from "path";
import { ACL_ARGUMENT as PROJECT_ACL_ARGUMENT, NO_ACLS_ARGUMENT as PROJECT_NO_ACLS_ARGUMENT, USER_ANNOTATION as PROJECT_USER_ANNOTATION } from "../../components/kafka/users/job";
import { readPolicyConfigFile } from "../../scripts/lib/policy-gate";
import type { RenderedResource } from "../../scripts/lib/policy-gate";
import { ACL_ARGUMENT, NO_ACLS_ARGUMENT, USER_ANNOTATION } from "../../policy/lib/contract";
import { REPO_ROOT, renderStack, sharedPolicyPacks, stackSection } from "../harness";

const configOf = (stack: string) => readPolicyConfigFile(path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
const POLICIES = ["kafka-authorizer-required", "kafka-acl-no-broad-all", "kafka-user-has-acls"];

// One pack process for the whole file (each evaluation still runs the engine's whole sequence).
const packs = sharedPolicyPacks();
after(() => packs.stop());

async function findings(resources: RenderedResource[], stack: string, config = configOf(stack)) {
    const result = await packs.evaluate(resources, config, { stack, dryRun: false });
    return result.diagnostics.filter((d) => POLICIES.includes(d.policyName)).map((d) => ({ policy: d.policyName, level: d.enforcementLevel, message: d.message }));
}

type Inputs = { kind?: string; metadata?: { name?: string; annotations?: Record<string, string> }; data?: Record<string, string>; spec?: { template: { spec: { containers: { args?: string[] }[] } } } };
const inputsOf = (r: RenderedResource) => r.inputs as Inputs;

describe("policy: authorization", function () {
    this.timeout(180_000);
    let prod: RenderedResource[];
    before(async () => (prod = (await renderStack("prod")).resources as RenderedResource[]));

    it("the pack's copy of the user-Job contract matches the program's", () => {
        assert.equal(USER_ANNOTATION, PROJECT_USER_ANNOTATION);
        assert.equal(ACL_ARGUMENT, PROJECT_ACL_ARGUMENT);
        assert.equal(NO_ACLS_ARGUMENT, PROJECT_NO_ACLS_ARGUMENT);
    });

    it("prod as rendered: an authorizer everywhere, no broad ALL", async () => {
        assert.deepEqual(await findings(prod, "prod"), []);
    });

    it("prod without an authorizer, or allowing everyone: mandatory, naming the key and the stack setting", async () => {
        const tampered = structuredClone(prod).map((r) => {
            const i = inputsOf(r);
            if (i.kind === "ConfigMap" && i.metadata?.name === "kafka-broker-config") {
                i.data!["server.properties"] = i.data!["server.properties"].replace(/^authorizer\.class\.name=.*$/m, "").replace("allow.everyone.if.no.acl.found=false", "allow.everyone.if.no.acl.found=true");
            }
            return r;
        });
        const f = await findings(tampered, "prod");
        assert.equal(f.length, 2, JSON.stringify(f));
        assert.ok(f.every((x) => x.level === "mandatory" && x.policy === "kafka-authorizer-required"));
        assert.match(f.map((x) => x.message).join("\n"), /authorizer\.class\.name.*kafka-eks:security\.authorization/);
        assert.match(f.map((x) => x.message).join("\n"), /allow\.everyone\.if\.no\.acl\.found is true/);
    });

    it("a dedicated controller without an authorizer is reported too (it serves CreateTopics, CreateAcls, AlterUserScramCredentials)", async () => {
        const tampered = structuredClone(prod).map((r) => {
            const i = inputsOf(r);
            if (i.kind === "ConfigMap" && i.metadata?.name === "kafka-controller-config") {
                i.data!["server.properties"] = i.data!["server.properties"].replace(/^authorizer\.class\.name=.*$/m, "");
            }
            return r;
        });
        const f = await findings(tampered, "prod");
        assert.deepEqual(f.map((x) => [x.policy, x.level]), [["kafka-authorizer-required", "mandatory"]], JSON.stringify(f));
        assert.match(f[0].message, /kafka-controller-config/);
    });

    it("a user Job granting ALL on the cluster or on every topic is refused; ALL on one topic is not", async () => {
        const tampered = structuredClone(prod).map((r) => {
            const i = inputsOf(r);
            if (i.kind === "Job" && i.metadata?.annotations?.[USER_ANNOTATION] === "kafka-ui") {
                i.spec!.template.spec.containers[0].args!.push(ACL_ARGUMENT, "CLUSTER|kafka-cluster|LITERAL|*|ALL|ALLOW", ACL_ARGUMENT, "TOPIC|*|LITERAL|*|ALL|ALLOW", ACL_ARGUMENT, "TOPIC|orders|LITERAL|*|ALL|ALLOW", ACL_ARGUMENT, "TOPIC|*|LITERAL|*|ALL|DENY");
            }
            return r;
        });
        const f = await findings(tampered, "prod");
        assert.deepEqual(f.map((x) => [x.policy, x.level]), [["kafka-acl-no-broad-all", "mandatory"], ["kafka-acl-no-broad-all", "mandatory"]], JSON.stringify(f));
        assert.match(f[0].message, /User:kafka-ui ALL on the cluster/);
        assert.match(f[1].message, /User:kafka-ui ALL on every topic/);
    });

    it("ALTER on the cluster is refused too: CreateAcls, DeleteAcls and AlterUserScramCredentials check it (AclApis.scala:85,141; ControllerApis.scala:892 at 4.3.1)", async () => {
        const tampered = structuredClone(prod).map((r) => {
            const i = inputsOf(r);
            if (i.kind === "Job" && i.metadata?.annotations?.[USER_ANNOTATION] === "kafka-ui") {
                i.spec!.template.spec.containers[0].args!.push(ACL_ARGUMENT, "CLUSTER|kafka-cluster|LITERAL|*|ALTER|ALLOW", ACL_ARGUMENT, "TOPIC|orders|LITERAL|*|ALTER|ALLOW");
            }
            return r;
        });
        const f = await findings(tampered, "prod");
        assert.deepEqual(f.map((x) => [x.policy, x.level]), [["kafka-acl-no-broad-all", "mandatory"]], JSON.stringify(f));
        assert.match(f[0].message, /User:kafka-ui ALTER on the cluster/);
    });

    it("exemptUsers records a deliberate exception for one user; others are still refused", async () => {
        const tampered = structuredClone(prod).map((r) => {
            const i = inputsOf(r);
            const user = i.kind === "Job" ? i.metadata?.annotations?.[USER_ANNOTATION] : undefined;
            if (user === "kafka-ui" || user === "keda-billing") i.spec!.template.spec.containers[0].args!.push(ACL_ARGUMENT, "CLUSTER|kafka-cluster|LITERAL|*|ALL|ALLOW");
            return r;
        });
        const config = { ...configOf("prod"), "kafka-acl-no-broad-all": { enforcementLevel: "mandatory" as const, exemptUsers: ["kafka-ui"] } };
        const f = await findings(tampered, "prod", config);
        assert.deepEqual(f.map((x) => x.policy), ["kafka-acl-no-broad-all"], JSON.stringify(f));
        assert.match(f[0].message, /User:keda-billing ALL on the cluster/);
    });

    it("a user Job that applies no ACL: mandatory in prod, naming the user and the stack key", async () => {
        const tampered = structuredClone(prod).map((r) => {
            const i = inputsOf(r);
            if (i.kind === "Job" && i.metadata?.annotations?.[USER_ANNOTATION] === "keda-billing") {
                const c = i.spec!.template.spec.containers[0];
                c.args = c.args!.filter((a, k, all) => a !== ACL_ARGUMENT && all[k - 1] !== ACL_ARGUMENT);
            }
            return r;
        });
        const f = await findings(tampered, "prod");
        assert.deepEqual(f.map((x) => [x.policy, x.level]), [["kafka-user-has-acls", "mandatory"]], JSON.stringify(f));
        assert.match(f[0].message, /applies no ACL for User:keda-billing.*kafka-eks:users\[\]\.acls/);
    });

    it("SCRAM without an authorizer: the user Jobs manage no ACLs (--no-acls), so only the missing authorizer is reported", async () => {
        const open = (await renderStack("prod", { security: { ...stackSection("prod", "security"), authorization: "none" }, users: [] })).resources as RenderedResource[];
        const f = await findings(open, "prod");
        assert.ok(f.length > 0 && f.every((x) => x.policy === "kafka-authorizer-required"), JSON.stringify(f));
    });

    it("dev (no authentication): the missing authorizer is advisory", async () => {
        const dev = (await renderStack("dev")).resources as RenderedResource[];
        const f = await findings(dev, "dev");
        assert.ok(f.length > 0 && f.every((x) => x.level === "advisory" && x.policy === "kafka-authorizer-required"), JSON.stringify(f));
    });
});
