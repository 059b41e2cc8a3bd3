/**
 * The two offline halves of scripts/pin-images.sh (which asks the registries in between):
 *
 *   list <stack> [--dir DIR]    every image reference (repository:tag) the stack runs, one a line
 *   write <stack> [--dir DIR]   reads "<repository:tag> <sha256:…>" lines on stdin and makes them
 *                               the stack file's images.digests (comments and other keys kept)
 *
 * DIR holds Pulumi.yaml and Pulumi.<stack>.yaml (default: this repository).
 */
import * as fs from "fs";
import YAML from "yaml";
import { parseStackConfig } from "../components/config/load";
import { missingDigestProblems, stackImages } from "../components/config/images";
import { REPO_ROOT, projectName, readStackFile, stackFilePath } from "./lib/stack-file";

const USAGE = "usage: pin-images.ts list|write <stack> [--dir DIR]";

/** The stack's config as the program validates it (placeholders allowed: pinning comes before replacing them). */
function loadConfig(stack: string, dir: string, digests: "replaced" | "kept" = "replaced") {
    const project = projectName(dir);
    const { config } = readStackFile(stack, dir, project);
    const sections: Record<string, unknown> = {};
    const foreign: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        if (key.startsWith(`${project}:`)) sections[key.slice(project.length + 1)] = parseJson(value);
        else foreign[key] = value;
    }
    // The digests are what this script replaces: a stale one (a version the stack no longer runs) must not stop it.
    const images = sections.images;
    if (digests === "replaced" && images !== null && typeof images === "object" && !Array.isArray(images)) sections.images = { ...images, digests: {} };
    const region = typeof foreign["aws:region"] === "string" ? foreign["aws:region"] : undefined;
    return { project, config: parseStackConfig(sections, project, { awsRegion: region }, { foreignConfig: foreign, stack }) };
}

function parseJson(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function readDigests(text: string, expected: readonly string[]): Record<string, string> {
    const digests: Record<string, string> = {};
    for (const line of text.split("\n").filter((l) => l.trim() !== "")) {
        const [ref, digest, extra] = line.trim().split(/\s+/);
        if (extra !== undefined || !/^sha256:[0-9a-f]{64}$/.test(digest ?? "")) throw new Error(`not "<repository:tag> sha256:<64 hex>": ${line}`);
        if (!expected.includes(ref)) throw new Error(`${ref} is not an image this stack runs (${expected.join(", ")})`);
        digests[ref] = digest;
    }
    const missing = expected.filter((ref) => !(ref in digests));
    if (missing.length > 0) throw new Error(`no digest for ${missing.join(", ")}: nothing written`);
    return digests;
}

function write(stack: string, dir: string, input: string): void {
    const { project, config } = loadConfig(stack, dir);
    const images = stackImages(config);
    const digests = readDigests(input, images);
    const file = stackFilePath(stack, dir);
    const doc = YAML.parseDocument(fs.readFileSync(file, "utf8"));
    const key = `${project}:images`;
    // Exactly the stack's images: a digest of a version the stack no longer runs goes.
    const sorted = Object.fromEntries(Object.keys(digests).sort().map((ref) => [ref, digests[ref]]));
    if (doc.hasIn(["config", key])) doc.setIn(["config", key, "digests"], doc.createNode(sorted));
    else doc.setIn(["config", key], doc.createNode({ digests: sorted }));
    fs.writeFileSync(file, doc.toString({ lineWidth: 0, flowCollectionPadding: false }));
    // The file as written must satisfy the program.
    const check = loadConfig(stack, dir, "kept").config;
    const left = missingDigestProblems({ ...check, images: { ...check.images, requireDigests: true } }, project, stack);
    if (left.length > 0) throw new Error(`still missing after writing: ${left.map((p) => p.key).join(", ")}`);
}

function main(argv: readonly string[]): number {
    const args = [...argv];
    const dirAt = args.indexOf("--dir");
    const dir = dirAt === -1 ? REPO_ROOT : args.splice(dirAt, 2)[1];
    const [command, stack, ...rest] = args;
    if (!dir || !stack || rest.length > 0 || (command !== "list" && command !== "write")) {
        console.error(USAGE);
        return 2;
    }
    try {
        if (command === "list") {
            for (const ref of stackImages(loadConfig(stack, dir).config)) console.log(ref);
        } else {
            write(stack, dir, fs.readFileSync(0, "utf8"));
        }
        return 0;
    } catch (err: unknown) {
        console.error(`pin-images: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
    }
}

process.exitCode = main(process.argv.slice(2));
