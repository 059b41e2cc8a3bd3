/** The fields of a config schema, found by walking it, and the problem line a value at one yields. */
import { strict as assert } from "assert";
import { z } from "zod";
import { keyPath } from "../../components/config";
import { NS, patched, problemLines, Sections } from "./problems";

export interface Field {
    path: (string | number)[];
    /** The discriminator value of the platform variant the field belongs to, if any. */
    platformMode?: string;
}

function unwrap(s: z.ZodType): z.ZodType {
    for (;;) {
        if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
        else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
        else return s;
    }
}

/** Every field under `schema` whose schema is a `kind`; list items are at index 0. */
export function schemaFields<T extends z.ZodType>(schema: z.ZodType, kind: new (...args: never[]) => T, path: (string | number)[] = [], platformMode?: string): (Field & { schema: T })[] {
    const s = unwrap(schema);
    if (s instanceof kind) return [{ path, platformMode, schema: s }];
    if (s instanceof z.ZodObject) return Object.entries(s.shape).flatMap(([k, v]) => schemaFields(v as z.ZodType, kind, [...path, k], platformMode));
    if (s instanceof z.ZodArray) return schemaFields(s.element as z.ZodType, kind, [...path, 0], platformMode);
    if (s instanceof z.ZodDiscriminatedUnion) {
        const disc = s._zod.def.discriminator;
        return (s.options as z.ZodType[]).flatMap((o) => {
            const option = unwrap(o) as z.ZodObject;
            return schemaFields(option, kind, path, String((option.shape[disc] as z.ZodLiteral).value));
        });
    }
    return [];
}

/** `raw` with `value` at `path`, creating the objects and first list items on the way. */
function withValue(raw: Sections, path: (string | number)[], value: unknown): Sections {
    let cur: Record<string | number, unknown> = raw;
    path.slice(0, -1).forEach((part, i) => {
        const next = path[i + 1];
        if (cur[part] === undefined || cur[part] === null) cur[part] = typeof next === "number" ? [] : {};
        if (Array.isArray(cur[part]) && (cur[part] as unknown[]).length === 0) (cur[part] as unknown[]).push({});
        cur = cur[part] as Record<string | number, unknown>;
    });
    cur[path[path.length - 1]] = value;
    return raw;
}

/** The problem line for the field when a shipped stack of its platform mode sets it to `value`. */
export function problemLineAt(f: Field, value: unknown): string {
    const stack = f.platformMode === "existing" ? "kind" : "dev";
    const raw = withValue(patched(stack, () => {}), f.path, value);
    const key = `${NS}:${keyPath("", f.path)}`;
    const line = problemLines(raw).find((l) => l.startsWith(`${key} = `));
    assert.ok(line, `no problem for ${key} = ${JSON.stringify(value)}`);
    return line;
}
