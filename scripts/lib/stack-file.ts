/** Reads `Pulumi.<stack>.yaml` the way the CLI hands config to a program. */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";
import { SECRET_PLACEHOLDER } from "../../components/config/secret-placeholder";
import { closest } from "../../components/config/suggest";

/** The directory holding Pulumi.yaml, from here or from the compiled copy in bin/scripts/lib. */
export const REPO_ROOT = projectRoot(path.resolve(__dirname, "..", ".."));

function projectRoot(dir: string): string {
    for (let d = dir; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "Pulumi.yaml"))) return d;
        if (path.dirname(d) === d) return dir;
    }
}

/** Placeholder for `secure:` values: they cannot be decrypted without the stack's secrets provider. */
export { SECRET_PLACEHOLDER };

/** Top-level keys of a Pulumi stack settings file (Pulumi's ProjectStack). */
export const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"] as const;

export interface StackFileConfig {
    /** Namespaced key → value as the CLI passes it (objects and lists as JSON text). */
    config: Record<string, string>;
    /** Keys whose values are secrets. */
    secretKeys: string[];
}

export function projectName(root = REPO_ROOT): string {
    const project = YAML.parse(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { name: string };
    return project.name;
}

/** The stack file's mapping, or an error that says what is wrong with the file itself. */
function stackDocument(file: string): Record<string, unknown> {
    const name = path.basename(file);
    const text = fs.readFileSync(file, "utf8");
    // `<<: *anchor` merges as the CLI reads it (go-yaml v3 resolves merge keys); YAML 1.2 alone would keep a "<<" key.
    const doc = YAML.parseDocument(text, { merge: true });
    // The CLI's reader takes the first document and drops the rest without a word.
    if (doc.errors.some((e) => e.code === "MULTIPLE_DOCS")) throw new Error(`${name} holds more than one YAML document (a "---" line): a stack file is one mapping; merge the documents into one "config:"`);
    if (doc.errors.length > 0) throw new Error(`${name} is not valid YAML: ${doc.errors[0].message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) throw new Error(`${name} is empty: a stack file is a mapping with a top-level "config:" key`);
    if (Array.isArray(value) || typeof value !== "object") {
        throw new Error(`${name} must be a mapping with a top-level "config:" key, not ${Array.isArray(value) ? "a list" : `the ${typeof value} ${JSON.stringify(value)}`}`);
    }
    const unknown = Object.keys(value).filter((k) => !(STACK_FILE_KEYS as readonly string[]).includes(k));
    if (unknown.length > 0) {
        const hints = unknown.map((k) => {
            const guess = closest(k, STACK_FILE_KEYS);
            return `"${k}:"${guess ? ` (did you mean "${guess}:"? keys are case-sensitive)` : ""}`;
        });
        throw new Error(`${name} has unknown top-level key${unknown.length > 1 ? "s" : ""} ${hints.join(", ")}; a stack file has ${STACK_FILE_KEYS.join(", ")}`);
    }
    const config = (value as { config?: unknown }).config;
    if (config !== undefined && config !== null && (Array.isArray(config) || typeof config !== "object")) {
        throw new Error(`${name}: "config:" must be a mapping of <namespace>:<key> → value, not ${Array.isArray(config) ? "a list" : JSON.stringify(config)}`);
    }
    return value as Record<string, unknown>;
}

/** Path of a stack's settings file: `Pulumi.<stack>.yaml` next to Pulumi.yaml. */
export function stackFilePath(stack: string, root = REPO_ROOT): string {
    return path.join(root, `Pulumi.${stack}.yaml`);
}

/**
 * A stack's config as the CLI passes it. `project` is the project whose namespace bare keys
 * belong to: the Pulumi.yaml beside the stack file, or this repo's for a stack file kept
 * elsewhere (the bench stack, scripts/bench/Pulumi.bench.yaml).
 */
export function readStackFile(stack: string, root = REPO_ROOT, project = projectName(root)): StackFileConfig {
    const file = stackFilePath(stack, root);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${file}: stacks are the Pulumi.<stack>.yaml files next to Pulumi.yaml`);
    const doc = stackDocument(file);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [written, value] of Object.entries((doc.config ?? {}) as Record<string, unknown>)) {
        const key = configKey(written, project, path.basename(file));
        if (isSecure(value)) {
            config[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { config, secretKeys };
}

/**
 * A config key as the CLI parses it (pulumi/pulumi sdk/go/common/resource/config/key.go ParseKey):
 * `<namespace>:<name>`, or the old `<namespace>:config:<name>`; anything else fails the CLI.
 */
function configKey(written: string, project: string, file: string): string {
    const parts = written.split(":");
    if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") return written;
    if (parts.length === 3 && parts[1] === "config") return `${parts[0]}:${parts[2]}`;
    const name = parts[parts.length - 1];
    throw new Error(`${file}: config key "${written}" must be of the form <namespace>:<name>, e.g. ${project}:${name || "kafka"}`);
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}
