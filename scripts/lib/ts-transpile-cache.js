"use strict";
/**
 * The ts-node transpiler of this repo (tsconfig.json "ts-node".transpiler): TypeScript's own
 * transpileModule, its output kept on disk by content, so that the test workers and every CLI a
 * test or a user starts (npm run render, policy, pin-images) transpile each file once, not once
 * per process. The output is TypeScript's byte for byte (tests/runtime/transpile-cache.test.ts),
 * so function serialisation of the dynamic providers sees what it sees without the cache.
 *
 * A JavaScript file: ts-node loads it before it can transpile anything. The cache folder
 * (node_modules/.cache/kafka-eks-transpile) only grows; delete it to reclaim the space. Written
 * here rather than taken from npm: typescript-cached-transpile (the only package that does
 * this) has had no release since 2020.
 */
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const CACHE_DIR = path.join(__dirname, "..", "..", "node_modules", ".cache", "kafka-eks-transpile");

/** ts-node's transpiler factory (ts-node 10 `transpiler` option; `cacheDir` from its options). */
exports.create = function create({ service, nodeModuleEmitKind, cacheDir = CACHE_DIR }) {
    const ts = require(service.projectLocalResolveHelper("typescript", true));
    const compilerOptions = service.config.options;
    // Whatever can change the output besides the file itself.
    const salt = JSON.stringify([ts.version, compilerOptions, nodeModuleEmitKind ?? null]);
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
            const result = ts.transpileModule(input, { fileName, compilerOptions, reportDiagnostics: true });
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
