"use strict";
/**
 * A ts-node transpiler (ts-node 10's `transpiler` option) that keeps ts-node's own transpile-only
 * output on disk by content, so that the test workers and the CLIs (npm run render, policy, build,
 * docs, bench; scripts/pin-images.sh) transpile each file once, not once per process. Given where
 * transpile-only is wanted: `ts-node --transpiler ./scripts/lib/ts-transpile-cache.js` in
 * package.json's scripts, and tests/harness/ts-node-register.js for mocha; not in tsconfig.json,
 * where ts-node would refuse to type-check at all (a custom transpiler implies transpile-only).
 *
 * The output is made by the function ts-node itself uses without a transpiler (TypeScript >= 4.7:
 * createTsTranspileModule, called as ts-node 10.9.2's dist/index.js:652-688 does), so it is the
 * same byte for byte, ESM emit included (tests/runtime/transpile-cache.test.ts); the serialised
 * dynamic providers see what they see without the cache.
 *
 * A JavaScript file: ts-node loads it before it can transpile anything. The cache
 * (node_modules/.cache/kafka-eks-transpile) only grows; delete it to reclaim the space. Written
 * here rather than taken from npm: typescript-cached-transpile, the one package that does this,
 * has had no release since 2020.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "kafka-eks-transpile");
// ts-node's transpile for TypeScript >= 4.7; not in its package exports, so by path (ts-node is pinned).
const TS_NODE_TRANSPILE_MODULE = path.join(path.dirname(require.resolve("ts-node/package.json")), "dist", "ts-transpile-module.js");
/** This file's own text is part of every key: a change here never serves what an older version wrote. */
const SELF = fs.readFileSync(__filename, "utf8");

/** ts-node's transpiler factory; `cacheDir` may come from the transpiler's options. */
exports.create = function create({ service, nodeModuleEmitKind, cacheDir = CACHE_DIR }) {
    // The compiler ts-node was told to use (its `compiler` option), resolved as ts-node resolves it.
    const compilerPath = service.projectLocalResolveHelper(service.options.compiler || "typescript", true);
    const ts = require(compilerPath);
    const compilerOptions = service.config.options;
    const transformers = service.options.transformers;
    const transpileModule = require(TS_NODE_TRANSPILE_MODULE).createTsTranspileModule(ts, { compilerOptions, reportDiagnostics: true, transformers });
    const packageJsonType = nodeModuleEmitKind === "nodeesm" ? "module" : "commonjs";
    const transpile = (input, fileName) => transpileModule(input, { fileName }, packageJsonType);
    // Custom transformers are code the key cannot hold: without caching, then.
    if (transformers !== undefined) return { transpile: (input, { fileName }) => transpile(input, fileName) };

    // Whatever can change the output besides the file itself.
    const salt = JSON.stringify([SELF, compilerPath, ts.version, compilerOptions, packageJsonType]);
    let writable = true;
    try {
        fs.mkdirSync(cacheDir, { recursive: true });
    } catch {
        writable = false; // a read-only checkout: transpile every time, as without the cache
    }
    return {
        transpile(input, { fileName }) {
            const key = crypto.createHash("sha256").update(salt).update("\0").update(fileName).update("\0").update(input).digest("hex");
            const file = path.join(cacheDir, `${key}.json`);
            try {
                return JSON.parse(fs.readFileSync(file, "utf8"));
            } catch {
                // not cached yet (or unreadable): transpile
            }
            const result = transpile(input, fileName);
            // ts-node reports the diagnostics (syntax errors); such output is never kept.
            if (result.diagnostics !== undefined && result.diagnostics.length > 0) return result;
            const output = { outputText: result.outputText, sourceMapText: result.sourceMapText };
            if (writable) {
                // Written whole, then renamed: a parallel worker reads no file or the whole file, never half of it.
                const partial = `${file}.${process.pid}`;
                try {
                    fs.writeFileSync(partial, JSON.stringify(output));
                    fs.renameSync(partial, file);
                } catch {
                    writable = false;
                }
            }
            return output;
        },
    };
};
