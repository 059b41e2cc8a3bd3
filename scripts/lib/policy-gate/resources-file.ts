/**
 * Reads a rendered `resources.json` for the gate. Anything but a non-empty list of resources is
 * an error naming the file: an empty or wrong-shaped input would pass every policy and turn the
 * gate green without checking anything.
 */
import * as fs from "fs";
import type { RenderedResource } from "./types";

const HINT = "expected the resources.json of `npm run render -- <stack>` (a JSON array of resources)";

export function readResourcesFile(file: string): RenderedResource[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`${file}: cannot read it (${e instanceof Error ? e.message : String(e)})`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new Error(`${file}: not valid JSON (${e instanceof Error ? e.message : String(e)}); ${HINT}`);
    }
    if (!Array.isArray(parsed)) {
        throw new Error(`${file}: is a JSON ${parsed === null ? "null" : typeof parsed}, not an array; ${HINT}`);
    }
    if (parsed.length === 0) {
        throw new Error(`${file}: lists no resources, so no policy would run; ${HINT}`);
    }
    const problems = parsed.flatMap((r: unknown, i) => resourceProblems(r).map((p) => `[${i}] ${p}`));
    if (problems.length > 0) {
        const shown = problems.slice(0, 5).join("; ") + (problems.length > 5 ? `; and ${problems.length - 5} more` : "");
        throw new Error(`${file}: ${shown}; ${HINT}`);
    }
    return parsed as RenderedResource[];
}

function resourceProblems(r: unknown): string[] {
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
        return ["is not an object"];
    }
    const o = r as Record<string, unknown>;
    const problems = ["urn", "type", "name"].filter((k) => typeof o[k] !== "string" || o[k] === "").map((k) => `has no "${k}" string`);
    if (typeof o.inputs !== "object" || o.inputs === null || Array.isArray(o.inputs)) {
        problems.push('has no "inputs" object');
    }
    return problems;
}
