import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { writeRender } from "../../scripts/lib/render";
import { REPO_ROOT, renderResult } from "../harness";

/**
 * An env value that only points at a credential: a file path (a mounted Secret), or a JAAS line
 * whose every username/password is a Spring `${property}` placeholder (a mounted config tree).
 */
function isReference(value: string): boolean {
    const v = value.replace(/^"|"$/g, "").replace(/\\"/g, '"');
    if (v.startsWith("/")) return true;
    const creds = [...v.matchAll(/(?:username|password)="([^"]*)"/g)].map((m) => m[1]);
    return creds.length > 0 && creds.every((c) => /^\$\{[a-z0-9.-]+\}$/.test(c));
}

/** Output values as text, so nested objects are searched too. */
const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v) ?? "");

describe("secrets never in plain text", () => {
    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            let files: Record<string, string>;
            let generated: string[];
            let outputs: Record<string, unknown>;
            let secretOutputs: string[];

            before(async () => {
                const result = await renderResult(stack);
                const written = writeRender(stack, result, fs.mkdtempSync(path.join(os.tmpdir(), "secrets-")));
                files = {
                    "manifests.yaml": fs.readFileSync(written.manifests, "utf8"),
                    "resources.json": fs.readFileSync(written.resources, "utf8"),
                    [`Pulumi.${stack}.yaml`]: fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"),
                };
                ({ generatedSecrets: generated, outputs, secretOutputs } = result);
            });

            it("the program generates its secrets (login password, and the cluster id in KRaft)", () => {
                assert.ok(generated.length >= (stack === "prod" ? 2 : 1), `generated: ${generated.length}`);
            });

            it("no generated secret appears in the rendered files or the stack file", () => {
                const leaks = Object.entries(files).flatMap(([name, content]) => generated.filter((s) => content.includes(s)).map((s) => `${name} contains ${s.slice(0, 6)}…`));
                assert.deepEqual(leaks, []);
            });

            it("Kubernetes Secrets render their keys, each value as [secret]", () => {
                const secrets = YAML.parseAllDocuments(files["manifests.yaml"]).map((d) => d.toJS()).filter((o) => o.kind === "Secret");
                assert.ok(secrets.length >= 1);
                for (const secret of secrets) {
                    const blocks = [secret.data, secret.stringData].filter((b) => b !== undefined);
                    assert.ok(blocks.length > 0, `${secret.metadata.name} has no data`);
                    // Masked key by key, so the object stays a valid Secret and its keys stay readable.
                    for (const b of blocks) assert.equal(typeof b, "object", `${secret.metadata.name}: a data block masked whole is not a valid Secret`);
                    const values = blocks.flatMap((b) => Object.values(b));
                    for (const value of values) assert.equal(value, "[secret]", `${secret.metadata.name} holds data in plain text`);
                }
            });

            it("every output that carries a generated secret is a Pulumi secret", () => {
                const carrying = Object.entries(outputs).filter(([, v]) => generated.some((s) => text(v).includes(s))).map(([k]) => k);
                assert.ok(carrying.length >= 1, "expected the login password (and cluster id) among the outputs");
                for (const name of carrying) assert.ok(secretOutputs.includes(name), `output ${name} carries a secret but is not a Pulumi secret`);
                assert.ok(secretOutputs.includes("kubeconfig"), "kubeconfig must be a secret output");
            });

            it("no container env var holds a literal credential", () => {
                const literal = [...files["manifests.yaml"].matchAll(/- name: (\w*(?:PASSWORD|SECRET|TOKEN|JAAS)\w*)\n\s+value: (.+)/g)]
                    .map((m) => ({ name: m[1], value: m[2] }))
                    .filter((e) => !isReference(e.value))
                    .map((e) => `${e.name}=${e.value}`);
                assert.deepEqual(literal, []);
            });

            it("(control) the env check flags literal values and passes references", () => {
                assert.equal(isReference("/etc/kafka-client/sasl/password"), true);
                assert.equal(isReference('"org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"${kafka-eks.kafka-user.username}\\" password=\\"${kafka-eks.kafka-user.password}\\";"'), true);
                assert.equal(isReference('ScramLoginModule required username="$(U)" password="$(P)";'), false, "a Kubernetes $(VAR) expands to the value in the environment");
                assert.equal(isReference("hunter2"), false);
                assert.equal(isReference('ScramLoginModule required username="admin" password="hunter2";'), false);
            });

            it("with SASL_SSL, the program generates the admin and client passwords and the CA and broker keys", () => {
                if (stack !== "prod") return;
                // manager login, admin, client, cluster id (4 forms), 2 keys × (3 PEMs + their base64 lines).
                assert.ok(generated.length >= 1 + 2 + 4 + 2 * 6, `generated: ${generated.length}`);
                assert.ok(generated.some((g) => g.includes("BEGIN PRIVATE KEY")), "PKCS#8 keys are scanned for");
            });
        });
    }
});
