/** The offline policy gate: run the pack over rendered resources via the Analyzer protocol. */
export { evaluate, type EvaluateOptions } from "./evaluate";
export { formatDiagnostic, formatResult, isBlocking } from "./format";
export { readPolicyConfigFile, resolvePolicyConfig } from "./policy-config";
export { readResourcesFile } from "./resources-file";
export type { Diagnostic, GateResult, PolicyPackConfigFile, RenderedResource } from "./types";
export { unseenResources, type UnseenResource } from "./coverage";
