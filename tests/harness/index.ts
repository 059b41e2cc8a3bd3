/**
 * Test harness: runs the real program (or a stack with config overrides) under Pulumi's mock
 * runtime and gives the registered resources, plus finders. Every test that needs rendered
 * resources goes through here; it is the same code `npm run render` uses.
 */
import * as path from "path";
import { type RenderResult, renderEvaluation } from "../../scripts/lib/render";
import { RenderedResource, RunOptions, RunResult, runProgram as evaluate } from "../../scripts/lib/runtime";
import { projectName, readStackFile } from "../../scripts/lib/stack-file";
import { SECTIONS } from "../../components/config/stack";

export type { RenderedResource, RunResult };
export { sharedPolicyPacks } from "./policy-pack";

/** The repo root and the upstream reference data kept in it (provenance: upstream/README.md). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const UPSTREAM = path.join(REPO_ROOT, "upstream");

/** Renders `stack`, with optional section overrides (`{ kafka: {...} }` replaces that section). */
export function renderStack(stack: string, overrides?: RunOptions["overrides"]): Promise<Readonly<RunResult>> {
    return runProgram({ stack, overrides });
}

/** What `npm run render` writes for `stack` (manifests.yaml text, URN-sorted resources), from the shared evaluation. */
export async function renderResult(stack: string, overrides?: RunOptions["overrides"]): Promise<RenderResult> {
    return renderEvaluation(stack, await renderStack(stack, overrides));
}

const evaluations = new Map<string, Promise<Readonly<RunResult>>>();

/**
 * Runs a program under the mocks once per test process for each distinct set of options and
 * hands every caller the same deeply frozen result (a test that edits it fails instead of
 * changing what the next test sees; copy with structuredClone to edit). Evaluations are
 * deterministic, so sharing changes no outcome; errors are shared the same way. With
 * `onRegister` the caller watches registrations as they happen: always a fresh evaluation.
 */
export function runProgram(opts: RunOptions): Promise<Readonly<RunResult>> {
    if (opts.onRegister) return evaluate({ ...opts, skipSdkStackTraces: true });
    const key = canonicalJson(withoutDefaults(opts));
    let result = evaluations.get(key);
    if (result === undefined) {
        // Tests read no SDK stack trace: V8 formats them, not the source-map mapper (see the option).
        result = evaluate({ ...opts, skipSdkStackTraces: true }).then(deepFreeze);
        evaluations.set(key, result);
    }
    return result;
}

/** The options without what equals leaving them out (no overrides, an empty set of them, no preview): one key per evaluation. */
function withoutDefaults(opts: RunOptions): RunOptions {
    const { overrides, preview, ...rest } = opts;
    return { ...rest, ...(overrides && Object.keys(overrides).length > 0 ? { overrides } : {}), ...(preview ? { preview } : {}) };
}

/** JSON with sorted keys; `undefined` (an override that removes a section) stays distinct from absent. */
function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) => {
        if (v === undefined) return "\u0000undefined";
        if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
        return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    });
}

function deepFreeze<T>(value: T): T {
    if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
        Object.freeze(value);
        for (const v of Object.values(value)) deepFreeze(v);
    }
    return value;
}

export function ofType(resources: readonly RenderedResource[], type: string): RenderedResource[] {
    return resources.filter((r) => r.type === type);
}

export function one(resources: readonly RenderedResource[], type: string, name?: string): RenderedResource {
    const found = ofType(resources, type).filter((r) => name === undefined || r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

/** Kubernetes objects of `kind` (by inputs.kind), e.g. "StatefulSet". */
export function kubernetesObjects(resources: readonly RenderedResource[], kind?: string): RenderedResource[] {
    return resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && (kind === undefined || r.inputs.kind === kind));
}

/** Reads a nested input by dotted path ("vpcConfig.endpointPublicAccess"). */
export function input<T = unknown>(r: RenderedResource, dotted: string): T {
    return dotted.split(".").reduce<unknown>((o, k) => (o === null || o === undefined ? undefined : (o as Record<string, unknown>)[k]), r.inputs) as T;
}

/** Every config section a Pulumi.<stack>.yaml sets, as plain data (input to parseStackConfig). */
export function stackSections(stack: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const section of SECTIONS) {
        const value = stackSection(stack, section);
        if (value !== undefined) out[section] = value;
    }
    return out;
}

// The shipped stack files do not change during a run: each is parsed once per test process
// (parsing them on every call cost the suite about 8 s of CPU).
const stackConfigs = new Map<string, Record<string, string>>();
const PROJECT = projectName();

/** Reads a Pulumi.<stack>.yaml section as plain data (a fresh copy), to build overrides from. */
export function stackSection(stack: string, section: string): Record<string, unknown> | undefined {
    let config = stackConfigs.get(stack);
    if (config === undefined) stackConfigs.set(stack, (config = readStackFile(stack).config));
    const raw = config[`${PROJECT}:${section}`];
    return raw === undefined ? undefined : (JSON.parse(raw) as Record<string, unknown>);
}
