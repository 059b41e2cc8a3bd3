/**
 * npm run bench [-- --runs N]   (builds first: it measures the compiled program Pulumi runs)
 *
 * Wall time of whole offline evaluations, each in a fresh process started the way `pulumi
 * preview` starts the program (scripts/bench/run-once.ts: Pulumi.yaml's main and runtime
 * options, under the mock runtime):
 *   - floor: plain JavaScript importing the program's SDK modules and registering one resource;
 *   - prod: the prod stack;
 *   - bench: scripts/bench/Pulumi.bench.yaml (12 brokers, 200 topics, 20 scalers), and two
 *     variants of it (only the 20 topics the scalers use; no scalers) for the cost per topic and
 *     per scaler;
 *   - prod without the SDK's per-promise stack traces (a preload, never in the program): what
 *     an upstream fix to that SDK cost would give.
 * Runs are interleaved; medians, the ratios, CPU time, peak memory and the load average are
 * printed. A benchmark, never a test: nothing asserts on time.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";

const ROOT = path.resolve(__dirname, "..");
const RUN_ONCE = path.join(ROOT, "bin", "scripts", "bench", "run-once.js");
const BENCH_STACK = path.join(__dirname, "bench", "Pulumi.bench.yaml");
const runsAt = process.argv.indexOf("--runs");
const RUNS = runsAt === -1 ? 5 : Number(process.argv[runsAt + 1]);

interface Case {
    label: string;
    args: string[];
    nodeArgs?: string[];
}
interface Sample {
    wallMs: number;
    cpuMs: number;
    maxRssKiB: number;
    resources: number;
}

function runOnce(c: Case): Sample {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [...(c.nodeArgs ?? []), RUN_ONCE, ...c.args], { cwd: ROOT, encoding: "utf8" });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`bench run "${c.label}" failed:\n${r.stderr}`);
    return { wallMs, ...(JSON.parse(r.stdout) as Omit<Sample, "wallMs">) };
}

function median(xs: number[]): number {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const variantDirs: string[] = [];
process.on("exit", () => variantDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The bench stack with its config edited, as a stack file of its own (removed when the bench ends). */
function variant(edit: (config: Record<string, unknown>) => void): string {
    const doc = YAML.parse(fs.readFileSync(BENCH_STACK, "utf8")) as { config: Record<string, unknown> };
    edit(doc.config);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-eks-bench-"));
    variantDirs.push(dir);
    fs.writeFileSync(path.join(dir, "Pulumi.bench.yaml"), YAML.stringify(doc));
    return path.join(dir, "Pulumi.bench.yaml");
}

type Topic = { name: string };
const benchConfig = (YAML.parse(fs.readFileSync(BENCH_STACK, "utf8")) as { config: Record<string, unknown> }).config;
const allTopics = benchConfig["kafka-eks:topics"] as Topic[];
const scalers = (benchConfig["kafka-eks:autoscaling"] as { scalers: { topic: string }[] }).scalers;
const scalerTopics = new Set(scalers.map((s) => s.topic));
const fewTopics = variant((c) => (c["kafka-eks:topics"] = allTopics.filter((t) => scalerTopics.has(t.name))));
const noScalers = variant((c) => {
    c["kafka-eks:autoscaling"] = { ...(c["kafka-eks:autoscaling"] as object), scalers: [] };
    delete c["kafka-eks:consumers"];
});

const cases: Case[] = [
    { label: "floor (plain JS, SDK imports, 1 resource)", args: ["--program", path.join(__dirname, "bench", "floor-program.js"), "prod"] },
    { label: "prod stack", args: ["prod"] },
    { label: "bench stack", args: ["--stack-file", BENCH_STACK, "bench"] },
    { label: `bench, ${scalerTopics.size} topics`, args: ["--stack-file", fewTopics, "bench"] },
    { label: "bench, no scalers", args: ["--stack-file", noScalers, "bench"] },
    { label: "prod, no SDK promise stacks", args: ["prod"], nodeArgs: ["--require", path.join(ROOT, "bin", "scripts", "bench", "without-promise-stacks.js")] },
];

if (!fs.existsSync(RUN_ONCE)) throw new Error(`${RUN_ONCE} is missing: npm run bench builds it (npm run build)`);
const loadBefore = os.loadavg();
for (const c of cases) runOnce(c); // warm the file-system cache
const samples = new Map<Case, Sample[]>(cases.map((c) => [c, []]));
for (let i = 0; i < RUNS; i++) for (const c of cases) samples.get(c)!.push(runOnce(c));
const loadAfter = os.loadavg();

const stats = new Map(
    cases.map((c) => {
        const s = samples.get(c)!;
        return [c.label, { wall: median(s.map((x) => x.wallMs)), cpu: median(s.map((x) => x.cpuMs)), rss: median(s.map((x) => x.maxRssKiB)) / 1024, min: Math.min(...s.map((x) => x.wallMs)), max: Math.max(...s.map((x) => x.wallMs)), resources: s[0].resources }];
    }),
);
const at = (i: number) => stats.get(cases[i].label)!;
const [floor, prod, bench, few, bare, noStacks] = [0, 1, 2, 3, 4, 5].map(at);
const ms = (x: number) => `${x.toFixed(0)} ms`;

console.log(`offline evaluation as pulumi preview runs it, fresh process per run, ${RUNS} runs each, interleaved (medians)`);
console.log(`load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(" ")} after, ${os.cpus().length} CPUs`);
console.log(`  ${"".padEnd(44)} ${"wall".padStart(8)} ${"(min-max)".padStart(13)} ${"CPU".padStart(8)} ${"peak RSS".padStart(9)} resources`);
for (const c of cases) {
    const s = stats.get(c.label)!;
    console.log(`  ${c.label.padEnd(44)} ${ms(s.wall).padStart(8)} ${`(${s.min.toFixed(0)}-${s.max.toFixed(0)})`.padStart(13)} ${ms(s.cpu).padStart(8)} ${`${s.rss.toFixed(0)} MiB`.padStart(9)} ${s.resources}`);
}
const topicsRemoved = allTopics.length - scalerTopics.size;
console.log(`  ratio prod / floor: ${(prod.wall / floor.wall).toFixed(2)}x wall, ${(prod.cpu / floor.cpu).toFixed(2)}x CPU (goal 1.5x)`);
console.log(`  ratio bench / prod: ${(bench.wall / prod.wall).toFixed(2)}x wall, ${(bench.cpu / prod.cpu).toFixed(2)}x CPU (goal 2x)`);
console.log(`  per topic:  ${((bench.wall - few.wall) / topicsRemoved).toFixed(1)} ms wall, ${((bench.cpu - few.cpu) / topicsRemoved).toFixed(1)} ms CPU, ${((bench.resources - few.resources) / topicsRemoved).toFixed(1)} resources`);
console.log(`  per scaler: ${((bench.wall - bare.wall) / scalers.length).toFixed(1)} ms wall, ${((bench.cpu - bare.cpu) / scalers.length).toFixed(1)} ms CPU, ${((bench.resources - bare.resources) / scalers.length).toFixed(1)} resources`);
console.log(`  the SDK's stack trace per promise costs prod ${ms(prod.wall - noStacks.wall)} wall, ${ms(prod.cpu - noStacks.cpu)} CPU: without it prod / floor would be ${(noStacks.wall / floor.wall).toFixed(2)}x`);
