/**
 * `npm run policy` refuses input it cannot judge (exit 2, the file named) instead of passing
 * it: an empty list or a wrong shape would make every policy pass without checking anything.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readResourcesFile } from "../../scripts/lib/policy-gate";
import { REPO_ROOT } from "../harness";
import { npmScriptArgv } from "../harness/npm-script";

function gate(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, npmScriptArgv("policy", ...args), { cwd: REPO_ROOT, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("policy gate CLI: input", function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gate-input-"));
    const write = (name: string, content: string) => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, content);
        return file;
    };

    it("--help prints the usage with every flag and exits 0", () => {
        const r = gate("--help");
        assert.strictEqual(r.status, 0, r.stderr);
        for (const flag of ["--config FILE", "--resources FILE", "--preview", "--json FILE", "-h, --help"]) assert.ok(r.stdout.includes(flag), flag);
    });

    it("an unknown option or a missing stack is a usage error (exit 2)", () => {
        const unknown = gate("dev", "--resource", "x.json");
        assert.strictEqual(unknown.status, 2);
        assert.match(unknown.stderr, /unknown option --resource/);
        assert.match(gate().stderr, /name a stack\nusage:/);
    });

    for (const [name, content, message] of [
        ["empty.json", "[]", /empty\.json: lists no resources, so no policy would run/],
        ["object.json", '{"urn":"x"}', /object\.json: is a JSON object, not an array/],
        ["broken.json", '[{"urn":', /broken\.json: not valid JSON \(/],
        ["shapeless.json", '[{"urn":"u","type":"t"}]', /shapeless\.json: \[0\] has no "name" string; \[0\] has no "inputs" object/],
    ] as const) {
        it(`refuses ${name} with exit 2, naming the file`, () => {
            const r = gate("dev", "--resources", write(name, content));
            assert.strictEqual(r.status, 2, r.stdout);
            assert.match(r.stderr, message);
            assert.doesNotMatch(r.stdout, /PASSED/);
        });
    }

    it("refuses a file it cannot read, naming it", () => {
        assert.throws(() => readResourcesFile(path.join(dir, "missing.json")), /missing\.json: cannot read it \(ENOENT/);
    });

    it("refuses an unreadable policy config, naming it", () => {
        const r = gate("dev", "--config", write("config.json", "{ nope"), "--resources", write("one.json", '[{"urn":"u","type":"t","name":"n","inputs":{}}]'));
        assert.strictEqual(r.status, 2);
        assert.match(r.stderr, /config\.json: cannot read it as JSON/);
    });
});
