/** Reads the stack's Pulumi config through the schema. The only place the program touches config. */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, problemsFromIssues } from "./errors";
import { SECTIONS, StackConfig, stackSchema } from "./stack";

/** Provider config the program needs besides its own sections. */
export interface ProviderSettings {
    /** `aws:region`; required when platform.mode is eks. */
    awsRegion?: string;
}

/**
 * Validates plain config data (section name → value). Throws one ConfigError listing every
 * problem; `namespace` prefixes the key paths in messages (the Pulumi project name).
 */
export function parseStackConfig(raw: Record<string, unknown>, namespace: string, providers: ProviderSettings = {}): StackConfig {
    const problems: ConfigProblem[] = [];
    for (const key of Object.keys(raw)) {
        if (!(SECTIONS as readonly string[]).includes(key)) {
            problems.push({ key: `${namespace}:${key}`, value: raw[key], message: `unknown key (allowed: ${SECTIONS.join(", ")})` });
        }
    }
    const known = Object.fromEntries(Object.entries(raw).filter(([k]) => (SECTIONS as readonly string[]).includes(k)));
    const result = stackSchema.safeParse(known);
    if (!result.success) {
        problems.push(...problemsFromIssues(result.error.issues, known, namespace));
    } else if (result.data.platform.mode === "eks" && !providers.awsRegion) {
        problems.push({ key: "aws:region", value: undefined, message: "is required when platform.mode is eks (pulumi config set aws:region eu-west-1)" });
    }
    if (!result.success || problems.length > 0) throw new ConfigError(problems);
    return result.data;
}

/** Loads and validates the running stack's configuration (`<project>:<section>` keys). */
export function loadStackConfig(): StackConfig {
    const project = pulumi.getProject();
    const prefix = `${project}:`;
    const raw: Record<string, unknown> = {};
    const all = pulumi.runtime.allConfig();
    for (const [fullKey, value] of Object.entries(all)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        raw[key] = parseValue(value);
    }
    return parseStackConfig(raw, project, { awsRegion: all["aws:region"] });
}

/** Pulumi hands object-valued config over as JSON text; scalars stay text. */
function parseValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}
