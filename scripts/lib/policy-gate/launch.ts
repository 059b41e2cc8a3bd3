/**
 * Starts a policy pack the way the Pulumi CLI does for `runtime: nodejs`: its
 * `pulumi-analyzer-policy` shim runs `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack
 * <engine-address> .` with the pack directory as working directory (PolicyPack reads
 * ./package.json for its version). run-policy-pack drops the engine address, registers ts-node
 * (type-checking TypeScript, like the CLI; the pack's compiled JavaScript has none) and loads the pack, whose PolicyPack constructor binds a gRPC
 * server on 127.0.0.1 and prints the port as the first stdout line. @pulumi/policy 1.21 never
 * dials the engine, so a placeholder address is enough.
 */
import { type ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

export interface LaunchOptions {
    /** Directory holding PulumiPolicy.yaml, package.json and index.ts. */
    packDir: string;
    /** Passed as the engine-address argument; nothing listens there. */
    engineAddress?: string;
    /** Stack identity, exported like the CLI's constructEnv (PULUMI_STACK, PULUMI_NODEJS_STACK, ...). */
    stack?: string;
    project?: string;
    organization?: string;
    dryRun?: boolean;
    /** How long to wait for the port line. Type-checking the pack takes a few seconds. */
    startTimeoutMs?: number;
}

export interface RunningPack {
    /** `127.0.0.1:<port>` */
    address: string;
    pid: number;
    /** Everything the pack wrote to stderr (and stdout after the port line). */
    output(): string;
    /** Terminates the pack process and waits for it to exit. */
    stop(): Promise<void>;
}

export const PLACEHOLDER_ENGINE_ADDRESS = "127.0.0.1:0";

export function launchPack(options: LaunchOptions): Promise<RunningPack> {
    const packDir = path.resolve(options.packDir);
    const stale = staleBuild(packDir);
    if (stale) return Promise.reject(new Error(`policy pack in ${packDir}: ${stale}; run \`npm run build\``));
    // Resolve from the pack directory, as the shim does, so the pack's own @pulumi/pulumi runs it.
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
    const child = spawn(process.execPath, [runner, options.engineAddress ?? PLACEHOLDER_ENGINE_ADDRESS, "."], {
        cwd: packDir,
        env: packEnv(options),
        stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

    return new Promise<RunningPack>((resolve, reject) => {
        let stdout = "";
        let settled = false;
        const fail = (reason: string) => {
            if (!settled) {
                settled = true;
                clearTimeout(timer);
                void stopChild(child).finally(() => reject(new Error(`policy pack in ${packDir} ${reason}\n${output}`)));
            }
        };
        const timer = setTimeout(() => fail(`printed no port within ${options.startTimeoutMs ?? 60000} ms`), options.startTimeoutMs ?? 60000);
        child.on("error", (e) => fail(`could not start: ${e.message}`));
        child.on("exit", (code, signal) => fail(`exited before serving (code ${code}, signal ${signal})`));
        child.stdout?.on("data", (chunk: Buffer) => {
            if (settled) {
                output += chunk.toString();
                return;
            }
            stdout += chunk.toString();
            const newline = stdout.indexOf("\n");
            if (newline < 0) {
                return;
            }
            const port = Number(stdout.slice(0, newline).trim());
            output += stdout.slice(newline + 1);
            if (!Number.isInteger(port) || port <= 0) {
                fail(`printed "${stdout.slice(0, newline)}" instead of a port`);
                return;
            }
            settled = true;
            clearTimeout(timer);
            resolve({ address: `127.0.0.1:${port}`, pid: child.pid ?? -1, output: () => output, stop: () => stopChild(child) });
        });
    });
}

/**
 * The pack runs compiled (package.json `main` is JavaScript, as for the program), so the runner
 * has nothing to type-check at every start. Running a build older than its sources would pass or
 * fail policies that no longer exist: refused, naming the newest source.
 */
function staleBuild(packDir: string): string | undefined {
    const main = (JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { main?: string }).main ?? "index.js";
    if (!main.endsWith(".js")) return undefined;
    const built = path.join(packDir, main);
    if (!fs.existsSync(built)) return `${main} does not exist`;
    const sources = (dir: string): string[] =>
        fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
            if (e.isDirectory()) return e.name === "node_modules" || e.name === path.dirname(main).split(path.sep)[0] ? [] : sources(path.join(dir, e.name));
            return e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [];
        });
    const builtAt = fs.statSync(built).mtimeMs;
    const newer = sources(packDir).find((f) => fs.statSync(f).mtimeMs > builtAt);
    return newer ? `${main} is older than ${path.relative(packDir, newer)}` : undefined;
}

/** The CLI's constructEnv: the parent environment plus the stack identity. */
function packEnv(options: LaunchOptions): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const set = (key: string, value: string | undefined) => {
        if (value) {
            env[key] = value;
        }
    };
    for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
        set(`${prefix}ORGANIZATION`, options.organization);
        set(`${prefix}PROJECT`, options.project);
        set(`${prefix}STACK`, options.stack);
        set(`${prefix}DRY_RUN`, String(options.dryRun ?? true));
    }
    // The gate's own ts-node settings must not leak into the pack's runner (it registers its own).
    delete env.TS_NODE_TRANSPILE_ONLY;
    delete env.TS_NODE_PROJECT;
    return env;
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve();
    }
    return new Promise((resolve) => {
        const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
            clearTimeout(killer);
            resolve();
        });
        child.kill("SIGTERM");
    });
}
