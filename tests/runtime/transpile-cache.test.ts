/**
 * The ts-node transpiler of this repo (scripts/lib/ts-transpile-cache.js) keeps TypeScript's
 * transpile output on disk so that each process does not transpile every file again. It must
 * give exactly what ts-node gives without it: the dynamic providers are serialised from that
 * output, and build.test compares that serialisation with the compiled program's.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { REPO_ROOT } from "../harness";

interface Output {
    outputText: string;
    sourceMapText?: string;
    diagnostics?: readonly ts.Diagnostic[];
}
interface Transpiler {
    transpile(input: string, options: { fileName: string }): Output;
}
type Factory = (options: { service: object; nodeModuleEmitKind?: string; cacheDir?: string }) => Transpiler;

const TSCONFIG = path.join(REPO_ROOT, "tsconfig.json");
const tsconfig = JSON.parse(fs.readFileSync(TSCONFIG, "utf8")) as { "ts-node": { transpiler: string } };
const create = (require(path.join(REPO_ROOT, tsconfig["ts-node"].transpiler)) as { create: Factory }).create;
// ts-node 10.9's transpile for TypeScript >= 4.7 when no transpiler is set (dist/index.js
// createTranspileOnlyGetOutputFunction): the output the cache must reproduce.
const { createTsTranspileModule } = require(path.join(path.dirname(require.resolve("ts-node/package.json")), "dist", "ts-transpile-module.js")) as {
    createTsTranspileModule(t: typeof ts, o: { compilerOptions: ts.CompilerOptions; reportDiagnostics: boolean }): (code: string, o: { fileName: string }, kind: string) => Output;
};

/** The compiler options ts-node hands a transpiler for this repo (its tsconfig, as ts-node adjusts it). */
function tsNodeOptions(): ts.CompilerOptions {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-probe-")), "probe.js");
    fs.writeFileSync(probe, "exports.create = ({ service }) => { module.exports.options = service.config.options; return { transpile: () => ({ outputText: '', sourceMapText: '{\"version\":3,\"sources\":[],\"names\":[],\"mappings\":\"\"}' }) }; };");
    const service = require("ts-node").create({ project: TSCONFIG, transpiler: probe }) as { compile(code: string, fileName: string): string };
    service.compile("", path.join(REPO_ROOT, "probe.ts"));
    const { options } = require(probe) as { options?: ts.CompilerOptions };
    assert.ok(options, "ts-node created the transpiler");
    return options;
}

describe("ts-node's transpiler: TypeScript's output, cached on disk (scripts/lib/ts-transpile-cache.js)", () => {
    const compilerOptions = tsNodeOptions();
    const reference = createTsTranspileModule(ts, { compilerOptions, reportDiagnostics: true });
    const transpiler = (cacheDir: string) => create({ service: { config: { options: compilerOptions }, projectLocalResolveHelper: (name: string) => require.resolve(name) }, nodeModuleEmitKind: "nodecjs", cacheDir });
    const cacheDir = () => fs.mkdtempSync(path.join(os.tmpdir(), "transpile-cache-"));

    it("is the transpiler tsconfig.json gives ts-node (tests and CLIs), transpile-only", () => {
        assert.equal(path.resolve(REPO_ROOT, tsconfig["ts-node"].transpiler), path.join(REPO_ROOT, "scripts", "lib", "ts-transpile-cache.js"));
        assert.equal((tsconfig["ts-node"] as { transpileOnly?: boolean }).transpileOnly, true);
    });

    it("gives ts-node's own output byte for byte, transpiled and then from the cache: the serialised providers and the program's entry", () => {
        const dir = cacheDir();
        const files = ["components/kafka/topics/guard.ts", "components/kafka/layout-guard/guard.ts", "components/kafka/layout-guard/finalized-level.ts", "components/common/dynamic-provider.ts", "index.ts"];
        for (const relative of files) {
            const fileName = path.join(REPO_ROOT, relative);
            const input = fs.readFileSync(fileName, "utf8");
            const expected = reference(input, { fileName }, "commonjs");
            for (const round of ["transpiled", "cached"]) {
                const got = transpiler(dir).transpile(input, { fileName });
                assert.equal(got.outputText, expected.outputText, `${relative} (${round})`);
                assert.equal(got.sourceMapText, expected.sourceMapText, `${relative} (${round}): source map`);
            }
        }
        assert.equal(fs.readdirSync(dir).length, files.length, "one entry a file");
    });

    it("a changed file is transpiled again, not served from the cache", () => {
        const dir = cacheDir();
        const fileName = path.join(REPO_ROOT, "changed.ts");
        const t = transpiler(dir);
        assert.match(t.transpile("export const a: number = 1;\n", { fileName }).outputText, /exports\.a = 1;/);
        assert.match(t.transpile("export const a: number = 2;\n", { fileName }).outputText, /exports\.a = 2;/);
        assert.equal(fs.readdirSync(dir).length, 2);
    });

    it("returns the syntax errors for ts-node to report, and keeps nothing for that file", () => {
        const dir = cacheDir();
        const fileName = path.join(REPO_ROOT, "broken.ts");
        const got = transpiler(dir).transpile("export const a = ;\n", { fileName });
        assert.deepEqual(got.diagnostics?.map((d) => d.code), reference("export const a = ;\n", { fileName }, "commonjs").diagnostics?.map((d) => d.code));
        assert.ok((got.diagnostics?.length ?? 0) > 0);
        assert.deepEqual(fs.readdirSync(dir), []);
    });
});
