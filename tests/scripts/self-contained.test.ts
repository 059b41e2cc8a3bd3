/**
 * A plain clone is the whole project (#10 item 1): no file reads or points at a sibling `shared/`
 * folder or a design document outside the repository; upstream reference data lives in upstream/.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const SKIP = new Set(["node_modules", ".git", "bin", "out", "package-lock.json"]);
// Built from pieces so that this file does not match itself.
const OUTSIDE = [["..", "shared"].join("/"), ["shared", "schemas"].join("/"), ["design", "§"].join(" ")];

function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (SKIP.has(e.name)) return [];
        const p = path.join(dir, e.name);
        return e.isDirectory() ? files(p) : [p];
    });
}

/** `file:line: text` of every line naming something outside the repository. */
export function outsideReferences(paths: readonly string[]): string[] {
    return paths.flatMap((p) =>
        fs
            .readFileSync(p, "utf8")
            .split("\n")
            .flatMap((line, i) => (OUTSIDE.some((s) => line.includes(s)) ? [`${path.relative(ROOT, p)}:${i + 1}: ${line.trim()}`] : [])),
    );
}

describe("the repository is self-contained", () => {
    it("no file reads or points at shared/ or a design document outside the repository", () => {
        assert.deepEqual(outsideReferences(files(ROOT)), []);
    });

    it("(control) a line naming the sibling schemas folder is found", () => {
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "self-contained-"));
        const f = path.join(tmp, "x.ts");
        fs.writeFileSync(f, `ok\n/** a CRD file under ${OUTSIDE[1]}/keda. */\n`);
        assert.deepEqual(outsideReferences([f]).map((l) => l.replace(/^.*x\.ts/, "x.ts")), [`x.ts:2: /** a CRD file under ${OUTSIDE[1]}/keda. */`]);
        fs.rmSync(tmp, { recursive: true });
    });
});
