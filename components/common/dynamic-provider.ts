/**
 * Dynamic resources whose provider is serialised once, by `npm run build`, instead of in every
 * program run. `pulumi.dynamic.Resource` serialises its provider object on each run with the
 * SDK's closure serialiser, and that costs about 0.3 s of CPU before the first guard registers:
 * its first call opens a V8 inspector session (`Debugger.enable` replays every loaded script,
 * and every script compiled afterwards is reported to it too), requires every Node built-in to
 * recognise them, and parses each captured function with TypeScript. What the guards' providers
 * capture is already the least possible (self-contained rule modules), so the fix is to run that
 * same serialiser once: the build writes its output beside the compiled module
 * (`<module>.<export>.provider.js`) and a run reads the file. Without the file (under ts-node:
 * the tests and the render CLI) the provider is serialised here, exactly as the SDK would.
 */
import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";

export interface DynamicProvider<T> {
    /** The CRUD implementation, as pulumi.dynamic.Resource takes it. */
    readonly provider: pulumi.dynamic.ResourceProvider<T, T>;
    /** The serialised provider `npm run build` writes. */
    readonly prebuiltFile: string;
}

// Every provider this process declared, whatever its state type (the build serialises them all).
const declared: { provider: pulumi.dynamic.ResourceProvider; prebuiltFile: string }[] = [];
const serialised = new Map<string, pulumi.Output<string>>();

/**
 * Declares the provider a module exports as `exportName`; pass the module's `__filename`. The
 * build serialises every provider declared by the modules of `components/`.
 */
export function dynamicProvider<T>(moduleFile: string, exportName: string, provider: pulumi.dynamic.ResourceProvider<T, T>): DynamicProvider<T> {
    const declaration = { provider, prebuiltFile: moduleFile.replace(/\.[jt]s$/, `.${exportName}.provider.js`) };
    declared.push(declaration);
    return declaration;
}

/** The SDK's serialisation of a provider: what pulumi.dynamic.Resource sends as `__provider`. */
export async function serializeProvider<T>(provider: pulumi.dynamic.ResourceProvider<T, T>): Promise<pulumi.runtime.SerializedFunction> {
    // The same call as the SDK's dynamic/index.js, down to the captured name `provider`, so the text is identical.
    return pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
}

/** Writes the serialised module of every declared provider (used by `npm run build` on its output). */
export async function writePrebuiltProviders(): Promise<string[]> {
    const written: string[] = [];
    for (const { provider, prebuiltFile } of declared) {
        const { text, containsSecrets } = await serializeProvider(provider);
        if (containsSecrets) throw new Error(`the provider written to ${prebuiltFile} captures a secret; it would be stored in plain text`);
        fs.writeFileSync(prebuiltFile, text);
        written.push(prebuiltFile);
    }
    return written;
}

function providerModule<T>(p: DynamicProvider<T>): pulumi.Output<string> {
    const known = serialised.get(p.prebuiltFile);
    if (known !== undefined) return known;
    const text = fs.existsSync(p.prebuiltFile)
        ? pulumi.output(fs.readFileSync(p.prebuiltFile, "utf8"))
        : pulumi.output(serializeProvider(p.provider)).apply((f): pulumi.Output<string> => (f.containsSecrets ? pulumi.secret(f.text) : pulumi.output(f.text)));
    serialised.set(p.prebuiltFile, text);
    return text;
}

/**
 * pulumi.dynamic.Resource with the provider given as a DynamicProvider: the same type token
 * (`pulumi-nodejs:dynamic/<module>:<type>`, served by the engine's nodejs dynamic-provider
 * host) and the same `__provider` input, from the build when it was serialised there.
 */
export class DynamicResource<T> extends pulumi.CustomResource {
    constructor(p: DynamicProvider<T>, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined, module: string, type: string) {
        if ("__provider" in props) throw new Error("A dynamic resource must not define the __provider key");
        super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: providerModule(p) }, opts);
    }
}
