/**
 * npm run render -- <stack>
 * Evaluates index.ts with Pulumi.<stack>.yaml under Pulumi's mock runtime (no CLI, plugins or
 * credentials) and writes out/<stack>/manifests.yaml and out/<stack>/resources.json.
 */
import { renderStack, summary, writeRender } from "./lib/render";

async function main(): Promise<void> {
    const stack = process.argv[2];
    if (!stack) {
        console.error("usage: npm run render -- <stack>   (a stack is a Pulumi.<stack>.yaml file, e.g. dev or prod)");
        process.exit(2);
    }
    const result = await renderStack(stack);
    console.log(summary(stack, result, writeRender(stack, result)));
}

main().catch((err: unknown) => {
    // Config and usage errors are for people: the message, not a stack trace (DEBUG=1 shows it).
    console.error(err instanceof Error && !process.env.DEBUG ? err.message : err);
    process.exit(1);
});
