/**
 * npm run build [-- --out DIR]
 * Compiles the package (tsc) and copies what the compiled library reads at run time, which tsc
 * does not: the shell scripts (components/**\/scripts/*.sh) beside the compiled modules, and the
 * upstream data the config checks read (Kafka key lists, EC2 instance table) under <out>/upstream,
 * where components/config finds it relative to itself.
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

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.json"), "--outDir", OUT], { stdio: "inherit" });
const scripts = shellScripts(path.join(ROOT, "components"));
const data = dataFiles();
for (const file of [...scripts, ...data]) {
    const target = path.join(OUT, path.relative(ROOT, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
}
console.log(`built ${path.relative(process.cwd(), OUT) || OUT}: compiled TypeScript, ${scripts.length} shell scripts and ${data.length} upstream data files`);
