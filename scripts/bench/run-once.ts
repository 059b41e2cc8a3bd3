/**
 * One evaluation in a fresh process, started the way `pulumi preview` starts the program, under
 * the mock runtime instead of an engine. Runs compiled: `node bin/scripts/bench/run-once.js`.
 *
 *   run-once.js [--stack-file FILE] [--program FILE] [--resources] <stack>
 *
 * As the CLI and its nodejs language host do (Pulumi.yaml `main` and `runtime.options`; the host
 * process is node_modules/@pulumi/pulumi/cmd/run/index.js and run.js): the working directory
 * becomes the directory of `main`; source-map-support is installed; ts-node is registered only
 * when the `typescript` option is on (its default), with the options run.js passes; then the
 * entry module is required. `--program` runs another file instead, never under ts-node (the
 * bench's floor). Prints `{ resources, cpuMs, maxRssKiB }`, or the resources with --resources.
 */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { runProgram } from "../lib/runtime";
import { REPO_ROOT, projectName, readStackFile } from "../lib/stack-file";

interface Args {
    stack: string;
    stackFile?: string;
    program?: string;
    printResources: boolean;
}

function parseArgs(argv: string[]): Args {
    const value = (flag: string) => {
        const at = argv.indexOf(flag);
        return at === -1 ? undefined : argv.splice(at, 2)[1];
    };
    const stackFile = value("--stack-file");
    const program = value("--program");
    const printResources = argv.includes("--resources");
    const [stack] = argv.filter((a) => a !== "--resources");
    if (!stack) throw new Error("usage: run-once.js [--stack-file FILE] [--program FILE] [--resources] <stack>");
    return { stack, stackFile: stackFile && path.resolve(stackFile), program: program && path.resolve(program), printResources };
}

interface Project {
    main?: string;
    runtime: string | { name: string; options?: { typescript?: boolean } };
}

/** The program file and working directory, as the engine (getPwdMain) and run.js resolve them. */
function entryPoint(root: string, project: Project): { pwd: string; program: string } {
    const main = path.resolve(root, project.main ?? ".");
    if (!fs.statSync(main).isDirectory()) return { pwd: path.dirname(main), program: main };
    // A directory: run.js runs the nearest package.json's `exports` or `main`, relative to that file.
    let dir = main;
    while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { exports?: unknown; main?: string };
    const entry = typeof pkg.exports === "string" ? pkg.exports : pkg.main;
    return { pwd: main, program: entry ? path.join(dir, entry) : main };
}

/** run.js's ts-node registration (PULUMI_NODEJS_TYPESCRIPT=true), relative to the program directory. */
function registerTsNode(): void {
    const tsConfigPath = process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json";
    const tsutils = require("@pulumi/pulumi/tsutils") as {
        loadTypeScriptCompilerOptions(p: string): Record<string, unknown>;
        typeScriptRequireStrings(): { tsnodeRequire: string; typescriptRequire: string };
    };
    const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
    const env = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
    const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
    (require(tsnodeRequire) as { register(o: object): void }).register({
        compiler: typescriptRequire,
        transpileOnly: env ? env === "true" : compilerOptions.noCheck,
        project: tsConfigPath,
        skipProject: !fs.existsSync(tsConfigPath),
        compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...compilerOptions },
    });
}

async function main(): Promise<void> {
    const args = parseArgs(process.argv.slice(2));
    const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Project;
    const typescript = typeof project.runtime === "string" || project.runtime.options?.typescript !== false;
    const { pwd, program } = args.program ? { pwd: path.dirname(args.program), program: args.program } : entryPoint(REPO_ROOT, project);

    // cmd/run/index.js: "Enable source map support so we get good stack traces."
    require(require.resolve("source-map-support/register", { paths: [path.dirname(require.resolve("@pulumi/pulumi/cmd/run"))] }));
    process.chdir(pwd);
    if (typescript && !args.program) registerTsNode();

    const config = args.stackFile ? readStackFile(args.stack, path.dirname(args.stackFile), projectName()) : undefined;
    // As `pulumi preview` runs it: a dry run (computed values unknown).
    const { resources } = await runProgram({ stack: args.stack, config: config?.config, program, preview: true });
    const usage = process.resourceUsage();
    process.stdout.write(
        JSON.stringify(args.printResources ? resources : { resources: resources.length, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS }),
    );
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
