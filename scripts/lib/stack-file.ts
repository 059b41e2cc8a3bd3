/** Reads `Pulumi.<stack>.yaml` the way the CLI hands config to a program. */
import * as fs from "fs";
import * as path from "path";
import YAML from "yaml";

/** The directory holding Pulumi.yaml, from here or from the compiled copy in bin/scripts/lib. */
export const REPO_ROOT = projectRoot(path.resolve(__dirname, "..", ".."));

function projectRoot(dir: string): string {
    for (let d = dir; ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "Pulumi.yaml"))) return d;
        if (path.dirname(d) === d) return dir;
    }
}

/** Placeholder for `secure:` values: they cannot be decrypted without the stack's secrets provider. */
export const SECRET_PLACEHOLDER = "[secret]";

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

export function readStackFile(stack: string, root = REPO_ROOT): StackFileConfig {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${file}: stacks are the Pulumi.<stack>.yaml files next to Pulumi.yaml`);
    const doc = (YAML.parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        if (isSecure(value)) {
            config[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return { config, secretKeys };
}

function isSecure(value: unknown): boolean {
    return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}
