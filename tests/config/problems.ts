/** Runs parseStackConfig on a shipped stack with a patch and returns the problems as the error prints them. */
import { strict as assert } from "assert";
import { ConfigError, ParseOptions, parseStackConfig, ProviderSettings } from "../../components/config";
import { stackSections } from "../harness";

export const NS = "kafka-eks";

export type Sections = Record<string, any>;

/** `key = value: message` for every problem of `raw` (empty when it is accepted). */
export function problemLines(raw: Record<string, unknown>, providers: ProviderSettings = { awsRegion: "eu-west-1" }, options: ParseOptions = {}): string[] {
    try {
        parseStackConfig(raw, NS, providers, options);
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
        return e.problems.map((p) => `${p.key} = ${value(p.value, p.defaultValue)}: ${p.message}`);
    }
}

/** A value as the error prints it (full length). */
function value(v: unknown, defaultValue: unknown): string {
    if (v !== undefined) return JSON.stringify(v);
    return defaultValue === undefined ? "(not set)" : `(not set; default ${JSON.stringify(defaultValue)})`;
}

/** The sections of Pulumi.<stack>.yaml with `patch` applied to a copy. */
export function patched(stack: string, patch: (c: Sections) => void): Sections {
    const c = structuredClone(stackSections(stack)) as Sections;
    patch(c);
    return c;
}

/** The problems of Pulumi.<stack>.yaml with `patch` applied. */
export function problemsOf(stack: string, patch: (c: Sections) => void, providers?: ProviderSettings, options?: ParseOptions): string[] {
    return problemLines(patched(stack, patch), providers, options);
}

/** Asserts the one line a mistake yields. */
export function onlyProblem(found: string[], expected: string): void {
    assert.deepEqual(found, [expected]);
}
