/**
 * npm run bench [-- --runs N]
 * Wall time of a whole offline evaluation of the prod stack (fresh process: module loading,
 * config validation, every registration) next to a floor program that imports the same SDKs
 * and registers one resource. Prints medians and their ratio. A benchmark, never a test.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt === -1 ? 5 : Number(process.argv[runsAt + 1]);

function timeOnce(program: string): { ms: number; resources: number } {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [require.resolve("ts-node/dist/bin"), "--transpile-only", path.join(__dirname, "bench/run-once.ts"), "prod", program], {
        cwd: ROOT,
        encoding: "utf8",
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`bench run of ${program} failed:\n${r.stderr}`);
    return { ms, resources: (JSON.parse(r.stdout) as { resources: number }).resources };
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function measure(label: string, program: string): { label: string; median: number; min: number; max: number; resources: number } {
    timeOnce(program); // warm the file-system cache
    const runs = Array.from({ length: RUNS }, () => timeOnce(program));
    const ms = runs.map((r) => r.ms);
    return { label, median: median(ms), min: Math.min(...ms), max: Math.max(...ms), resources: runs[0].resources };
}

const rows = [measure("floor (same SDKs, 1 resource)", path.join(__dirname, "bench/floor-program.ts")), measure("prod stack (index.ts)", path.join(ROOT, "index.ts"))];
console.log(`offline evaluation, fresh process per run, ${RUNS} runs each (median, min-max):`);
for (const r of rows) {
    console.log(`  ${r.label.padEnd(32)} ${r.median.toFixed(0).padStart(6)} ms  (${r.min.toFixed(0)}-${r.max.toFixed(0)} ms)  ${r.resources} resources`);
}
console.log(`  ratio prod / floor: ${(rows[1].median / rows[0].median).toFixed(2)}x`);
