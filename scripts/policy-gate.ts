/**
 * npm run policy -- <stack> [--config FILE] [--resources FILE] [--preview] [--json FILE]
 *
 * The CI policy gate, offline: renders the stack under mocks (scripts/lib/render.ts) — or reads
 * a rendered resources.json — and evaluates policy/ over the Analyzer gRPC protocol as
 * `pulumi preview --policy-pack policy --policy-pack-config policy/config/<stack>.json` would.
 * Exit 0: no mandatory violation; 1: mandatory violations; 2: usage, input, render or pack error.
 */
import * as fs from "fs";
import * as path from "path";
// Only the light parts at start; the pack client (gRPC) and the renderer (the Pulumi SDK) load once
// the input is read, so --help and usage and input errors answer without loading them.
import { formatResult, isBlocking } from "./lib/policy-gate/format";
import { readPolicyConfigFile } from "./lib/policy-gate/policy-config";
import { readResourcesFile } from "./lib/policy-gate/resources-file";
import type { PolicyPackConfigFile, RenderedResource } from "./lib/policy-gate/types";
import { REPO_ROOT, projectName } from "./lib/stack-file";

const USAGE = `usage: npm run policy -- <stack> [--config FILE] [--resources FILE] [--preview] [--json FILE]

Evaluates the policy pack (policy/) offline over the Analyzer gRPC protocol, as
\`pulumi preview --policy-pack policy --policy-pack-config policy/config/<stack>.json\` would.

  <stack>            a Pulumi.<stack>.yaml next to Pulumi.yaml (dev, prod, kind)
  --config FILE      policy pack config (default policy/config/<stack>.json)
  --resources FILE   evaluate a rendered resources.json instead of rendering the stack
  --preview          render as \`pulumi preview\` does (computed values unknown) instead of \`pulumi up\`
  --json FILE        also write the full result (policies, config, violations, unevaluated resources) as JSON
  -h, --help         print this help

Exit status: 0 no mandatory violation, 1 mandatory violations, 2 usage, input, render or pack error.`;

interface Args {
    stack: string;
    config?: string;
    resources?: string;
    preview: boolean;
    json?: string;
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Args | "help" {
    if (argv.includes("--help") || argv.includes("-h")) return "help";
    const rest = [...argv];
    const take = (flag: string): string | undefined => {
        const at = rest.indexOf(flag);
        if (at === -1) return undefined;
        const [, value] = rest.splice(at, 2);
        if (!value || value.startsWith("-")) throw new UsageError(`${flag} needs a value`);
        return value;
    };
    const config = take("--config");
    const resources = take("--resources");
    const json = take("--json");
    const previewAt = rest.indexOf("--preview");
    if (previewAt !== -1) rest.splice(previewAt, 1);
    const unknown = rest.filter((a) => a.startsWith("-"));
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown.join(", ")}`);
    if (rest.length !== 1) throw new UsageError(rest.length === 0 ? "name a stack" : `one stack, not ${rest.join(" ")}`);
    return { stack: rest[0], config, resources, json, preview: previewAt !== -1 };
}

/** The stack's checked-in policy config, policy/config/<stack>.json, unless another is given. */
function loadConfig(args: Args): { file?: string; config: PolicyPackConfigFile } {
    const file = args.config ?? path.join(REPO_ROOT, "policy", "config", `${args.stack}.json`);
    if (!fs.existsSync(file)) {
        if (args.config) throw new Error(`${file}: no such policy config file`);
        return { config: {} };
    }
    return { file, config: readPolicyConfigFile(file) };
}

async function loadResources(args: Args): Promise<RenderedResource[]> {
    if (args.resources) return readResourcesFile(args.resources);
    // Default: values as after `pulumi up` under mocks, so no check is skipped for an unknown value.
    const { renderStack } = await import("./lib/render");
    return (await renderStack(args.stack, { preview: args.preview, skipSdkStackTraces: true })).resources;
}

async function main(): Promise<number> {
    let parsed: Args | "help";
    try {
        parsed = parseArgs(process.argv.slice(2));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        console.error(`${e.message}\n${USAGE}`);
        return 2;
    }
    if (parsed === "help") {
        console.log(USAGE);
        return 0;
    }
    const args = parsed;
    const { file, config } = loadConfig(args);
    const resources = await loadResources(args);
    const source = args.resources ? path.relative(process.cwd(), args.resources) : `stack ${args.stack}`;
    console.log(`Evaluating ${resources.length} resources of ${source} (policy config: ${file ? path.relative(process.cwd(), file) : "none"})`);
    const { evaluate } = await import("./lib/policy-gate/evaluate");
    const result = await evaluate(resources, config, { stack: args.stack, project: projectName(), dryRun: true });
    console.log(formatResult(result, args.stack));
    if (args.json) {
        fs.writeFileSync(args.json, JSON.stringify(result, null, 2) + "\n");
    }
    return result.diagnostics.some(isBlocking) ? 1 : 0;
}

main().then(
    // Exit explicitly: the mock runtime used by the render can leave handles open.
    (code) => process.exit(code),
    (err: unknown) => {
        console.error(err instanceof Error && !process.env.DEBUG ? err.message : err);
        process.exit(2);
    },
);
