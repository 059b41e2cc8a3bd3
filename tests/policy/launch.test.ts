/**
 * The pack runs compiled, like the program: run-policy-pack type-checks TypeScript at every start
 * (seconds per `pulumi preview --policy-pack`), compiled JavaScript not at all. A build older than
 * the pack's sources would judge stacks with policies that no longer exist, so the gate refuses it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { launchPack } from "../../scripts/lib/policy-gate/launch";
import { REPO_ROOT } from "../harness";

describe("policy pack launch", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
    function pack(files: Record<string, string>, mtimes: Record<string, number> = {}): string {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-"));
        dirs.push(dir);
        for (const [name, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            fs.writeFileSync(path.join(dir, name), text);
        }
        for (const [name, seconds] of Object.entries(mtimes)) fs.utimesSync(path.join(dir, name), seconds, seconds);
        return dir;
    }

    it("the project's pack is compiled JavaScript (package.json main), built by npm run build", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "policy", "package.json"), "utf8"));
        assert.equal(pkg.main, "bin/index.js");
        const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        assert.match(root.scripts.build, /npm run build:policy/);
        assert.match(root.scripts.test, /npm run build:policy && mocha /);
    });

    it("refuses a pack that was never built, naming the command", async () => {
        const dir = pack({ "package.json": JSON.stringify({ main: "bin/index.js" }), "index.ts": "" });
        await assert.rejects(launchPack({ packDir: dir }), /bin\/index\.js does not exist; run `npm run build`/);
    });

    it("refuses a build older than a source, naming the source", async () => {
        const files = { "package.json": JSON.stringify({ main: "bin/index.js" }), "bin/index.js": "", "bin/policies/x.js": "", "policies/x.ts": "" };
        const dir = pack(files, { "bin/index.js": 1_000_000, "bin/policies/x.js": 1_000_000, "policies/x.ts": 2_000_000 });
        await assert.rejects(launchPack({ packDir: dir }), /bin\/index\.js is older than policies\/x\.ts; run `npm run build`/);
    });
});
