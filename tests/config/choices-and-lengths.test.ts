/**
 * A value outside a key's choices, or a string too long, gets the project's wording (the
 * choices, the length it has) instead of zod's "Invalid option: expected one of \"a\"|\"b\"" and
 * "Too big: expected string to have <=63 characters". The fields come from the schema.
 */
import { strict as assert } from "assert";
import { z } from "zod";
import { keyPath, sectionsSchema } from "../../components/config";
import { NS } from "./problems";
import { problemLineAt, schemaFields } from "./schema-fields";

const ZOD_WORDING = /Invalid option|Too (small|big)|expected (string|one of)/;

describe("config: choices and lengths", () => {
    const enums = schemaFields(sectionsSchema, z.ZodEnum);
    it("finds the enum fields in the schema", () => assert.ok(enums.length >= 15, `only ${enums.length}`));

    for (const f of enums) {
        const choices = f.schema.options.map(String);
        it(`${keyPath("", f.path)}: a value outside ${choices.join(", ")}`, () => {
            const near = `${choices[choices.length - 1]}x`;
            const line = problemLineAt(f, near);
            assert.ok(line.endsWith(`: must be one of ${choices.join(", ")} (did you mean ${choices[choices.length - 1]}?)`), line);
            assert.doesNotMatch(line, ZOD_WORDING, line);
        });
    }

    const capped = schemaFields(sectionsSchema, z.ZodString).filter((f) => typeof f.schema.maxLength === "number");
    it("finds the strings with a maximum length", () => assert.ok(capped.length >= 5, `only ${capped.length}`));
    for (const f of capped) {
        const max = f.schema.maxLength!;
        it(`${keyPath("", f.path)}: longer than ${max}`, () => {
            const line = problemLineAt(f, "a".repeat(max + 1));
            assert.ok(line.endsWith(`: must be at most ${max} characters long (it has ${max + 1})`), line);
        });
    }

    it("an empty list where one item is needed", () =>
        assert.equal(problemLineAt({ path: ["platform", "logTypes"], platformMode: "eks" }, []), `${NS}:platform.logTypes = []: must list at least one item`));
});
