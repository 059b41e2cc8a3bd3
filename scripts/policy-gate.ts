/**
 * npm run policy -- <stack> [--config FILE] [--resources FILE] [--preview] [--json FILE]
 *
 * The CI policy gate, offline: renders the stack under mocks (scripts/lib/render.ts) — or reads
 * a rendered resources.json — and evaluates policy/ over the Analyzer gRPC protocol as
 * `pulumi preview --policy-pack policy --policy-pack-config policy/config/<stack>.json` would.
 * Exit 0: no mandatory violation; 1: mandatory violations; 2: usage, render or pack error.
 */
import * as fs from "fs";
import * as path from "path";
import { evaluate, formatResult, isBlocking, readPolicyConfigFile, type PolicyPackConfigFile, type RenderedResource } from "../policy/gate";
import { renderStack } from "./lib/render";
import { REPO_ROOT, projectName } from "./lib/stack-file";

const USAGE = "usage: npm run policy -- <stack> [--config FILE] [--resources FILE] [--preview] [--json FILE]";

interface Args {
    stack: string;
    config?: string;
    resources?: string;
    preview: boolean;
    json?: string;
}

function parseArgs(argv: readonly string[]): Args {
    const rest = [...argv];
    const take = (flag: string): string | undefined => {
        const at = rest.indexOf(flag);
        if (at === -1) return undefined;
        const [, value] = rest.splice(at, 2);
        if (!value) throw new Error(`${flag} needs a value\n${USAGE}`);
        return value;
    };
    const config = take("--config");
    const resources = take("--resources");
    const json = take("--json");
    const previewAt = rest.indexOf("--preview");
    if (previewAt !== -1) rest.splice(previewAt, 1);
    if (rest.length !== 1 || rest[0].startsWith("-")) throw new Error(USAGE);
    return { stack: rest[0], config, resources, json, preview: previewAt !== -1 };
}

/** The stack's checked-in policy config, policy/config/<stack>.json, unless another is given. */
function loadConfig(args: Args): { file?: string; config: PolicyPackConfigFile } {
    const file = args.config ?? path.join(REPO_ROOT, "policy", "config", `${args.stack}.json`);
    if (!fs.existsSync(file)) {
        if (args.config) throw new Error(`no policy config ${file}`);
        return { config: {} };
    }
    return { file, config: readPolicyConfigFile(file) };
}

async function loadResources(args: Args): Promise<RenderedResource[]> {
    if (args.resources) {
        return JSON.parse(fs.readFileSync(args.resources, "utf8")) as RenderedResource[];
    }
    // Default: values as after `pulumi up` under mocks, so no check is skipped for an unknown value.
    return (await renderStack(args.stack, { preview: args.preview })).resources;
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    const { file, config } = loadConfig(args);
    const resources = await loadResources(args);
    console.log(`Evaluating ${resources.length} resources of stack ${args.stack} (policy config: ${file ? path.relative(process.cwd(), file) : "none"})`);
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
