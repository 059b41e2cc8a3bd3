/** Reads the stack's Pulumi config through the schema. The only place the program touches config. */
import * as pulumi from "@pulumi/pulumi";
import { inapplicableKeyProblems } from "./applicability";
import { ConfigError, ConfigProblem, firstPerKey, keyPath, problemsFromIssues } from "./errors";
import { uncheckedCapacity, unnamedProvisionerProblems, withExistingClusterDefaults } from "./existing-cluster";
import { foreignKeyProblems, meantSection } from "./namespaces";
import { missingDigestProblems, unusedDigestProblems } from "./images";
import { placeholderProblems } from "./placeholders";
import { closest } from "./suggest";
import { EBS_CSI_PROVISIONER } from "./platform";
import { Section, SECTIONS, StackConfig, stackSchemaFor } from "./stack";

/** Provider config the program needs besides its own sections. */
export interface ProviderSettings {
    /** `aws:region`; required when platform.mode is eks. */
    awsRegion?: string;
}

export interface ParseOptions {
    /**
     * Every config key outside the project namespace (`aws:region`, `kafka_eks:storage`, ...) →
     * value: each must be one the program reads (see namespaces.ts).
     */
    foreignConfig?: Readonly<Record<string, unknown>>;
    /** Refuse placeholder values (documentation CIDRs, the example account): true for `pulumi up`. */
    refusePlaceholders?: boolean;
    /** Stack name, for the fix a missing image digest names. */
    stack?: string;
    /** Receives placeholder findings when they are not refused. */
    onPlaceholders?: (problems: ConfigProblem[]) => void;
    /** Receives what the config cannot check (an existing cluster's node sizes or provisioner when not stated). */
    onUnchecked?: (problems: ConfigProblem[]) => void;
}

/** An AWS region code: eu-west-1, us-gov-west-1, ap-southeast-5, eusc-de-east-1. */
const AWS_REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

function regionProblem(region: string): string | undefined {
    if (AWS_REGION.test(region)) return undefined;
    const zone = /^([a-z]{2,4}(?:-[a-z]+)+-\d{1,2})[a-z]$/.exec(region);
    if (zone) return `is an availability zone; the region is ${zone[1]}`;
    const dashless = /^([a-z]{2,4}(?:-[a-z]+)+)(\d{1,2})$/.exec(region);
    return `must be an AWS region code such as eu-west-1${dashless ? ` (did you mean ${dashless[1]}-${dashless[2]}?)` : ""}`;
}

/**
 * A `__proto__` key anywhere in the config: JSON.parse keeps it as a key, but the schema's maps
 * would assign it as the object's prototype and drop it without a word (kafka.config,
 * topics[].config, images.digests, labels, ...). It is never a Kafka, Kubernetes or AWS key.
 */
function prototypeKeyProblems(value: unknown, namespace: string, path: (string | number)[] = []): ConfigProblem[] {
    if (value === null || typeof value !== "object") return [];
    if (Array.isArray(value)) return value.flatMap((v, i) => prototypeKeyProblems(v, namespace, [...path, i]));
    return Object.keys(value).flatMap((k) => {
        const v = (value as Record<string, unknown>)[k];
        if (k === "__proto__") return [{ key: keyPath(namespace, [...path, k]), value: v, message: "is not a key any setting has (JavaScript would take it for the object's prototype and drop it): remove it" }];
        return prototypeKeyProblems(v, namespace, [...path, k]);
    });
}

/**
 * Validates plain config data (section name → value). Throws one ConfigError listing every
 * problem; `namespace` prefixes the key paths in messages (the Pulumi project name).
 */
