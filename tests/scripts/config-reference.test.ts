import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { REFERENCE_END, REFERENCE_START, configReference, withReference } from "../../scripts/lib/config-reference";
import { projectName, readStackFile } from "../../scripts/lib/stack-file";
import { REPO_ROOT } from "../harness";

/** Leaf key paths of a config value, lists as `[]`; free-form maps (Kafka configs, labels, image digests) are one key. */
function keyPaths(value: unknown, prefix: string): string[] {
    if (Array.isArray(value)) return value.every((v) => v !== null && typeof v === "object") ? value.flatMap((v) => keyPaths(v, `${prefix}[]`)) : [prefix];
    if (value !== null && typeof value === "object" && !prefix.endsWith(".config") && !prefix.endsWith(".labels") && !prefix.endsWith(".digests")) {
        return Object.entries(value).flatMap(([k, v]) => keyPaths(v, `${prefix}.${k}`));
    }
    return [prefix];
}

describe("config reference", () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const reference = configReference(projectName());

    it("README.md carries the reference generated from the schema (run npm run docs)", () => {
        assert.equal(readme, withReference(readme, reference));
        assert.ok(readme.includes(REFERENCE_START) && readme.includes(REFERENCE_END));
    });

    it("documents every key the stack files set, with a meaning", () => {
        const documented = new Map([...reference.matchAll(/^\| `([^`]+)` \|[^|]*\|[^|]*\| (.*) \|$/gm)].map((m) => [m[1], m[2]]));
        const prefix = `${projectName()}:`;
        for (const stack of ["dev", "prod"]) {
            for (const [key, raw] of Object.entries(readStackFile(stack).config).filter(([k]) => k.startsWith(prefix))) {
                for (const p of keyPaths(JSON.parse(raw), key.slice(prefix.length))) {
                    assert.ok(documented.has(p), `Pulumi.${stack}.yaml sets ${p}, which the reference does not list`);
                    assert.notEqual(documented.get(p), "", `${p} has no description in the schema`);
                }
            }
        }
    });
});
