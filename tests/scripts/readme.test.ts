/**
 * README claims a reader acts on in their first hour, checked against the code: the commands
 * exist, the config keys exist, the sample error is what the program prints, the Secret names
 * and keys of "Connect a client" exist in the rendered prod stack, the client.properties is what
 * the project's own client pods write, and every gate flag is documented.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REFERENCE_END, REFERENCE_START } from "../../scripts/lib/config-reference";
import { CLIENT_PROPERTIES_SCRIPT_PATH } from "../../components/common/client-config";
import { REMOVED_KEYS } from "../../components/config/security";
import { SECTIONS } from "../../components/config/stack";
import { REPO_ROOT, RenderedResource, kubernetesObjects, runProgram } from "../harness";
import { schemaKeys } from "./schema-keys";

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
/** The README without the generated config reference (checked by config-reference.test.ts). */
const PROSE = README.slice(0, README.indexOf(REFERENCE_START)) + README.slice(README.indexOf(REFERENCE_END));

/** The body of the first fenced block of `lang` after `heading`. */
function block(heading: string, lang: string): string {
    const from = PROSE.indexOf(heading);
    assert.ok(from >= 0, `README has no "${heading}"`);
    const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(PROSE.slice(from));
    assert.ok(m, `no \`\`\`${lang} block after "${heading}"`);
    return m[1];
}

const ERROR_HEADING = "A config error stops the program";
const CLIENT_HEADING = "### Connect a client";

describe("README", () => {
    it("every `npm run X` exists in package.json", () => {
        const scripts = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);
        const used = [...new Set([...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]))];
        assert.ok(used.length >= 4, used.join());
        assert.deepEqual(used.filter((s) => !scripts.includes(s)), []);
    });

    it("every config key the prose names exists in the schema (the sample typo aside)", () => {
        const keys = schemaKeys();
        // The sample error's keys hold typos on purpose (tests/config/shipped-stacks.test.ts runs it).
        // Removed keys are named where the README says what replaced them (config errors name them too).
        const typos = [...[...block(ERROR_HEADING, "text").matchAll(/kafka-eks:(\S+) = /g)].map((m) => m[1]), ...Object.keys(REMOVED_KEYS)];
        assert.ok(typos.length >= 2);
        const sections = SECTIONS.join("|");
        // Keys are lowerCamel segments: `kafka.brokers`, `topics[0].config`; `zookeeper.connect=` is a Kafka property.
        const named = new Set([
            ...[...PROSE.matchAll(/kafka-eks:([a-z][A-Za-z]*(?:\.[a-z][A-Za-z]*|\[\d*\])*)/g)].map((m) => m[1]),
            ...[...PROSE.matchAll(new RegExp("`((?:" + sections + ")(?:\\.[a-z][A-Za-z]*|\\[\\d*\\])+)[`:]", "g"))].map((m) => m[1]),
        ].filter((k) => !typos.includes(k)));
        const normal = (k: string) => k.replace(/\[\d+\]/g, "[]");
        const known = (k: string) => (SECTIONS as readonly string[]).includes(k) || keys.has(normal(k)) || [...keys].some((s) => s.startsWith(`${normal(k)}.`));
        assert.ok(named.size >= 20, `${named.size} keys found`);
        assert.deepEqual([...named].filter((k) => !known(k)), []);
    });

    describe("Connect a client", () => {
        let prod: RenderedResource[];
        before(async () => ({ resources: prod } = await runProgram({ stack: "prod" })));

        it("names Secrets and keys the prod stack creates in the application's namespace (billing), not the Kafka namespace", () => {
            const rows = [...PROSE.slice(PROSE.indexOf(CLIENT_HEADING)).matchAll(/^\| `([\w-]+)` \| `([\w.-]+)` \|/gm)].map((m) => [m[1], m[2]]);
            assert.ok(rows.length >= 3, JSON.stringify(rows));
            const secrets = new Map(kubernetesObjects(prod, "Secret").map((s) => [(s.inputs.metadata as { name: string }).name, s.inputs]));
            for (const [name, key] of rows) {
                const secret = secrets.get(name);
                assert.ok(secret, `no Secret ${name} in the prod render (have ${[...secrets.keys()].join(", ")})`);
                const inBilling = kubernetesObjects(prod, "Secret").find((x) => (x.inputs.metadata as { name: string; namespace: string }).name === name && (x.inputs.metadata as { namespace: string }).namespace === "billing");
                assert.ok(inBilling && key in (inBilling.inputs.stringData as Record<string, string>), `Secret billing/${name} with key ${key}`);
            }
            assert.ok(PROSE.includes("`kafka-admin-credentials`") && secrets.has("kafka-admin-credentials"));
        });

        it("its client.properties is what client-properties.sh writes for SASL_SSL (plus bootstrap.servers)", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "client-props-"));
            const file = (name: string, content: string) => (fs.writeFileSync(path.join(dir, name), content), path.join(dir, name));
            const ca = file("ca.crt", "-----BEGIN CERTIFICATE-----\n");
            const out = path.join(dir, "client.properties");
            const r = spawnSync("sh", [CLIENT_PROPERTIES_SCRIPT_PATH, "true"], {
                env: {
                    PATH: process.env.PATH,
                    CLIENT_PROPERTIES: out,
                    SECURITY_PROTOCOL: "SASL_SSL",
                    SASL_MECHANISM: "SCRAM-SHA-512",
                    SASL_USERNAME_FILE: file("username", "billing"),
                    SASL_PASSWORD_FILE: file("password", "<password from kafka-user-billing>"),
                    CA_FILE: ca,
                },
                encoding: "utf8",
            });
            assert.equal(r.status, 0, r.stderr);
            // The README mounts the user's Secret whole at /etc/kafka-client: the CA is its key ca.crt there.
            const mount = /secretName: kafka-user-billing[\s\S]*?mountPath: (\/[\w/-]+)/.exec(PROSE.slice(PROSE.indexOf(CLIENT_HEADING)));
            assert.ok(mount, "the README's Deployment snippet mounts kafka-user-billing");
            const written = fs.readFileSync(out, "utf8").trim().split("\n").map((l) => l.replace(ca, `${mount[1]}/ca.crt`));
            const documented = block(CLIENT_HEADING, "properties").trim().split("\n");
            assert.deepEqual(documented, ["bootstrap.servers=kafka-bootstrap.kafka.svc.cluster.local:9092", ...written]);
        });
    });

    it("documents every flag of the policy gate", () => {
        const gate = fs.readFileSync(path.join(REPO_ROOT, "scripts/policy-gate.ts"), "utf8");
        const usage = gate.slice(gate.indexOf("const USAGE"), gate.indexOf("`;", gate.indexOf("const USAGE")));
        const flags = [...new Set([...usage.matchAll(/(--[a-z]+)/g)].map((m) => m[1]))].filter((f) => f !== "--policy-pack" && f !== "--policy-pack-config");
        assert.ok(flags.length >= 5, flags.join());
        const policySection = PROSE.slice(PROSE.indexOf("## Policy pack"), PROSE.indexOf("## CI"));
        assert.deepEqual(flags.filter((f) => !policySection.includes(f)), []);
    });
});
