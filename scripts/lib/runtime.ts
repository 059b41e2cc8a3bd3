/**
 * Runs a Pulumi program under the mock runtime and records every resource registration as the
 * engine would receive it (type, name, parent, dependencies, options, inputs). Used by
 * `npm run render`, the policy gate and the tests: one harness, no CLI, no plugins, no cloud.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { awsMocks } from "./mocks";
import { withoutSdkStackTraces } from "./sdk-stack-traces";
import { REPO_ROOT, SECRET_PLACEHOLDER, projectName, readStackFile } from "./stack-file";

/** One registered resource. Secret values appear as "[secret]", unknowns as "[unknown]". */
export interface RenderedResource {
    urn: string;
    /** The id the mock provider assigned (custom resources). */
    id?: string;
    type: string;
    name: string;
    custom: boolean;
    /**
     * A component the provider builds at deploy time (e.g. `kubernetes:helm.sh/v4:Chart`): under
     * mocks only its inputs are known, none of the objects it will create.
     */
    remote?: boolean;
    parent?: string;
    /** URN of the explicit provider (custom resources only). */
    provider?: string;
    dependencies: string[];
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    replaceOnChanges: string[];
    /** How long the engine waits for create/update/delete ("30m"); absent: the provider's default. */
    customTimeouts?: { create?: string; update?: string; delete?: string };
    inputs: Record<string, unknown>;
}

export interface RunOptions {
    /** Stack name; its Pulumi.<stack>.yaml is loaded unless `config` is given. */
    stack: string;
    /** Namespaced config (`<project>:<key>` → value or JSON text) replacing the stack file. */
    config?: Record<string, string>;
    /** Applied on top of the stack file's config: `<section>` → value (objects are JSON-encoded). */
    overrides?: Record<string, unknown>;
    /** Program entry point, default index.ts at the repo root. */
    program?: string;
    /** Run as `pulumi preview` (unknown computed values) instead of `pulumi up`. Default false. */
    preview?: boolean;
    /** Called for each registration as it happens (the result is only there if the program succeeds). */
    onRegister?: (resource: RenderedResource) => void;
    /**
     * Skip what the SDK's stack traces cost while the program runs (scripts/lib/sdk-stack-traces.ts):
     * thousands per program that nobody reads, about half of an evaluation's CPU. For the tests and
     * the render and policy CLIs; `npm run bench` leaves it off because `pulumi preview` pays it.
     * Default false.
     */
    skipSdkStackTraces?: boolean;
}

export interface RunResult {
    resources: RenderedResource[];
    /** The program's stack outputs, resolved (secrets unwrapped). */
    outputs: Record<string, unknown>;
    /** Names of the stack outputs that are Pulumi secrets. */
    secretOutputs: string[];
    /** Every secret value the mocks generated (passwords, cluster IDs): must appear nowhere in plain text. */
    generatedSecrets: string[];
}

const SIG = pulumi.runtime.specialSigKey;
const UNKNOWN = pulumi.runtime.unknownValue;

/**
 * Replaces the engine's wire encoding of secrets, unknowns and resource references with plain
 * values. A secret keeps its shape and loses its values: a Secret whose whole `stringData` is
 * one secret Output renders as `{ password: "[secret]", username: "[secret]" }`, so the keys stay
 * readable and the object stays schema-valid.
 */
export function maskWireValue(value: unknown, inSecret = false): unknown {
    if (value === UNKNOWN) return inSecret ? SECRET_PLACEHOLDER : "[unknown]";
    if (Array.isArray(value)) return value.map((v) => maskWireValue(v, inSecret));
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SIG] === pulumi.runtime.specialSecretSig) return maskWireValue(obj.value, true);
        if (obj[SIG] === pulumi.runtime.specialResourceSig) return obj.urn;
        if (obj[SIG] !== undefined) return maskWireValue(obj.value, inSecret);
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, maskWireValue(v, inSecret)]));
    }
    return inSecret && value !== null && value !== undefined ? SECRET_PLACEHOLDER : value;
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getRemote(): boolean;
    getProvider(): string;
    getDependenciesList(): string[];
    getProtect(): boolean;
    getRetainondelete(): boolean;
    getDeletebeforereplace(): boolean;
    getIgnorechangesList(): string[];
    getReplaceonchangesList(): string[];
    getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface MockMonitorLike {
    newUrn(parent: string, type: string, name: string): string;
    registerResource(req: RegisterRequest, callback: (err: unknown, resp?: { getId(): string }) => void): Promise<void>;
}

