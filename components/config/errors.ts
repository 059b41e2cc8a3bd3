/** Turns schema issues into one error that names every offending key, its value and the rule. */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { SECRET_PLACEHOLDER } from "./secret-placeholder";
import { closest } from "./suggest";
import { REMOVED_KEYS } from "./security";

export interface ConfigProblem {
    /** Config key path as `pulumi config set --path` takes it, e.g. `kafka-eks:topics[0].partitions`. */
    key: string;
    /** The value given, or undefined when the key is missing. */
    value: unknown;
    /** When the key is missing: the default the rule judged. */
    defaultValue?: unknown;
    message: string;
}

/** Raised before any resource is registered; RunError makes Pulumi print it without a stack trace. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: ConfigProblem[]) {
        super(
            `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  ${p.key} = ${formatValue(p.value, p.defaultValue)}: ${p.message}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

export function keyPath(namespace: string, path: readonly PropertyKey[]): string {
    let out = namespace ? `${namespace}:` : "";
    path.forEach((part, i) => {
        if (typeof part === "number") out += `[${part}]`;
        else out += i === 0 ? String(part) : `.${String(part)}`;
    });
    return out;
}

const MAX_VALUE_TEXT = 120;

function formatValue(v: unknown, defaultValue?: unknown): string {
    if (v === undefined) return defaultValue === undefined ? "(not set)" : `(not set; default ${JSON.stringify(defaultValue)})`;
    // JSON has no Infinity or NaN (YAML .inf, .nan): JSON.stringify would print null.
    const text = typeof v === "number" && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
    return text.length > MAX_VALUE_TEXT ? `${text.slice(0, MAX_VALUE_TEXT - 1)}…` : text;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let cur: unknown = root;
    for (const part of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<PropertyKey, unknown>)[part];
    }
    return cur;
}

function unwrap(schema: z.ZodType): z.ZodType {
    let s = schema;
    for (;;) {
        if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
        else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
        else return s;
    }
}

/** The variants of a discriminated union that match `value`'s discriminator (all when none does); else [s]. */
function variants(s: z.ZodType, value: unknown): z.ZodType[] {
    if (!(s instanceof z.ZodDiscriminatedUnion)) return [s];
    const options = (s.options as z.ZodType[]).map(unwrap);
    const disc = s._zod.def.discriminator;
    const chosen = options.filter((o) => o instanceof z.ZodObject && (o.shape[disc] as z.ZodLiteral | undefined)?.value === valueAt(value, [disc]));
    return chosen.length > 0 ? chosen : options;
}

/** The schemas (unwrapped unless `wrapped`, unions unresolved) describing the value at `path`. */
function schemasAt(schema: z.ZodType, path: readonly PropertyKey[], input: unknown, wrapped = false): z.ZodType[] {
    const s = unwrap(schema);
    if (path.length === 0) return [wrapped ? schema : s];
    const [head, ...rest] = path;
    const next = valueAt(input, [head]);
    return variants(s, input).flatMap((v) => {
        if (v instanceof z.ZodObject && typeof head === "string" && head in v.shape) return schemasAt(v.shape[head] as z.ZodType, rest, next, wrapped);
        if (v instanceof z.ZodArray && typeof head === "number") return schemasAt(v.element as z.ZodType, rest, next, wrapped);
        if (v instanceof z.ZodRecord) return schemasAt(v.valueType as z.ZodType, rest, next, wrapped);
        return [];
    });
}

/** The `.default()` of a field schema, if it has one. */
function defaultOf(schema: z.ZodType): unknown {
    for (let s: z.ZodType = schema; ; ) {
        if (s instanceof z.ZodDefault) return s._zod.def.defaultValue;
        if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
        else return undefined;
    }
}

/** Units by key name, for range messages (the config keys carry their unit in their name). */
const UNITS: readonly [RegExp, string][] = [
    [/GiB$/, "GiB"],
    [/MiB$/, "MiB"],
    [/Days$/, "days"],
    [/Seconds$|^pollingInterval$|^cooldownPeriod$/, "seconds"],
    [/Ms$/, "milliseconds"],
    [/^iops$/, "IOPS"],
    [/^throughput$/, "MiB/s"],
    [/_byte_rate$/, "bytes per second"],
];