export function parseStackConfig(raw: Record<string, unknown>, namespace: string, providers: ProviderSettings = {}, options: ParseOptions = {}): StackConfig {
    const problems: ConfigProblem[] = [];
    const sections = SECTIONS as readonly string[];
    if (Object.keys(raw).length === 0) {
        problems.push({
            key: `${namespace}:*`,
            value: undefined,
            message: `the stack has no ${namespace}: configuration at all: Pulumi.<stack>.yaml is empty, or its config is not under a top-level "config:" key (keys are case-sensitive)`,
        });
        throw new ConfigError(problems);
    }
    const meant = { project: namespace, sections };
    for (const key of Object.keys(raw)) {
        if (!sections.includes(key)) {
            // `pulumi config set kafka.brokers 5` without --path writes a key named "kafka.brokers".
            const [head, ...rest] = key.split(".");
            if (rest.length > 0 && sections.includes(head)) {
                problems.push({
                    key: `${namespace}:${key}`,
                    value: raw[key],
                    message: `is one key named "${key}", not a path into ${namespace}:${head}: write ${rest.join(".")} nested under ${namespace}:${head} in the stack file, or set it with \`pulumi config set --path ${key} <value>\``,
                });
                continue;
            }
            const guess = meantSection(key, meant);
            problems.push({ key: `${namespace}:${key}`, value: raw[key], message: `unknown key${guess ? ` (did you mean ${namespace}:${guess}?)` : ""}; allowed: ${SECTIONS.join(", ")}` });
        }
    }
    const known = Object.fromEntries(Object.entries(raw).filter(([k]) => sections.includes(k)));
    problems.push(...prototypeKeyProblems(known, namespace));
    // A section written under a misspelt key is missing here; the misspelling is its one message
    // (not also "kafka is required", nor every consumer whose topic is then undeclared).
    const misplaced = [...Object.keys(raw).filter((k) => !sections.includes(k)), ...Object.keys(options.foreignConfig ?? {})]
        .map((k) => meantSection(k, meant))
        .filter((s): s is Section => s !== undefined && !(s in known));
    const schema = stackSchemaFor(misplaced);
    const result = schema.safeParse(withExistingClusterDefaults(known));
    if (!result.success) {
        const judged = result.error.issues.filter((i) => !misplaced.includes(i.path[0] as Section));
        problems.push(...problemsFromIssues(judged, known, namespace, schema));
    }
    problems.push(...inapplicableKeyProblems(known, namespace, EBS_CSI_PROVISIONER));

    const platform = known.platform as { mode?: unknown } | undefined;
    const mode = typeof platform?.mode === "string" ? platform.mode : undefined;
    if (mode === "eks") {
        // A misspelt aws:regoin is reported (with the fix) by foreignKeyProblems: not also "required".
        const misspeltRegion = Object.keys(options.foreignConfig ?? {}).some((k) => k.startsWith("aws:") && k !== "aws:region" && closest(k.slice(4), ["region"]) === "region");
        if (!providers.awsRegion) {
            if (!misspeltRegion) problems.push({ key: "aws:region", value: undefined, message: "is required when platform.mode is eks (pulumi config set aws:region eu-west-1)" });
        } else {
            const bad = regionProblem(providers.awsRegion);
            if (bad) problems.push({ key: "aws:region", value: providers.awsRegion, message: bad });
        }
    }
    if (options.foreignConfig) problems.push(...foreignKeyProblems(options.foreignConfig, { project: namespace, sections, platformMode: mode }));

    // A missing image digest (images.requireDigests), or one left for a tag the stack no longer runs
    // (a kafka.version bump: its preview must still show), is refused at `pulumi up` and warned
    // about otherwise, like a placeholder; scripts/pin-images.sh fixes both.
    const digests = result.success ? [...missingDigestProblems(result.data, namespace, options.stack), ...unusedDigestProblems(result.data, namespace, options.stack)] : [];
    const placeholders = [...placeholderProblems(known, namespace), ...digests];
    if (options.refusePlaceholders) problems.push(...placeholders);
    if (!result.success || problems.length > 0) throw new ConfigError(firstPerKey(problems));
    if (placeholders.length > 0) options.onPlaceholders?.(placeholders);
    const unchecked = [...unnamedProvisionerProblems(known, namespace, EBS_CSI_PROVISIONER), ...uncheckedCapacity(result.data, namespace)];
    if (unchecked.length > 0) options.onUnchecked?.(unchecked);
    return result.data;
}

/** Pulumi hands object-valued config over as JSON text; scalars stay text. */
function parseValue(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/**
 * Loads and validates the running stack's configuration (`<project>:<section>` keys). Placeholder
 * values are refused when deploying (`pulumi up`: not a dry run, with an engine) and printed as a
 * warning otherwise (`pulumi preview`, the offline render under mocks). `alsoReads`: config
 * namespaces the calling program reads itself (they are not reported as unread).
 */
export function loadStackConfig(options: { deploying?: boolean; alsoReads?: readonly string[] } = {}): StackConfig {
    const project = pulumi.getProject();
    const prefix = `${project}:`;
    const raw: Record<string, unknown> = {};
    const foreign: Record<string, unknown> = {};
    const all = pulumi.runtime.allConfig();
    // A program that embeds the components may read namespaces of its own.
    const own = (options.alsoReads ?? []).map((ns) => `${ns}:`);
    for (const [fullKey, value] of Object.entries(all)) {
        if (fullKey.startsWith(prefix)) raw[fullKey.slice(prefix.length)] = parseValue(value);
        else if (!own.some((ns) => fullKey.startsWith(ns))) foreign[fullKey] = value;
    }
    const deploying = options.deploying ?? (!pulumi.runtime.isDryRun() && pulumi.runtime.hasEngine());
    return parseStackConfig(raw, project, { awsRegion: all["aws:region"] }, {
        foreignConfig: foreign,
        refusePlaceholders: deploying,
        stack: pulumi.getStack(),
        onPlaceholders: (found) =>
            void pulumi.log.warn(
                `PLACEHOLDER VALUES: \`pulumi up\` will refuse this stack until they are replaced:\n${found.map((p) => `  ${p.key} = ${p.value === undefined ? "(not set)" : JSON.stringify(p.value)}: ${p.message}`).join("\n")}`,
            ),
        onUnchecked: (found) => void pulumi.log.warn(`UNCHECKED CAPACITY:\n${found.map((p) => `  ${p.key}: ${p.message}`).join("\n")}`),
    });
}
