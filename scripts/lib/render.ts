/** Renders a stack offline: the real program under mocks, written as files a person can read. */
import * as fs from "fs";
import * as path from "path";
import { kubernetesObjects, toManifestYaml } from "./manifests";
import { RenderedResource, RunOptions, runProgram } from "./runtime";
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
    const { resources, outputs, secretOutputs, generatedSecrets } = await runProgram({ ...opts, stack });
    // URN order: independent of the order in which asynchronous registrations complete.
    const sorted = [...resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
    return { resources: sorted, outputs, secretOutputs, generatedSecrets, manifests: toManifestYaml(sorted) };
}

export function writeRender(stack: string, result: RenderResult, outRoot = path.join(REPO_ROOT, "out")): RenderFiles {
    const dir = path.join(outRoot, stack);
    fs.mkdirSync(dir, { recursive: true });
    const files = { dir, manifests: path.join(dir, "manifests.yaml"), resources: path.join(dir, "resources.json") };
    fs.writeFileSync(files.manifests, result.manifests);
    fs.writeFileSync(files.resources, JSON.stringify(result.resources, null, 2) + "\n");
    return files;
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
