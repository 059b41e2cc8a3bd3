/** Turns schema issues into one error that names every offending key, its value and the rule. */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";

export interface ConfigProblem {
    /** Config key path as `pulumi config set --path` takes it, e.g. `kafka-eks:topics[0].partitions`. */
    key: string;
    /** The value given, or undefined when the key is missing. */
    value: unknown;
    message: string;
}

/** Raised before any resource is registered; RunError makes Pulumi print it without a stack trace. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: ConfigProblem[]) {
        super(
            `Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  ${p.key} = ${formatValue(p.value)}: ${p.message}`).join("\n"),
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

function formatValue(v: unknown): string {
    return v === undefined ? "(not set)" : JSON.stringify(v);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let cur: unknown = root;
    for (const part of path) {
        if (cur === null || typeof cur !== "object") return undefined;
        cur = (cur as Record<PropertyKey, unknown>)[part];
    }
    return cur;
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
    if (value === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value")) return "is required";
    if (issue.code === "invalid_union" && "discriminator" in issue) return `must set ${String(issue.discriminator)} to one of the supported values`;
    return issue.message;
}

/** One problem per issue; an unknown key becomes one problem per key. */
export function problemsFromIssues(
    issues: readonly z.core.$ZodIssue[],
    input: unknown,
    namespace: string,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const issue of issues) {
        if (issue.code === "unrecognized_keys") {
            for (const k of issue.keys) {
                const path = [...issue.path, k];
                problems.push({ key: keyPath(namespace, path), value: valueAt(input, path), message: "unknown key (see the config reference in README.md)" });
            }
            continue;
        }
        const value = valueAt(input, issue.path);
        problems.push({ key: keyPath(namespace, issue.path), value, message: describe(issue, value) });
    }
    return problems;
}
