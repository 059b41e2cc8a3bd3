/** Renders a stack offline: the real program under mocks, written as files a person can read. */
import * as fs from "fs";
import * as path from "path";
import { unseenResources } from "./policy-gate/coverage";
import { kubernetesObjects, toManifestYaml } from "./manifests";
import { RenderedResource, RunOptions, RunResult, runProgram } from "./runtime";
import { REPO_ROOT } from "./stack-file";

export interface RenderResult {
    resources: RenderedResource[];
    outputs: Record<string, unknown>;
    secretOutputs: string[];
    generatedSecrets: string[];
    /** Multi-document YAML of every Kubernetes object. */
    manifests: string;
}

export interface RenderFiles {
    dir: string;
    manifests: string;
    resources: string;
}

export async function renderStack(stack: string, opts: Omit<RunOptions, "stack"> = {}): Promise<RenderResult> {
    return renderEvaluation(stack, await runProgram({ ...opts, stack }));
}

/** The render of an evaluation already made (the tests share theirs). */
export function renderEvaluation(stack: string, { resources, outputs, secretOutputs, generatedSecrets }: Readonly<RunResult>): RenderResult {
    // URN order: independent of the order in which asynchronous registrations complete.
    const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return { resources: sorted, outputs, secretOutputs, generatedSecrets, manifests: manifestHeader(stack, sorted) + toManifestYaml(sorted) };
}

/**
 * The comment that opens manifests.yaml: what the file is, and what it cannot contain (remote
 * components such as the KEDA Helm chart, whose objects only exist at deploy time).
 */
export function manifestHeader(stack: string, resources: readonly RenderedResource[]): string {
    const unseen = unseenResources(resources);
    const lines = [
        `Stack ${stack}: the Kubernetes objects the program registers, rendered offline under mocks by`,
        "`npm run render` (scripts/render.ts). For review and diffs; deploy with `pulumi up`.",
        "Secret values are \"[secret]\" placeholders; AWS-derived values (ARNs, endpoints) are mocks.",
        ...(unseen.length === 0
            ? ["Nothing is left out: every Kubernetes object of the stack is below."]
            : [
                  "Not in this file (a remote component is expanded by its provider at deploy time):",
                  ...unseen.map((u) => `  - ${u.description}`),
                  "Objects below that need what they create (e.g. a ScaledObject needs KEDA's CRDs) apply only after it.",
              ]),
    ];
    return lines.map((l) => `# ${l}`).join("\n") + "\n";
}

export function renderFiles(stack: string, outRoot = path.join(REPO_ROOT, "out")): RenderFiles {
    const dir = path.join(outRoot, stack);
    return { dir, manifests: path.join(dir, "manifests.yaml"), resources: path.join(dir, "resources.json") };
}

export function writeRender(stack: string, result: RenderResult, outRoot?: string): RenderFiles {
    const files = renderFiles(stack, outRoot);
    fs.mkdirSync(files.dir, { recursive: true });
    fs.writeFileSync(files.manifests, result.manifests);
    fs.writeFileSync(files.resources, JSON.stringify(result.resources, null, 2) + "\n");
    return files;
}

/**
 * After a failed render: deletes the files of an earlier one, so nothing downstream (a diff, the
 * policy gate's --resources) reads a stale render as the current one. Returns what it deleted.
 */
export function removeRender(stack: string, outRoot?: string): string[] {
    const files = renderFiles(stack, outRoot);
    const removed = [files.manifests, files.resources].filter((f) => fs.existsSync(f));
    for (const f of removed) fs.rmSync(f);
    if (fs.existsSync(files.dir) && fs.readdirSync(files.dir).length === 0) fs.rmdirSync(files.dir);
    return removed;
}

export function summary(stack: string, result: RenderResult, files: RenderFiles): string {
    const counts = new Map<string, number>();
    for (const r of result.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    const rows = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([type, n]) => `  ${String(n).padStart(3)}  ${type}`);
    const rel = (f: string) => path.relative(process.cwd(), f) || f;
    return [
        `stack ${stack}: ${result.resources.length} resources, ${kubernetesObjects(result.resources).length} Kubernetes objects`,
        ...rows,
        `wrote ${rel(files.manifests)}`,
        `wrote ${rel(files.resources)}`,
    ].join("\n");
}