/** zod's own range wording ("Too small: expected number to be >=2"): a schema's custom message is kept. */
const ZOD_RANGE_WORDING = /^Too (small|big):/;

/**
 * A number outside its field's range, or a fraction where a whole number belongs: the range with
 * its unit (both bounds from the schema) and the fix, in place of zod's "Too big: expected number
 * to be <=64".
 */
function numberMessage(issue: z.core.$ZodIssue, value: unknown, field: z.ZodType | undefined): string {
    const number = field ? unwrap(field) : undefined;
    const bounded = (n: number | null | undefined) => (typeof n === "number" && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);
    let min = number instanceof z.ZodNumber ? bounded(number.minValue) : undefined;
    let max = number instanceof z.ZodNumber ? bounded(number.maxValue) : undefined;
    // positive() is an exclusive minimum of 0: "greater than 0", not "at least 0".
    let above = number instanceof z.ZodNumber && (number._zod.def.checks ?? []).some((c) => (c._zod.def as { check?: string; inclusive?: boolean }).check === "greater_than" && (c._zod.def as { inclusive?: boolean }).inclusive === false);
    if (issue.code === "too_small") {
        min = Number(issue.minimum);
        above = !issue.inclusive;
    }
    // z.int()'s safe-integer bound stands only where the field sets none lower.
    if (issue.code === "too_big") max = Math.min(Number(issue.maximum), max ?? Infinity);
    const whole = issue.code === "invalid_type" || (number instanceof z.ZodNumber && number.isInt);
    const last = String(issue.path[issue.path.length - 1] ?? "");
    const unit = UNITS.find(([name]) => name.test(last))?.[1];
    const range =
        min !== undefined && max !== undefined
            ? above
                ? `greater than ${min} and at most ${max}`
                : `from ${min} to ${max}`
            : min !== undefined
              ? `${above ? "greater than" : "at least"} ${min}`
              : max !== undefined
                ? `at most ${max}`
                : "";
    const what = `${whole ? "a whole number" : "a number"}${unit ? ` of ${unit}` : ""}`;
    const fallback = field ? defaultOf(field) : undefined;
    const inUnit = (n: number | undefined) => `${n}${unit ? ` ${n === 1 && /^[a-z]+s$/.test(unit) ? unit.slice(0, -1) : unit}` : ""}`;
    const fix =
        issue.code === "invalid_type"
            ? `write it without a fraction (e.g. ${Math.round(Number(value))})`
            : issue.code === "too_big"
              ? `lower it to ${inUnit(max)} or less`
              : above
                ? `make it more than ${inUnit(min)}`
                : `raise it to ${inUnit(min)} or more`;
    const bounds = range.startsWith("from") ? ` ${range}` : range ? `, ${range}` : "";
    return `must be ${what}${bounds}: ${fix}${fallback !== undefined ? `, or remove the key for the default ${JSON.stringify(fallback)}` : ""}`;
}

function typeName(v: unknown): string {
    if (Array.isArray(v)) return "a list";
    if (v === null) return "null";
    if (typeof v === "object") return "a mapping";
    if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
    if (typeof v === "number" && !Number.isFinite(v)) return `${String(v)} (YAML .inf or .nan)`;
    return `the ${typeof v} ${String(v)}`;
}

