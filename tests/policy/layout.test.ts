/** A newcomer finds a policy by its name: policy/policies/<name>.ts holds exactly that policy. */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { policies } from "../../policy/policies";

const DIR = path.resolve(__dirname, "..", "..", "policy", "policies");

describe("policy pack layout", () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts");

    it("each policy file exports one policy, named after the file", () => {
        for (const file of files) {
            const exported = Object.values(require(path.join(DIR, file)) as Record<string, unknown>).filter(
                (v): v is { name: string } => typeof v === "object" && v !== null && typeof (v as { name?: unknown }).name === "string",
            );
            assert.deepEqual(exported.map((p) => p.name), [path.basename(file, ".ts")], file);
        }
    });

    it("the pack serves every policy file, and nothing else", () => {
        assert.deepEqual(policies.map((p) => p.name).sort(), files.map((f) => path.basename(f, ".ts")).sort());
    });
});
