/**
 * npm run render -- <stack> [--out DIR]
 * Evaluates index.ts with Pulumi.<stack>.yaml under Pulumi's mock runtime (no CLI, plugins or
 * credentials) and writes <DIR>/<stack>/manifests.yaml and resources.json (DIR default out/).
 * A failed render deletes those two files, so an old render is never mistaken for the current one.
 */
import * as path from "path";

const USAGE = `usage: npm run render -- <stack> [--out DIR]

Renders a stack offline (the real index.ts under Pulumi's mock runtime: no CLI, cloud or cluster)
and writes DIR/<stack>/manifests.yaml (the Kubernetes objects) and DIR/<stack>/resources.json
(every registered resource). A failed render deletes both files.

  <stack>     a Pulumi.<stack>.yaml next to Pulumi.yaml (dev, prod, kind)
  --out DIR   where to write (default out/)
  -h, --help  print this help

Exit status: 0 written, 1 the program failed (e.g. invalid stack config), 2 usage error.`;

function parseArgs(argv: readonly string[]): { stack: string; out?: string } | "help" | string {
    if (argv.includes("--help") || argv.includes("-h")) return "help";
    const args = [...argv];
    const outAt = args.indexOf("--out");
    const out = outAt === -1 ? undefined : args.splice(outAt, 2)[1];
    if (outAt !== -1 && (!out || out.startsWith("-"))) return "--out needs a directory";
    const unknown = args.filter((a) => a.startsWith("-"));
    if (unknown.length > 0) return `unknown option ${unknown.join(", ")}`;
    if (args.length !== 1) return args.length === 0 ? "name a stack" : `one stack, not ${args.join(" ")}`;
    return { stack: args[0], out: out === undefined ? undefined : path.resolve(out) };
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    if (args === "help") {
        console.log(USAGE);
        return 0;
    }
    if (typeof args === "string") {
        console.error(`${args}\n${USAGE}`);
        return 2;
    }
    // Loaded here, not at start: the renderer loads the Pulumi SDK, which --help and usage errors do not need.
    const { removeRender, renderStack, summary, writeRender } = await import("./lib/render");
    try {
        const result = await renderStack(args.stack, { skipSdkStackTraces: true });
        console.log(summary(args.stack, result, writeRender(args.stack, result, args.out)));
        return 0;
    } catch (err: unknown) {
        // Config and usage errors are for people: the message, not a stack trace (DEBUG=1 shows it).
        console.error(err instanceof Error && !process.env.DEBUG ? err.message : err);
        for (const file of removeRender(args.stack, args.out)) console.error(`removed stale ${path.relative(process.cwd(), file) || file}`);
        return 1;
    }
}

// Exit explicitly: the mock runtime can leave handles open.
main().then((code) => process.exit(code));
