/** Shapes the gate exchanges with its callers: rendered resources in, diagnostics out. */
import type { UnseenResource } from "./coverage";

/**
 * One resource as `scripts/lib/render.ts` records it (`out/<stack>/resources.json`): what the
 * engine would hand an analyzer. Extra fields of the render are allowed and ignored.
 */
export interface RenderedResource {
    urn: string;
    type: string;
    name: string;
    /** Inputs; secrets appear as "[secret]", values unknown during preview as "[unknown]". */
    inputs: Record<string, unknown>;
    custom?: boolean;
    /** A component its provider expands at deploy time (helm.sh/v4:Chart): the render holds only its inputs. */
    remote?: boolean;
    parent?: string;
    dependencies?: string[];
    protect?: boolean;
    /** Explicit provider: its URN, or an engine provider reference `<urn>::<id>`. */
    provider?: string;
    ignoreChanges?: string[];
    deleteBeforeReplace?: boolean;
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A policy's entry in a `--policy-pack-config` file: a level, or a level plus settings. */
export type PolicyConfigEntry = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);

/** The `--policy-pack-config` file format; the key "all" sets the level of every policy. */
export type PolicyPackConfigFile = Record<string, PolicyConfigEntry>;

/** Effective configuration of one policy, as sent in Configure. */
export interface ResolvedPolicyConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

export interface PolicyDescription {
    name: string;
    description: string;
    enforcementLevel: EnforcementLevel;
    kind: "resource" | "stack";
    /** JSON schema of each setting (as returned by GetAnalyzerInfo). */
    configSchema: Record<string, Record<string, unknown>>;
}

export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    description: string;
    message: string;
    enforcementLevel: EnforcementLevel;
    /** The offending resource; empty for a stack-level violation without one. */
    urn: string;
    /** Which RPC produced it. */
    phase: "Analyze" | "AnalyzeStack";
}

export interface GateResult {
    pack: { name: string; version: string };
    policies: PolicyDescription[];
    config: Record<string, ResolvedPolicyConfig>;
    diagnostics: Diagnostic[];
    /** RPCs made, in order (for the report and the tests). */
    calls: string[];
    /** Resources whose objects the pack could not see (remote components): evaluated only by a real `pulumi preview`. */
    unseen: UnseenResource[];
}