// Not in the public typings; the CLI's language host awaits the same queue before it exits.
const waitForRPCs = (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs;

/**
 * Forgets the entry module only, so `require` runs the program again. The modules it imports stay
 * loaded: they register nothing when imported (resources are created by the entry), and loading
 * them again would transpile every file again under ts-node (seconds per evaluation in the tests).
 */
function forgetEntryModule(entry: string): void {
    delete require.cache[require.resolve(entry)];
}

/** Resolves an Output (or plain value) the way `pulumi stack output --show-secrets` would. */
async function resolveOutput(value: unknown): Promise<unknown> {
    if (pulumi.Output.isInstance(value)) return new Promise((resolve) => value.apply((v) => resolve(v)));
    return value;
}

export async function runProgram(opts: RunOptions): Promise<RunResult> {
    return opts.skipSdkStackTraces ? withoutSdkStackTraces(() => evaluate(opts)) : evaluate(opts);
}

async function evaluate(opts: RunOptions): Promise<RunResult> {
    const project = projectName();
    const stackFile = opts.config ? { config: opts.config, secretKeys: [] } : readStackFile(opts.stack);
    const config = { ...stackFile.config };
    for (const [section, value] of Object.entries(opts.overrides ?? {})) {
        const key = `${project}:${section}`;
        if (value === undefined) delete config[key];
        else config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const region = config["aws:region"] ?? "us-east-1";

    const generatedSecrets = new Set<string>();
    await pulumi.runtime.setMocks(awsMocks(region, generatedSecrets), project, opts.stack, opts.preview ?? false);
    pulumi.runtime.setAllConfig(config, stackFile.secretKeys);

    const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorLike;
    const resources: RenderedResource[] = [];
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, callback) => {
        const provider = req.getProvider();
        const timeouts = req.getCustomtimeouts();
        const record: RenderedResource = {
            urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            remote: req.getRemote() || undefined,
            parent: req.getParent() || undefined,
            // "urn::id" → urn: ids are made up by the mocks.
            provider: provider ? provider.split("::").slice(0, -1).join("::") : undefined,
            dependencies: [...new Set(req.getDependenciesList())].sort(),
            protect: req.getProtect(),
            retainOnDelete: req.getRetainondelete(),
            deleteBeforeReplace: req.getDeletebeforereplace(),
            ignoreChanges: req.getIgnorechangesList(),
            replaceOnChanges: req.getReplaceonchangesList(),
            customTimeouts: timeouts && (timeouts.getCreate() || timeouts.getUpdate() || timeouts.getDelete())
                ? { create: timeouts.getCreate() || undefined, update: timeouts.getUpdate() || undefined, delete: timeouts.getDelete() || undefined }
                : undefined,
            inputs: maskWireValue(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>,
        };
        resources.push(record);
        opts.onRegister?.(record);
        return register(req, (err, resp) => {
            if (resp && record.custom) record.id = resp.getId();
            callback(err, resp);
        });
    };

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const entry = opts.program ?? path.join(REPO_ROOT, "index.ts");
        forgetEntryModule(entry);
        const program = require(entry) as Record<string, unknown>;
        await waitForRPCs();
        const outputs: Record<string, unknown> = {};
        const secretOutputs: string[] = [];
        for (const [name, value] of Object.entries(program)) {
            outputs[name] = await resolveOutput(value);
            if (pulumi.Output.isInstance(value) && (await pulumi.isSecret(value))) secretOutputs.push(name);
        }
        await waitForRPCs();
        if (failures.length > 0) throw failures[0];
        return { resources, outputs, secretOutputs: secretOutputs.sort(), generatedSecrets: [...generatedSecrets].sort() };
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}
