/**
 * npm run render -- <stack> [--out DIR]
 * Evaluates index.ts with Pulumi.<stack>.yaml under Pulumi's mock runtime (no CLI, plugins or
 * credentials) and writes <DIR>/<stack>/manifests.yaml and resources.json (DIR default out/).
 */
import * as path from "path";
import { renderStack, summary, writeRender } from "./lib/render";

const USAGE = "usage: npm run render -- <stack> [--out DIR]   (a stack is a Pulumi.<stack>.yaml file, e.g. dev or prod)";

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const outAt = args.indexOf("--out");
    const out = outAt === -1 ? undefined : args.splice(outAt, 2)[1];
    const [stack, ...rest] = args;
    if (!stack || rest.length > 0 || (outAt !== -1 && !out)) {
        console.error(USAGE);
        process.exit(2);
    }
    const result = await renderStack(stack);
    console.log(summary(stack, result, writeRender(stack, result, out === undefined ? undefined : path.resolve(out))));
}

main().catch((err: unknown) => {
    // Config and usage errors are for people: the message, not a stack trace (DEBUG=1 shows it).
    console.error(err instanceof Error && !process.env.DEBUG ? err.message : err);
    process.exit(1);
});
