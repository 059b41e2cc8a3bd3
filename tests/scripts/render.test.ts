import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { PROMETHEUS_STACK_CHART } from "../../components/observability/prometheus-stack-spec";
import { writeRender } from "../../scripts/lib/render";
import { REPO_ROOT, RenderedResource, renderResult, runProgram } from "../harness";
import { npmScriptArgv } from "../harness/npm-script";

/** Runs the CLI exactly as `npm run render -- <args>` does. */
function render(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, npmScriptArgv("render", ...args), { cwd: REPO_ROOT, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const runRender = (stack: string, outDir: string) => render(stack, "--out", outDir);

describe("offline render", () => {
    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            let resources: RenderedResource[];
            let manifests: string;
            before(async () => ({ resources, manifests } = await renderResult(stack)));

            it("manifests.yaml opens with a comment naming what it cannot contain: the charts' objects (KEDA; kube-prometheus-stack with metrics.installStack, dev)", () => {
                const header = manifests.slice(0, manifests.indexOf("\napiVersion:"));
                assert.ok(header.split("\n").every((l) => l.startsWith("#")), header);
                assert.match(header, /Not in this file .*\n#   - kubernetes:helm\.sh\/v4:Chart "keda" \(chart keda, version 2\.20\.2, namespace keda\)\n/);
                const stackChart = `#   - kubernetes:helm.sh/v4:Chart "monitoring-stack" (chart ${PROMETHEUS_STACK_CHART.chart}, version ${PROMETHEUS_STACK_CHART.version}, namespace monitoring)\n`;
                assert.equal(header.includes(stackChart), stack === "dev", header);
                assert.match(header, /Secret values are "\[secret\]" placeholders/);
                const charts = resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart");
                assert.ok(charts.every((c) => c.remote), "the charts are recorded as remote components");
                assert.deepEqual(resources.filter((r) => r.remote).map((r) => r.name), stack === "dev" ? ["keda", "monitoring-stack"] : ["keda"]);
            });

            it("gives every Kubernetes resource the explicit provider", () => {
                const providers = new Set(resources.filter((r) => r.type === "pulumi:providers:kubernetes").map((r) => r.urn));
                assert.equal(providers.size, 1);
                const k8s = resources.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
                assert.ok(k8s.length >= 2);
                for (const r of k8s) assert.ok(r.provider && providers.has(r.provider), `${r.urn} uses provider ${r.provider}`);
            });
        });
    }

    it("writes manifests.yaml and resources.json, byte-identical across runs (the CLI's process and this one)", async function () {
        this.timeout(240_000);
        const first = fs.mkdtempSync(path.join(os.tmpdir(), "render-a-"));
        const second = fs.mkdtempSync(path.join(os.tmpdir(), "render-b-"));
        const r = runRender("prod", first);
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /stack prod: \d+ resources, \d+ Kubernetes objects/);
        // The second run is this process's own evaluation, written by the same code the CLI uses.
        writeRender("prod", await renderResult("prod"), second);
        for (const file of ["manifests.yaml", "resources.json"]) {
            const a = fs.readFileSync(path.join(first, "prod", file), "utf8");
            assert.ok(a.length > 100, `${file} is empty`);
            assert.equal(a, fs.readFileSync(path.join(second, "prod", file), "utf8"), `${file} differs between runs`);
        }
        const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(first, "prod", "manifests.yaml"), "utf8")).map((d) => d.toJS());
        assert.ok(docs.every((d) => typeof d.apiVersion === "string" && typeof d.kind === "string" && typeof d.metadata?.name === "string"));
        assert.equal(docs[0].kind, "Namespace", "namespaces come first");
        const resources = JSON.parse(fs.readFileSync(path.join(first, "prod", "resources.json"), "utf8"));
        for (const r of resources) for (const k of ["urn", "type", "name", "dependencies", "inputs"]) assert.ok(k in r, `${r.urn} lacks ${k}`);
    });

    it("stops on a config error before any resource is registered", async () => {
        const registered: string[] = [];
        await assert.rejects(
            runProgram({ stack: "dev", overrides: { zookeeper: { replicas: 4 } }, onRegister: (r) => registered.push(r.urn) }),
            /kafka-eks:zookeeper\.replicas = 4: must be odd \(quorum needs 2F\+1\)/,
        );
        assert.deepEqual(registered, []);
    });

    it("exits non-zero with the config error message, and deletes the files of an earlier render", () => {
        const stack = `invalid-${process.pid}`;
        const file = path.join(REPO_ROOT, `Pulumi.${stack}.yaml`);
        fs.writeFileSync(file, fs.readFileSync(path.join(REPO_ROOT, "Pulumi.dev.yaml"), "utf8").replace(/(kafka-eks:zookeeper:\n\s+replicas:) 3/, "$1 4"));
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-invalid-"));
        // A render from before the config broke: it must not survive as if it were current.
        fs.mkdirSync(path.join(dir, stack));
        for (const stale of ["manifests.yaml", "resources.json"]) fs.writeFileSync(path.join(dir, stack, stale), "stale");
        try {
            const r = runRender(stack, dir);
            assert.equal(r.status, 1);
            assert.match(r.stderr, /Invalid stack configuration \(1 problem\):\n\s+kafka-eks:zookeeper\.replicas = 4: must be odd \(quorum needs 2F\+1\)/);
            assert.doesNotMatch(r.stderr, /\n\s+at /);
            assert.match(r.stderr, /removed stale .*manifests\.yaml\nremoved stale .*resources\.json/);
            assert.ok(!fs.existsSync(path.join(dir, stack)), "nothing may be left");
        } finally {
            fs.rmSync(file);
        }
    });

    it("--help prints the usage and exits 0; an unknown option exits 2", () => {
        const help = render("--help");
        assert.equal(help.status, 0, help.stderr);
        assert.match(help.stdout, /^usage: npm run render -- <stack> \[--out DIR\]\n/);
        assert.match(help.stdout, /--out DIR {3}where to write \(default out\/\)/);
        const unknown = render("dev", "--output", "x");
        assert.equal(unknown.status, 2);
        assert.match(unknown.stderr, /^unknown option --output\nusage:/);
    });

    it("exits non-zero for an unknown stack, without a stack trace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-bad-"));
        const r = runRender("nosuchstack", dir);
        assert.equal(r.status, 1);
        assert.match(r.stderr, /no stack file .*Pulumi\.nosuchstack\.yaml/);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
    });
});
