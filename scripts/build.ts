/**
 * npm run build [-- --out DIR]
 * Compiles the program and the package (tsc -p tsconfig.build.json: index.ts, components/, and
 * the scripts/lib and scripts/bench modules `npm run bench` runs compiled), copies what the
 * compiled modules read at run time, which tsc does not: the shell scripts
 * (components/**\/scripts/*.sh) beside the compiled modules, and the upstream data the config
 * checks read (Kafka key lists, EC2 instance table) under <out>/upstream, where components/config
 * finds it relative to itself; then serialises the dynamic providers once
 * (components/common/dynamic-provider.ts) so that a program run does not.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const outAt = process.argv.indexOf("--out");
const OUT = path.resolve(outAt === -1 ? path.join(ROOT, "bin") : process.argv[outAt + 1]);

function shellScripts(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) return shellScripts(full);
        return e.name.endsWith(".sh") ? [full] : [];
    });
}

/** Upstream data files the library reads at run time (components/config/kafka-keys.ts, instance-types.ts). */
const RUNTIME_DATA_DIRS = ["upstream/kafka", "upstream/aws"];

function dataFiles(): string[] {
    return RUNTIME_DATA_DIRS.flatMap((dir) => fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith(".txt")).map((f) => path.join(ROOT, dir, f)));
}

// bin/ holds nothing but the last build: no module or serialised provider survives its source.
if (OUT === path.join(ROOT, "bin")) fs.rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", OUT], { stdio: "inherit" });
const scripts = shellScripts(path.join(ROOT, "components"));
const data = dataFiles();
for (const file of [...scripts, ...data]) {
    const target = path.join(OUT, path.relative(ROOT, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
}
// In a plain node process on the compiled modules (the text must be what the compiled code is),
// which resolve the SDK from this repo's node_modules wherever OUT is.
const components = path.join(OUT, "components");
const serialise = `require(${JSON.stringify(components)});
    require(${JSON.stringify(path.join(components, "common", "dynamic-provider"))}).writePrebuiltProviders()
        .then((files) => console.log(files.length), (e) => { console.error(e); process.exit(1); });`;
const providers = execFileSync(process.execPath, ["--no-warnings", "-e", serialise], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") } }).trim();
console.log(`built ${path.relative(process.cwd(), OUT) || OUT}: compiled TypeScript, ${scripts.length} shell scripts, ${data.length} upstream data files, ${providers} serialised dynamic providers`);