/** A `secure:` value as the offline render sees it: the placeholder, or `{ secure: <ciphertext> }` nested in a mapping. */
function isSecureValue(v: unknown): boolean {
    return v === SECRET_PLACEHOLDER || (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string");
}

function secureValueMessage(expected: string): string {
    return `is a secure: (encrypted) value, which the offline render cannot read; nothing here is secret: write the ${expected === "object" ? "mapping" : expected === "array" ? "list" : "value"} in plain text`;
}

function describeType(expected: string, value: unknown, path: readonly PropertyKey[]): string {
    if (isSecureValue(value) && expected !== "string") return secureValueMessage(expected);
    if (expected === "object") return `must be a mapping of keys (key: value), not ${typeName(value)}`;
    if (expected === "array") return `must be a list (YAML "- item" lines), not ${typeName(value)}`;
    if (expected === "string" && typeof value === "number") {
        const last = String(path[path.length - 1] ?? "");
        const asVersion = /version$/i.test(last) && Number.isFinite(value) ? value.toFixed(Math.max(2, (String(value).split(".")[1] ?? "").length)) : String(value);
        return `must be a string: quote it ("${asVersion}")${asVersion !== String(value) ? `; YAML reads an unquoted ${asVersion} as the number ${value}` : ""}`;
    }
    if (expected === "boolean") {
        // YAML 1.2 (the CLI's reader too) reads yes/no/on/off as strings, unlike YAML 1.1.
        const word = typeof value === "string" && /^(y|yes|n|no|on|off)$/i.test(value);
        return word ? `must be true or false: YAML 1.2 reads ${value} as the string "${value}", not a boolean; write ${/^(y|yes|on)$/i.test(value as string) ? "true" : "false"}` : `must be true or false (unquoted), not ${typeName(value)}`;
    }
    if (expected === "number" || expected === "int") return `must be a number, not ${typeName(value)}`;
    return `must be ${expected}, not ${typeName(value)}`;
}

function describe(issue: z.core.$ZodIssue, value: unknown, schema: z.ZodType | undefined, input: unknown): string {
    if (value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")) return "is required";
    // "int": z.int()'s own bounds, the safe-integer range (a bigger number in the stack file is not kept exactly).
    const outOfRange = (issue.code === "too_small" || issue.code === "too_big") && (issue.origin === "number" || issue.origin === "int") && ZOD_RANGE_WORDING.test(issue.message);
    if (outOfRange || (issue.code === "invalid_type" && issue.expected === "int" && typeof value === "number" && Number.isFinite(value))) {
        return numberMessage(issue, value, schema ? schemasAt(schema, issue.path, input, true)[0] : undefined);
    }
    if (issue.code === "invalid_type") return describeType(issue.expected, value, issue.path);
    if (issue.code === "invalid_key") return issue.issues[0]?.message ?? issue.message;
    if (issue.code === "invalid_union" && "discriminator" in issue) {
        const disc = String(issue.discriminator);
        const unions = schema ? schemasAt(schema, issue.path.slice(0, -1), input).filter((s) => s instanceof z.ZodDiscriminatedUnion) : [];
        const options = unions.flatMap((u) => (u.options as z.ZodType[]).map(unwrap)).filter((o): o is z.ZodObject => o instanceof z.ZodObject).map((o) => String((o.shape[disc] as z.ZodLiteral).value));
        if (options.length === 0) return `must set ${disc} to one of the supported values`;
        const c = typeof value === "string" ? closest(value, options) : undefined;
        return `must be one of ${options.join(", ")}${c ? ` (did you mean ${c}?)` : ""}`;
    }
    if (issue.code === "invalid_union" && issue.path[issue.path.length - 2] === "config") {
        return `must be a string, number or boolean: write the full property name as the key (e.g. retention.ms: 86400000), not a nested mapping`;
    }
    if (issue.code === "invalid_value" && issue.values.length > 1) {
        const allowed = issue.values.map((v) => String(v));
        const c = typeof value === "string" ? closest(value, allowed) : undefined;
        return `must be one of ${allowed.join(", ")}${c ? ` (did you mean ${c}?)` : ""}`;
    }
    if ((issue.code === "too_small" || issue.code === "too_big") && ZOD_RANGE_WORDING.test(issue.message) && (issue.origin === "string" || issue.origin === "array")) {
        const [unit, has] = issue.origin === "string" ? ["character", typeof value === "string" ? value.length : undefined] : ["item", Array.isArray(value) ? value.length : undefined];
        const n = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
        if (issue.code === "too_small" && n === 1) return issue.origin === "string" ? "must not be empty" : "must list at least one item";
        const bound = issue.code === "too_small" ? `at least ${n}` : `at most ${n}`;
        return `must be ${bound} ${unit}${n === 1 ? "" : "s"}${has === undefined ? "" : ` long (it has ${has})`}`;
    }
    return issue.message;
}

function unknownKeyMessage(schema: z.ZodType | undefined, path: readonly PropertyKey[], input: unknown, key: string): string {
    const removed = REMOVED_KEYS[keyPath("", [...path, key])];
    if (removed !== undefined) return removed;
    if (!schema) return "unknown key (see the config reference in README.md)";
    const here = schemasAt(schema, path, input);
    const value = valueAt(input, path);
    const owners = here.flatMap((s) => variants(s, value)).filter((s): s is z.ZodObject => s instanceof z.ZodObject);
    const known = [...new Set(owners.flatMap((o) => Object.keys(o.shape)))];
    const guess = closest(key, known);
    if (guess) return `unknown key (did you mean ${guess}?)`;
    const where = keyPath("", path);
    // One level up, joined with its parent's name: platform.vpc.existing → platform.existingVpc.
    if (path.length > 0 && typeof path[path.length - 1] === "string") {
        const parent = String(path[path.length - 1]);
        const up = path.slice(0, -1);
        const siblings = schemasAt(schema, up, input)
            .flatMap((s) => variants(s, valueAt(input, up)))
            .filter((s): s is z.ZodObject => s instanceof z.ZodObject)
            .flatMap((o) => Object.keys(o.shape));
        const joined = [key + parent, parent + key].map((j) => siblings.find((k) => k.toLowerCase() === j.toLowerCase())).find((k) => k !== undefined);
        if (joined !== undefined) return `unknown key (did you mean ${keyPath("", [...up, joined])}?)`;
    }
    for (const union of here) {
        if (!(union instanceof z.ZodDiscriminatedUnion)) continue;
        const disc = union._zod.def.discriminator;
        const others = (union.options as z.ZodType[]).map(unwrap).filter((o): o is z.ZodObject => o instanceof z.ZodObject && key in o.shape);
        if (others.length > 0) {
            const modes = others.map((o) => String((o.shape[disc] as z.ZodLiteral).value)).join(" or ");
            return `applies only to ${where}.${disc} ${modes}; this stack has ${where}.${disc} ${String(valueAt(value, [disc]))}`;
        }
    }
    return "unknown key (see the config reference in README.md)";
}

/**
 * One problem per issue; an unknown key becomes one problem per key. `schema` (the root the
 * issues came from) lets unknown keys name the key most likely meant.
 */
export function problemsFromIssues(
    issues: readonly z.core.$ZodIssue[],
    input: unknown,
    namespace: string,
    schema?: z.ZodType,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    // A required key written misspelt (memoryMib for memoryMiB) is one mistake: the misspelling's line says it.
    const meant = new Set<string>();
    for (const issue of issues) {
        if (issue.code !== "unrecognized_keys") continue;
        for (const k of issue.keys) {
            const guess = / \(did you mean ([^?\s]+)\?\)$/.exec(unknownKeyMessage(schema, issue.path, input, k));
            if (guess) meant.add(keyPath(namespace, [...issue.path, guess[1]]));
        }
    }
    for (const issue of issues) {
        if (issue.code === "unrecognized_keys") {
            const owner = valueAt(input, issue.path);
            if (isSecureValue(owner)) {
                problems.push({ key: keyPath(namespace, issue.path), value: owner, message: secureValueMessage("object") });
                continue;
            }
            for (const k of issue.keys) {
                const path = [...issue.path, k];
                problems.push({ key: keyPath(namespace, path), value: valueAt(input, path), message: unknownKeyMessage(schema, issue.path, input, k) });
            }
            continue;
        }
        const value = valueAt(input, issue.path);
        if (value === undefined && meant.has(keyPath(namespace, issue.path))) continue;
        const defaultValue = value === undefined && issue.code === "custom" ? (issue.params as { effective?: unknown } | undefined)?.effective : undefined;
        problems.push({ key: keyPath(namespace, issue.path), value, ...(defaultValue === undefined ? {} : { defaultValue }), message: describe(issue, value, schema, input) });
    }
    return problems;
}

/** One line per key: a second problem on the same key is a consequence of the first. */
export function firstPerKey(problems: readonly ConfigProblem[]): ConfigProblem[] {
    const seen = new Set<string>();
    return problems.filter((p) => !seen.has(p.key) && seen.add(p.key));
}
