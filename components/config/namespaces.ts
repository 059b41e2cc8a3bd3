/**
 * Every config key of a stack lives in a namespace (`<namespace>:<key>`). The program reads its
 * own project namespace and the settings of the providers it uses without an explicit provider:
 *
 * - `aws:` in platform.mode eks (the default AWS provider; keys as @pulumi/aws declares them),
 * - `tls:` (the default TLS provider; `tls:proxy`),
 * - `pulumi:` (read by the Pulumi engine itself: tags, template, disable-default-providers, ...).
 *
 * Anything else would be silently ignored — a misspelt project namespace (`kafka_eks:storage`)
 * loses a whole section — so it is an error, with the key it most likely meant.
 * `kubernetes:` is not read: every Kubernetes provider of this program is explicit.
 */
import * as awsConfig from "@pulumi/aws/config/vars";
import * as tlsConfig from "@pulumi/tls/config/vars";
import type { ConfigProblem } from "./errors";
import { closest } from "./suggest";

/** Provider config keys each namespace accepts (the provider packages' declared settings). */
const PROVIDER_KEYS: Readonly<Record<string, readonly string[]>> = {
    aws: Object.keys(awsConfig),
    tls: Object.keys(tlsConfig),
};

/** Where the settings people look for under `kubernetes:` live in this program. */
const KUBERNETES_EQUIVALENTS: Readonly<Record<string, string>> = { kubeconfig: "platform.kubeconfig", context: "platform.context" };

export interface NamespaceContext {
    /** The Pulumi project name: the program's own namespace. */
    project: string;
    /** Keys of the project namespace the program reads (its sections). */
    sections: readonly string[];
    /** platform.mode, when known: `aws:` is read only in eks mode. */
    platformMode?: string;
}

/** One problem per config key outside what the program reads. `keys` are full keys (`ns:key`). */
export function foreignKeyProblems(config: Readonly<Record<string, unknown>>, ctx: NamespaceContext): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const namespaces = [ctx.project, "aws", "tls", "pulumi"];
    const read = `the program reads ${ctx.project}:<section>, aws: (platform.mode eks), tls: and pulumi:`;
    for (const [key, value] of Object.entries(config)) {
        const colon = key.indexOf(":");
        const ns = colon === -1 ? "" : key.slice(0, colon);
        const name = key.slice(colon + 1);
        const problem = (message: string) => problems.push({ key, value, message });
        if (ns === ctx.project || ns === "pulumi") continue;
        if (ns === "aws" || ns === "tls") {
            if (ns === "aws" && ctx.platformMode === "existing") {
                problem("is not read: platform.mode existing creates no AWS resources (remove it, or use platform.mode eks)");
                continue;
            }
            const known = PROVIDER_KEYS[ns];
            if (!known.includes(name)) {
                const c = closest(name, known);
                problem(`is not a setting of the ${ns} provider${c ? ` (did you mean ${ns}:${c}?)` : ""}`);
            }
            continue;
        }
        if (ns === "kubernetes") {
            const instead = KUBERNETES_EQUIVALENTS[name];
            problem(`is not read: this program's Kubernetes providers are explicit and ignore kubernetes: settings${instead ? `; set ${ctx.project}:${instead} instead` : ""}`);
            continue;
        }
        const nsGuess = closest(ns, namespaces);
        const sectionGuess = meantSection(key, ctx);
        const guess = nsGuess === undefined ? "" : nsGuess === ctx.project ? (sectionGuess ? ` (did you mean ${ctx.project}:${sectionGuess}?)` : ` (did you mean ${ctx.project}:?)`) : ` (did you mean ${nsGuess}:${name}?)`;
        problem(`is in namespace "${ns}", which nothing reads${guess}; ${read}`);
    }
    return problems;
}

/**
 * The project section a key outside it most likely meant (`kafka_eks:storage`, `kafka-eks:topic`
 * → the section name), or undefined. `key` is a full key (`ns:name`) or a bare project key.
 */
export function meantSection(key: string, ctx: Pick<NamespaceContext, "project" | "sections">): string | undefined {
    const colon = key.indexOf(":");
    const ns = colon === -1 ? ctx.project : key.slice(0, colon);
    const name = key.slice(colon + 1);
    if (ns !== ctx.project && closest(ns, [ctx.project, "aws", "tls", "pulumi"]) !== ctx.project) return undefined;
    return ctx.sections.includes(name) && ns !== ctx.project ? name : closest(name, ctx.sections);
}
