/**
 * The weekly prod preview (.github/workflows/prod-preview.yml): its shape (schedule, protected
 * environment, pinned actions, Node 22), and its preview step run with bash against a stub
 * Pulumi CLI (tests/platform/stubs/pulumi) for each outcome: nothing pending, a certificate due,
 * other drift, a failed preview.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { REPO_ROOT } from "../harness";

const WORKFLOW = path.join(REPO_ROOT, ".github", "workflows", "prod-preview.yml");
const STUBS = path.join(__dirname, "stubs");

interface Step {
    id?: string;
    name?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
}
interface Workflow {
    on: { schedule: Array<{ cron: string }> };
    jobs: Record<string, { environment: string; permissions: Record<string, string>; steps: Step[] }>;
}

const workflow = YAML.parse(fs.readFileSync(WORKFLOW, "utf8")) as Workflow;
const job = workflow.jobs.preview;
const previewStep = job.steps.find((s) => s.id === "preview")!;

/** A PreviewDigest as `pulumi preview --json` prints it, with these steps. */
function digest(...steps: Array<[op: string, type: string, name: string]>): string {
    const urn = (type: string, name: string) => `urn:pulumi:prod::kafka-eks::kafka-eks:kafka:KafkaCluster$${type}::${name}`;
    return JSON.stringify({ steps: steps.map(([op, type, name]) => ({ op, urn: urn(type, name), detailedDiff: null })), changeSummary: {} }, null, 4);
}
const SAME = ["same", "kubernetes:apps/v1:StatefulSet", "kafka-broker"] as [string, string, string];
const CERT = "tls:index/locallySignedCert:LocallySignedCert";

interface Outcome {
    status: number | null;
    stdout: string;
    summary: string;
    outputs: string;
    args: string[];
}

/** Runs the preview step's script as the runner does (`bash -e`), with the stub CLI first on PATH. */
function runPreviewStep(preview: { digest?: string; fail?: string }): Outcome {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prod-preview-"));
    const file = (name: string, content = "") => (fs.writeFileSync(path.join(dir, name), content), path.join(dir, name));
    fs.writeFileSync(path.join(dir, "step.sh"), previewStep.run!);
    const env = {
        PATH: `${STUBS}:${process.env.PATH}`,
        HOME: dir,
        STACK: "acme/prod",
        GITHUB_STEP_SUMMARY: file("summary.md"),
        GITHUB_OUTPUT: file("outputs.txt"),
        STUB_ARGS: file("args.txt"),
        STUB_DIGEST: file("digest.json", preview.digest ?? ""),
        ...(preview.fail ? { STUB_FAIL: preview.fail } : {}),
    };
    const result = spawnSync("bash", ["-e", "step.sh"], { cwd: dir, env, encoding: "utf8" });
    const read = (name: string) => fs.readFileSync(path.join(dir, name), "utf8");
    const outcome = { status: result.status, stdout: result.stdout, summary: read("summary.md"), outputs: read("outputs.txt"), args: read("args.txt").split("\n").filter(Boolean) };
    fs.rmSync(dir, { recursive: true, force: true });
    return outcome;
}

describe("weekly prod preview workflow", () => {
    it("runs weekly and on demand", () => {
        const [cron] = workflow.on.schedule.map((s) => s.cron.split(/\s+/));
        assert.equal(cron.length, 5);
        assert.deepEqual(cron.slice(2, 4), ["*", "*"], "every month, any day of the month");
        assert.match(cron[4], /^[0-6]$/, "one day of the week");
        assert.ok("workflow_dispatch" in workflow.on);
    });

    it("runs in the protected prod environment, with write access only in its job", () => {
        assert.equal(job.environment, "prod");
        assert.deepEqual(job.permissions, { contents: "read", "id-token": "write", issues: "write" });
    });

    it("pins every action to a commit, with its version beside it, and uses Node 22", () => {
        const uses = fs.readFileSync(WORKFLOW, "utf8").split("\n").filter((l) => /^\s*-?\s*uses:/.test(l));
        assert.ok(uses.length >= 4);
        for (const line of uses) assert.match(line, /uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/, line);
        assert.equal(job.steps.find((s) => s.uses?.startsWith("actions/setup-node@"))!.with!["node-version"], 22);
    });

    it("previews prod with --expect-no-changes", () => {
        const { args, status } = runPreviewStep({ digest: digest(SAME) });
        assert.equal(status, 0);
        assert.deepEqual(args, ["preview", "--stack", "acme/prod", "--expect-no-changes", "--non-interactive", "--json"]);
        assert.match(previewStep.env!.STACK, /\/prod$/);
    });

    it("passes quietly when nothing is pending", () => {
        const { status, summary, outputs } = runPreviewStep({ digest: digest(SAME) });
        assert.equal(status, 0);
        assert.match(summary, /no certificate is due/);
        assert.equal(outputs, "");
    });

    it("fails loudly when a certificate replacement is due, naming it", () => {
        const { status, stdout, summary, outputs } = runPreviewStep({ digest: digest(SAME, ["replace", CERT, "kafka-broker-cert"], ["create-replacement", CERT, "kafka-broker-cert"]) });
        assert.equal(status, 7);
        assert.match(stdout, /^::error title=Certificate renewal due::replace urn:pulumi:prod::kafka-eks::.*LocallySignedCert::kafka-broker-cert/m);
        assert.match(summary, /renewal window[\s\S]*Run the deploy workflow/);
        assert.match(summary, /^replace urn:.*::kafka-broker-cert$/m);
        assert.doesNotMatch(summary, /^same /m);
        assert.equal(outputs, "kind=certificate\n");
    });

    it("fails on any other pending change too, as drift", () => {
        const { status, stdout, outputs, summary } = runPreviewStep({ digest: digest(SAME, ["update", "aws:eks/addon:Addon", "platform-vpc-cni"]) });
        assert.equal(status, 7);
        assert.match(stdout, /^::error title=prod differs from main::1 pending change\(s\)/m);
        assert.match(summary, /^update urn:.*::platform-vpc-cni$/m);
        assert.equal(outputs, "kind=drift\n");
    });

    it("reports a preview that could not run as a failure, not as drift", () => {
        const { status, stdout, outputs } = runPreviewStep({ fail: "getting credentials: no valid credential sources" });
        assert.equal(status, 1);
        assert.match(stdout, /^::error title=prod preview failed::pulumi preview exited 1/m);
        assert.equal(outputs, "kind=failed\n");
    });

    it("opens or updates an issue whenever the run fails", () => {
        const reminder = job.steps.find((s) => s.if === "failure()")!;
        assert.match(reminder.run!, /gh issue create/);
        assert.match(reminder.run!, /gh issue comment/);
        assert.equal(reminder.env!.KIND, "${{ steps.preview.outputs.kind }}");
    });
});
