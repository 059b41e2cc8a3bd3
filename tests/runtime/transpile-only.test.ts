import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { REPO_ROOT } from "../harness";

/**
 * `pulumi preview` must neither type-check nor transpile the program on every run: Pulumi runs
 * the compiled program (`npm run build`). Should the `typescript` option be turned back on, the
 * nodejs language host registers ts-node with `transpileOnly: undefined` unless
 * PULUMI_NODEJS_TRANSPILE_ONLY is set (node_modules/@pulumi/pulumi/cmd/run/run.js); ts-node then
 * takes tsconfig's "ts-node" section: the tests below keep that transpile-only too.
 */
describe("pulumi runtime settings", () => {
    it("Pulumi.yaml runs the compiled index.ts, not the library entry point in package.json, without TypeScript", () => {
        const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8"));
        const build = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tsconfig.build.json"), "utf8"));
        assert.equal(project.runtime.name, "nodejs");
        assert.equal(project.runtime.options.typescript, false);
        assert.equal(project.main, `${build.compilerOptions.outDir}/index.js`);
        assert.ok(build.include.includes("index.ts"));
    });

    it("every CI job that runs pulumi builds the program first", () => {
        const dir = path.join(REPO_ROOT, ".github", "workflows");
        let pulumiSteps = 0;
        for (const file of fs.readdirSync(dir)) {
            const workflow = YAML.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { jobs: Record<string, { steps: { uses?: string; run?: string }[] }> };
            for (const [name, job] of Object.entries(workflow.jobs)) {
                const pulumi = job.steps.findIndex((s) => s.uses?.startsWith("pulumi/actions"));
                if (pulumi === -1) continue;
                pulumiSteps++;
                assert.ok(job.steps.slice(0, pulumi).some((s) => /\bnpm run build\b/.test(s.run ?? "")), `${file}: job ${name} runs pulumi without npm run build`);
            }
        }
        assert.ok(pulumiSteps >= 3, `${pulumiSteps} pulumi steps`);
    });

    /** Loads a program with a type error the way the language host registers ts-node. */
    function loadWithHostOptions(transpileOnly: boolean | undefined) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "transpile-"));
        fs.copyFileSync(path.join(REPO_ROOT, "tsconfig.json"), path.join(dir, "tsconfig.json"));
        fs.writeFileSync(path.join(dir, "program.ts"), 'const n: number = "text";\nconsole.log("ran", n);\n');
        const script = `
            require(${JSON.stringify(require.resolve("ts-node"))}).register({
                compiler: ${JSON.stringify(require.resolve("typescript"))},
                transpileOnly: ${String(transpileOnly)}, project: "tsconfig.json", skipProject: false, compilerOptions: {},
            });
            require("./program.ts");`;
        const env = { ...process.env };
        delete env.PULUMI_NODEJS_TRANSPILE_ONLY;
        delete env.TS_NODE_TRANSPILE_ONLY;
        return spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", env });
    }

    it("loads the program without type-checking under the language host's ts-node options", () => {
        const r = loadWithHostOptions(undefined);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /ran text/);
    });

    it("(control) the same program fails when type-checking is forced on", () => {
        const r = loadWithHostOptions(false);
        assert.notEqual(r.status, 0);
        assert.match(r.stderr, /TS2322/);
    });

    it("the same tsconfig still type-checks under tsc (npm test)", () => {
        const tsconfig = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tsconfig.json"), "utf8"));
        assert.equal(tsconfig.compilerOptions.strict, true);
        assert.notEqual(tsconfig.compilerOptions.noCheck, true);
        assert.equal(tsconfig["ts-node"].transpileOnly, true);
    });
});
