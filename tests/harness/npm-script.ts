import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT } from "../../scripts/lib/stack-file";

/**
 * The `ts-node …` command of package.json's script `name` (up to a `&&`), as arguments for
 * spawnSync(process.execPath, …) from the repo root: the tests start the CLIs exactly as
 * `npm run <name>` does, with its flags (the caching transpiler) read from package.json.
 */
export function npmScriptArgv(name: string, ...args: string[]): string[] {
    const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    const script = scripts[name];
    if (script === undefined) throw new Error(`package.json has no script ${name}`);
    const [command, ...words] = script.split(" && ")[0].trim().split(/\s+/);
    if (command !== "ts-node") throw new Error(`package.json script ${name} does not start with ts-node: ${script}`);
    return [require.resolve("ts-node/dist/bin"), ...words.map((w) => (fs.existsSync(path.join(REPO_ROOT, w)) ? path.join(REPO_ROOT, w) : w)), ...args];
}
