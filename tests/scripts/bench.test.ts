import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../components/config";
import { projectName, readStackFile } from "../../scripts/lib/stack-file";
import { REPO_ROOT } from "../harness";

/**
 * What `npm run bench` compares must be what it claims. That it runs the compiled program
 * Pulumi.yaml names, with the same resources as the tests, is checked in build.test.ts (which
 * has the build).
 */
describe("npm run bench: its inputs", () => {
    it("the bench stack is a valid stack: 12 brokers, 200 topics, 20 scalers on declared topics", () => {
        const { config } = readStackFile("bench", path.join(REPO_ROOT, "scripts", "bench"), projectName());
        const sections = Object.fromEntries(Object.entries(config).filter(([k]) => k.startsWith("kafka-eks:")).map(([k, v]) => [k.slice("kafka-eks:".length), JSON.parse(v)]));
        const parsed = parseStackConfig(sections, "kafka-eks", { awsRegion: config["aws:region"] });
        assert.equal(parsed.kafka.brokers, 12);
        assert.equal(parsed.topics.length, 200);
        assert.equal(parsed.autoscaling.scalers.length, 20);
        const topics = new Set(parsed.topics.map((t) => t.name));
        for (const s of parsed.autoscaling.scalers) assert.ok(topics.has(s.topic), `${s.name} scales on undeclared topic ${s.topic}`);
    });

    it("measures the SDK's stack-trace mapping as pulumi preview pays it: run-once never asks for plain stack traces", () => {
        // The tests and the render/policy CLIs evaluate with skipSdkStackTraces (scripts/lib/runtime.ts).
        const runOnce = fs.readFileSync(path.join(REPO_ROOT, "scripts", "bench", "run-once.ts"), "utf8");
        assert.match(runOnce, /runProgram\(/);
        assert.doesNotMatch(runOnce, /skipSdkStackTraces|prepareStackTrace/);
    });

    it("no source imports the root of @pulumi/aws or @pulumi/kubernetes, not even for types (tsc would read their 3,400 declaration files)", () => {
        const sources = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
                e.name === "node_modules" || e.name === "bin" ? [] : e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
            );
        const roots = ["index.ts", "components", "policy", "scripts", "tests"].flatMap((p) => (p.endsWith(".ts") ? [path.join(REPO_ROOT, p)] : sources(path.join(REPO_ROOT, p))));
        const offenders = roots.filter((f) => /(?:from |import\()"@pulumi\/(?:aws|kubernetes)"/.test(fs.readFileSync(f, "utf8")));
        assert.deepEqual(offenders.map((f) => path.relative(REPO_ROOT, f)), []);
    });

    it("the floor imports the SDK modules the program imports, no more, no fewer", () => {
        const sources = (dir: string): string[] =>
            fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
        const program = new Set<string>();
        for (const file of [path.join(REPO_ROOT, "index.ts"), ...sources(path.join(REPO_ROOT, "components"))]) {
            // Value imports and re-exports load a module; `import type` and `export type` do not.
            for (const m of fs.readFileSync(file, "utf8").matchAll(/^(?:import|export)(?! type)[^;]*? from "(@pulumi\/[^"]+)"/gm)) program.add(m[1]);
        }
        const floor = new Set([...fs.readFileSync(path.join(REPO_ROOT, "scripts", "bench", "floor-program.js"), "utf8").matchAll(/require\("(@pulumi\/[^"]+)"\)/g)].map((m) => m[1]));
        assert.ok(program.size >= 10, [...program].join(", "));
        assert.deepEqual([...floor].sort(), [...program].sort());
    });
});
