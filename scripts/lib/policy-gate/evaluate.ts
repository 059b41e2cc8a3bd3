/**
 * The offline policy gate: evaluates the pack on rendered resources over the Analyzer gRPC
 * protocol, in the order the Pulumi engine uses during `pulumi preview --policy-pack`:
 *
 *   launch pack → Handshake (UNIMPLEMENTED tolerated) → ConfigureStack (UNIMPLEMENTED tolerated)
 *   → GetAnalyzerInfo → GetPluginInfo → Configure(resolved policy config)
 *   → Analyze × each resource → AnalyzeStack(all resources) → stop pack
 *
 * Policies therefore run in the pack's own process with @pulumi/policy's real argument
 * building, proxies and enforcement-level handling — not in-process shortcuts.
 */
import * as path from "path";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { REPO_ROOT } from "../stack-file";
import { Analyzer, isUnimplemented } from "./client";
import { unseenResources } from "./coverage";
import { type RunningPack, launchPack } from "./launch";
import { analyzeRequest, analyzeStackRequest, indexByUrn, toStruct } from "./marshal";
import { resolvePolicyConfig } from "./policy-config";
import type { Diagnostic, EnforcementLevel, GateResult, PolicyDescription, PolicyPackConfigFile, RenderedResource, ResolvedPolicyConfig } from "./types";

export interface EvaluateOptions {
    /** Policy pack directory; default the pack this gate ships in. */
    packDir?: string;
    stack?: string;
    project?: string;
    organization?: string;
    /** `pulumi preview` (true, default) or `pulumi up`. */
    dryRun?: boolean;
    startTimeoutMs?: number;
    /** Called once the pack serves (tests use it to check the process is gone afterwards). */
    onLaunch?: (pack: RunningPack) => void;
    /** Stack tags, as the service would send them. */
    stackTags?: Record<string, string>;
    /** A pack already serving (launchPack with the same stack options): used and left running. Default: one launched for this call. */
    pack?: RunningPack;
}

/** The project's pack (policy/ beside Pulumi.yaml). */
const DEFAULT_PACK_DIR = path.join(REPO_ROOT, "policy");

export async function evaluate(resources: readonly RenderedResource[], policyConfig: PolicyPackConfigFile, options: EvaluateOptions = {}): Promise<GateResult> {
    if (resources.length === 0) {
        // Every policy would pass: a gate that checked nothing must not report success.
        throw new Error("no resources to evaluate");
    }
    const packDir = options.packDir ?? DEFAULT_PACK_DIR;
    const pack = options.pack ?? (await launchPack({ packDir, stack: options.stack, project: options.project, organization: options.organization, dryRun: options.dryRun, startTimeoutMs: options.startTimeoutMs }));
    const client = new Analyzer(pack.address);
    try {
        options.onLaunch?.(pack);
        await client.waitForReady(10000);
        await optional(client.handshake(handshakeRequest(pack.address, packDir)));
        await optional(client.configureStack(stackConfigureRequest(options)));

        const info = await client.getAnalyzerInfo();
        const plugin = await client.getPluginInfo();
        const policies = info.getPoliciesList().map(describePolicy);
        const config = resolvePolicyConfig(policies, policyConfig);
        await client.configure(configureRequest(config));

        const diagnostics: Diagnostic[] = [];
        const byUrn = indexByUrn(resources);
        for (const resource of resources) {
            const response = await client.analyze(analyzeRequest(resource, byUrn));
            diagnostics.push(...response.getDiagnosticsList().map((d) => toDiagnostic(d, "Analyze", resource.urn)));
        }
        const stackResponse = await client.analyzeStack(analyzeStackRequest(resources));
        diagnostics.push(...stackResponse.getDiagnosticsList().map((d) => toDiagnostic(d, "AnalyzeStack", "")));

        return { pack: { name: info.getName(), version: info.getVersion() || plugin.getVersion() }, policies, config, diagnostics, calls: [...client.calls], unseen: unseenResources(resources) };
    } catch (e) {
        const output = pack.output().trim();
        throw output && e instanceof Error ? new Error(`${e.message}\npolicy pack output:\n${output}`) : e;
    } finally {
        client.close();
        if (!options.pack) await pack.stop();
    }
}

