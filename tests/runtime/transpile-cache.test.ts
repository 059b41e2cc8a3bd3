/**
 * The caching ts-node transpiler (scripts/lib/ts-transpile-cache.js) keeps ts-node's transpile
 * output on disk so that each process does not transpile every file again. It must give exactly
 * what ts-node gives without it: the dynamic providers are serialised from that output, and
 * build.test compares that serialisation with the compiled program's.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "../harness";
import { npmScriptArgv } from "../harness/npm-script";

const TRANSPILER = path.join(REPO_ROOT, "scripts", "lib", "ts-transpile-cache.js");
const TSCONFIG = path.join(REPO_ROOT, "tsconfig.json");

interface Service {
    compile(code: string, fileName: string): string;
}
/** A ts-node service for this repo's tsconfig, transpile-only: ts-node's own transpile, or the caching one writing to `cacheDir`. */
function tsNode(cacheDir?: string, compilerOptions?: object): Service {
    const transpiler = cacheDir === undefined ? {} : { transpiler: [TRANSPILER, { cacheDir }] };
    return require("ts-node").create({ project: TSCONFIG, transpileOnly: true, ...transpiler, compilerOptions }) as Service;
}
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

describe("ts-node's transpile, cached on disk (scripts/lib/ts-transpile-cache.js)", () => {
    const dirs: string[] = [];
    const cacheDir = () => {
        dirs.push(tempDir("transpile-cache-"));
        return dirs[dirs.length - 1];
    };
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("is what the npm scripts, pin-images.sh and mocha run ts-node with; tsconfig.json leaves it out, so ts-node can still type-check", () => {
        const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
        const tsNodeScripts = Object.keys(scripts).filter((name) => /(^|&& )ts-node /.test(scripts[name]));
        assert.deepEqual(tsNodeScripts.sort(), ["bench", "build", "docs", "policy", "render"]);
        for (const name of tsNodeScripts) {
            const argv = name === "bench" ? scripts.bench.split(" && ")[1].split(" ") : npmScriptArgv(name).slice(1);
            assert.equal(path.resolve(REPO_ROOT, argv[argv.indexOf("--transpiler") + 1]), TRANSPILER, `${name}: ${scripts[name]}`);
        }
        assert.match(fs.readFileSync(path.join(REPO_ROOT, "scripts", "pin-images.sh"), "utf8"), /ts-node" --transpiler "\$root\/scripts\/lib\/ts-transpile-cache\.js"/);
        const mocha = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, ".mocharc.json"), "utf8")) as { require: string[] };
        assert.equal(mocha.require[0], "tests/harness/ts-node-register.js", "first, so that the other required files are transpiled by it");
        assert.match(fs.readFileSync(path.join(REPO_ROOT, "tests", "harness", "ts-node-register.js"), "utf8"), /transpileOnly: true, transpiler: require\.resolve\("\.\.\/\.\.\/scripts\/lib\/ts-transpile-cache\.js"\)/);
        const tsconfig = JSON.parse(fs.readFileSync(TSCONFIG, "utf8")) as { "ts-node": Record<string, unknown> };
        assert.deepEqual(tsconfig["ts-node"], { transpileOnly: true });
    });

    it("gives ts-node's own output byte for byte (source map included), transpiled and then from the cache: the serialised providers and the program's entry", () => {
        const dir = cacheDir();
        const reference = tsNode();
        const files = ["components/kafka/topics/guard.ts", "components/kafka/layout-guard/guard.ts", "components/kafka/layout-guard/finalized-level.ts", "components/common/dynamic-provider.ts", "index.ts"];
        for (const relative of files) {
            const fileName = path.join(REPO_ROOT, relative);
            const input = fs.readFileSync(fileName, "utf8");
            const expected = reference.compile(input, fileName);
            for (const round of ["transpiled", "cached"]) assert.equal(tsNode(dir).compile(input, fileName), expected, `${relative} (${round})`);
        }
        assert.equal(fs.readdirSync(dir).length, files.length, "one entry a file");
    });

    it("keys on the content, the file name and the compiler options: any change is transpiled again", () => {
        const dir = cacheDir();
        const at = (name: string) => path.join(REPO_ROOT, name);
        assert.match(tsNode(dir).compile("export const a: number = 1;\n", at("changed.ts")), /exports\.a = 1;/);
        assert.match(tsNode(dir).compile("export const a: number = 2;\n", at("changed.ts")), /exports\.a = 2;/);
        // The same text under another name: its own source map (sources) and entry.
        assert.match(tsNode(dir).compile("export const a: number = 2;\n", at("renamed.ts")), /sourceMappingURL=data:application\/json/);
        // Other compiler options, other output.
        assert.match(tsNode(dir).compile("// kept\nexport const a: number = 2;\n", at("renamed.ts")), /\/\/ kept/);
        assert.doesNotMatch(tsNode(dir, { removeComments: true }).compile("// kept\nexport const a: number = 2;\n", at("renamed.ts")), /\/\/ kept/);
        assert.equal(fs.readdirSync(dir).length, 5);
    });

    it("emits ES modules where ts-node does (nodenext, package type module), as ts-node's own transpile", () => {
        const project = tempDir("transpile-cache-esm-");
        dirs.push(project);
        fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ type: "module" }));
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "ES2022" } }));
        const create = (transpiler?: unknown[]) => require("ts-node").create({ project: path.join(project, "tsconfig.json"), transpileOnly: true, esm: true, ...(transpiler ? { transpiler } : {}) }) as Service;
        const fileName = path.join(project, "module.ts");
        const expected = create().compile("export const a: number = 1;\n", fileName);
        assert.match(expected, /^export const a = 1;/m, "ts-node emits ESM here");
        assert.equal(create([TRANSPILER, { cacheDir: cacheDir() }]).compile("export const a: number = 1;\n", fileName), expected);
    });

    it("lets ts-node report syntax errors as before, and keeps nothing for that file", () => {
        const dir = cacheDir();
        const fileName = path.join(REPO_ROOT, "broken.ts");
        const error = (service: Service) => {
            try {
                service.compile("export const a = ;\n", fileName);
            } catch (e) {
                return (e as Error).message;
            }
            return "no error";
        };
        assert.match(error(tsNode()), /TS1109/);
        assert.equal(error(tsNode(dir)), error(tsNode()));
        assert.deepEqual(fs.readdirSync(dir), []);
    });
});
