/**
 * `--policy-pack-config` handling, done before Configure as the engine does it: every policy
 * gets an enforcement level (its own, overridden by "all", overridden by its own entry) and its
 * settings (schema defaults, overridden by the file), validated against the schema the pack
 * returned from GetAnalyzerInfo. Unlike the CLI, a key naming no policy is an error: in a
 * checked-in CI config a typo would otherwise silently leave a policy at its default level.
 */
import * as fs from "fs";
import type { EnforcementLevel, PolicyConfigEntry, PolicyDescription, PolicyPackConfigFile, ResolvedPolicyConfig } from "./types";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

export function readPolicyConfigFile(file: string): PolicyPackConfigFile {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`${file}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new Error(`${file}: expected a JSON object of policy name → level or settings`);
    }
    return parsed as PolicyPackConfigFile;
}

export function resolvePolicyConfig(policies: readonly PolicyDescription[], file: PolicyPackConfigFile): Record<string, ResolvedPolicyConfig> {
    const errors: string[] = [];
    const known = new Set(policies.map((p) => p.name));
    for (const key of Object.keys(file)) {
        if (key !== "all" && !known.has(key)) {
            errors.push(`"${key}": no such policy in the pack (known: ${[...known].sort().join(", ")})`);
        }
    }
    const all = file.all;
    if (all !== undefined && !isEnforcementLevel(all)) {
        errors.push(`"all": must be one of ${LEVELS.join(", ")}`);
    }

    const resolved: Record<string, ResolvedPolicyConfig> = {};
    for (const policy of policies) {
        const { level, settings, problems } = splitEntry(file[policy.name]);
        errors.push(...problems.map((p) => `"${policy.name}": ${p}`));
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema)) {
            if (schema.default !== undefined) {
                properties[key] = schema.default;
            }
        }
        for (const [key, value] of Object.entries(settings)) {
            const schema = policy.configSchema[key];
            if (schema === undefined) {
                errors.push(`"${policy.name}".${key}: not a setting of this policy (settings: ${Object.keys(policy.configSchema).join(", ") || "none"})`);
                continue;
            }
            errors.push(...validate(value, schema).map((p) => `"${policy.name}".${key}: ${p}`));
            properties[key] = value;
        }
        resolved[policy.name] = { enforcementLevel: level ?? (isEnforcementLevel(all) ? all : policy.enforcementLevel), properties };
    }
    if (errors.length > 0) {
        throw new Error(`invalid policy pack config:\n  ${errors.join("\n  ")}`);
    }
    return resolved;
}

function splitEntry(entry: PolicyConfigEntry | undefined): { level?: EnforcementLevel; settings: Record<string, unknown>; problems: string[] } {
    if (entry === undefined) {
        return { settings: {}, problems: [] };
    }
    if (typeof entry === "string") {
        return isEnforcementLevel(entry) ? { level: entry, settings: {}, problems: [] } : { settings: {}, problems: [`"${entry}" is not one of ${LEVELS.join(", ")}`] };
    }
    const { enforcementLevel, ...settings } = entry;
    if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
        return { settings, problems: [`enforcementLevel "${String(enforcementLevel)}" is not one of ${LEVELS.join(", ")}`] };
    }
    return { ...(enforcementLevel ? { level: enforcementLevel } : {}), settings, problems: [] };
}

/** The JSON-schema subset policy settings use: type, enum, minimum/maximum, items. */
function validate(value: unknown, schema: Record<string, unknown>): string[] {
    const type = schema.type;
    const typeOk =
        type === undefined ||
        (type === "integer" && typeof value === "number" && Number.isInteger(value)) ||
        (type === "number" && typeof value === "number") ||
        (type === "string" && typeof value === "string") ||
        (type === "boolean" && typeof value === "boolean") ||
        (type === "array" && Array.isArray(value)) ||
        (type === "object" && typeof value === "object" && value !== null && !Array.isArray(value));
    if (!typeOk) {
        return [`${JSON.stringify(value)} is not of type ${String(type)}`];
    }
    const problems: string[] = [];
    if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
        problems.push(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    if (typeof schema.minimum === "number" && typeof value === "number" && value < schema.minimum) {
        problems.push(`${value} is below the minimum ${schema.minimum}`);
    }
    if (typeof schema.maximum === "number" && typeof value === "number" && value > schema.maximum) {
        problems.push(`${value} is above the maximum ${schema.maximum}`);
    }
    const items = schema.items;
    if (Array.isArray(value) && typeof items === "object" && items !== null && !Array.isArray(items)) {
        value.forEach((item, i) => problems.push(...validate(item, items as Record<string, unknown>).map((p) => `[${i}] ${p}`)));
    }
    return problems;
}