/** The CLI ignores UNIMPLEMENTED for Handshake and ConfigureStack (older packs lack them). */
async function optional<T>(call: Promise<T>): Promise<T | undefined> {
    try {
        return await call;
    } catch (e) {
        if (isUnimplemented(e)) {
            return undefined;
        }
        throw e;
    }
}

function handshakeRequest(engineAddress: string, packDir: string): analyzer.AnalyzerHandshakeRequest {
    const req = new analyzer.AnalyzerHandshakeRequest();
    req.setEngineAddress(engineAddress);
    req.setRootDirectory(packDir);
    req.setProgramDirectory(packDir);
    return req;
}

function stackConfigureRequest(options: EvaluateOptions): analyzer.AnalyzerStackConfigureRequest {
    const req = new analyzer.AnalyzerStackConfigureRequest();
    req.setStack(options.stack ?? "");
    req.setProject(options.project ?? "");
    req.setOrganization(options.organization ?? "");
    req.setDryRun(options.dryRun ?? true);
    // Stack config stays empty: this pack reads resources, not config. Tags reach policies as args.stackTags.
    for (const [key, value] of Object.entries(options.stackTags ?? {})) {
        req.getTagsMap().set(key, value);
    }
    return req;
}

function configureRequest(config: Record<string, ResolvedPolicyConfig>): analyzer.ConfigureAnalyzerRequest {
    const req = new analyzer.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [name, entry] of Object.entries(config)) {
        const msg = new analyzer.PolicyConfig();
        msg.setEnforcementlevel(toProtoLevel(entry.enforcementLevel));
        msg.setProperties(toStruct(entry.properties));
        map.set(name, msg);
    }
    return req;
}

function describePolicy(p: analyzer.PolicyInfo): PolicyDescription {
    const schema = p.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
    const configSchema: Record<string, Record<string, unknown>> = {};
    for (const [key, value] of Object.entries(schema)) {
        if (typeof value === "object" && value !== null && !Array.isArray(value)) {
            configSchema[key] = value as Record<string, unknown>;
        }
    }
    return {
        name: p.getName(),
        description: p.getDescription(),
        enforcementLevel: fromProtoLevel(p.getEnforcementlevel()),
        kind: p.getPolicyType() === analyzer.PolicyType.POLICY_TYPE_STACK ? "stack" : "resource",
        configSchema,
    };
}

function toDiagnostic(d: analyzer.AnalyzeDiagnostic, phase: Diagnostic["phase"], resourceUrn: string): Diagnostic {
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: fromProtoLevel(d.getEnforcementlevel()),
        // Like the engine: a resource diagnostic without a URN is about the analyzed resource.
        urn: d.getUrn() || resourceUrn,
        phase,
    };
}

function toProtoLevel(level: EnforcementLevel): analyzer.EnforcementLevel {
    switch (level) {
        case "advisory":
            return analyzer.EnforcementLevel.ADVISORY;
        case "mandatory":
            return analyzer.EnforcementLevel.MANDATORY;
        case "remediate":
            return analyzer.EnforcementLevel.REMEDIATE;
        case "disabled":
            return analyzer.EnforcementLevel.DISABLED;
    }
}

function fromProtoLevel(level: analyzer.EnforcementLevel): EnforcementLevel {
    switch (level) {
        case analyzer.EnforcementLevel.MANDATORY:
            return "mandatory";
        case analyzer.EnforcementLevel.REMEDIATE:
            return "remediate";
        case analyzer.EnforcementLevel.DISABLED:
            return "disabled";
        default:
            return "advisory";
    }
}
