/**
 * npm run build [-- --out DIR]
 * Compiles the program and the package (tsc -p tsconfig.build.json: index.ts, components/, and
 * the scripts/lib and scripts/bench modules `npm run bench` runs compiled), copies the shell
 * scripts that components read at run time (components/**\/scripts/*.sh) beside the compiled
 * modules (tsc copies no assets).
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

// bin/ holds nothing but the last build: no module or serialised provider survives its source.
if (OUT === path.join(ROOT, "bin")) fs.rmSync(OUT, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json"), "--outDir", OUT], { stdio: "inherit" });
const assets = shellScripts(path.join(ROOT, "components"));
for (const file of assets) {
    const target = path.join(OUT, path.relative(ROOT, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
}
console.log(`built ${path.relative(process.cwd(), OUT) || OUT}: compiled TypeScript and ${assets.length} shell scripts`);
