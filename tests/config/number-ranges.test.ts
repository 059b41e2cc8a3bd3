/**
 * Every number in the stack file, outside its range or with a fraction where a whole number
 * belongs, gets a message that names the key, the range (with its unit where the key has one) and
 * the fix, not zod's "Too big: expected number to be <=64". The fields come from the schema
 * itself, so a field added later is covered.
 */
import { strict as assert } from "assert";
import { z } from "zod";
import { keyPath, sectionsSchema } from "../../components/config";
import { NS } from "./problems";
import { Field, problemLineAt, schemaFields } from "./schema-fields";

interface NumberField extends Field {
    min?: number;
    minExclusive: boolean;
    max?: number;
    whole: boolean;
}

const bound = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);

/** Every number field of the stack schema; list items are at index 0. */
function numberFields(): NumberField[] {
    return schemaFields(sectionsSchema, z.ZodNumber).map(({ schema: s, ...f }) => {
        // zod keeps an exclusive minimum (positive()) as a check of its own.
        const exclusive = (s._zod.def.checks ?? []).some((c) => (c._zod.def as { check?: string; inclusive?: boolean }).check === "greater_than" && (c._zod.def as { inclusive?: boolean }).inclusive === false);
        return { ...f, min: bound(s.minValue), minExclusive: exclusive, max: bound(s.maxValue), whole: s.isInt === true };
    });
}

const FIELDS = numberFields();

const lineFor = (f: Field, value: number): string => problemLineAt(f, value);

describe("config: numbers out of range", () => {
    it("finds the number fields in the schema", () => {
        // A sample of each kind: a plain section field, a list item's, a nested one, a union variant's.
        const keys = FIELDS.map((f) => keyPath("", f.path));
        for (const k of ["kafka.brokers", "topics[0].partitions", "kafka.resources.memoryMiB", "platform.nodes", "platform.nodeGroups[0].maxSize", "storage.iops", "users[0].quotas.producer_byte_rate"]) {
            assert.ok(keys.includes(k), `${k} not among ${keys.join(", ")}`);
        }
        assert.ok(FIELDS.length >= 40, `only ${FIELDS.length} number fields found`);
    });

    for (const f of FIELDS) {
        const key = keyPath("", f.path);
        // Zod's own wording, which must not reach the user for any of them.
        const zodWording = /Too (small|big)|expected (number|int)/;
        if (f.min !== undefined) {
            it(`${key} below ${f.minExclusive ? "or at " : ""}${f.min}`, () => {
                const line = lineFor(f, f.minExclusive ? f.min! : f.min! - 1);
                assert.match(line, new RegExp(`\\b(at least|greater than|from|more than|below|above) ${f.min}\\b|\\bat least ${f.min}\\b|\\b${f.min} or more\\b`), line);
                assert.doesNotMatch(line, zodWording, line);
            });
        }
        if (f.max !== undefined) {
            it(`${key} above ${f.max}`, () => {
                const line = lineFor(f, f.max! + 1);
                assert.match(line, new RegExp(`\\b(at most|to) ${f.max}\\b`), line);
                assert.doesNotMatch(line, zodWording, line);
            });
        }
        if (f.whole) {
            it(`${key} with a fraction`, () => {
                const line = lineFor(f, (f.min ?? 0) + 1.5);
                assert.match(line, /must be a whole number/, line);
                assert.doesNotMatch(line, zodWording, line);
            });
        }
    }

    it("names the unit, the range and the default", () => {
        assert.equal(
            lineFor({ path: ["storage", "iops"] }, 90000),
            `${NS}:storage.iops = 90000: must be a whole number of IOPS from 3000 to 80000: lower it to 80000 IOPS or less, or remove the key for the default 3000`,
        );
        assert.equal(
            lineFor({ path: ["kafka", "brokers"] }, 2.5),
            `${NS}:kafka.brokers = 2.5: must be a whole number from 1 to 64: write it without a fraction (e.g. 3), or remove the key for the default 3`,
        );
        assert.equal(lineFor({ path: ["topics", 0, "partitions"] }, 0), `${NS}:topics[0].partitions = 0: must be a whole number, at least 1: raise it to 1 or more`);
    });
});
