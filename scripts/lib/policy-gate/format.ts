/**
 * Prints diagnostics the way `pulumi preview` prints policy results: grouped under
 * "Policies:", a `[level]  pack@version  policy (type: name)` header, then the message lines.
 */
import type { Diagnostic, GateResult } from "./types";

export function formatResult(result: GateResult, stack: string): string {
    const lines: string[] = [];
    const mandatory = result.diagnostics.filter(isBlocking);
    const advisory = result.diagnostics.filter((d) => !isBlocking(d));
    lines.push(`Policy pack ${result.pack.name}@v${result.pack.version} on stack ${stack}: ${result.policies.length} policies, ${result.diagnostics.length} violation(s)`);
    if (result.diagnostics.length > 0) {
        lines.push("", "Policies:");
        for (const d of [...mandatory, ...advisory]) {
            lines.push(...formatDiagnostic(d), "");
        }
    }
    if (result.unseen.length > 0) {
        if (lines[lines.length - 1] !== "") lines.push("");
        lines.push(
            `Not evaluated (${result.unseen.length}): remote components the offline render cannot expand; the objects they create at deploy time were not checked (\`pulumi preview --policy-pack policy\` checks them):`,
            ...result.unseen.map((u) => `    ${u.description}`),
            "",
        );
    }
    lines.push(mandatory.length > 0 ? `FAILED: ${mandatory.length} mandatory policy violation(s).` : `PASSED${advisory.length > 0 ? ` with ${advisory.length} advisory violation(s)` : ""}.`);
    return lines.join("\n");
}

export function formatDiagnostic(d: Diagnostic): string[] {
    const subject = d.urn ? ` (${urnType(d.urn)}: ${urnName(d.urn)})` : " (stack)";
    const header = `    [${d.enforcementLevel}]  ${d.policyPackName}@v${d.policyPackVersion}  ${d.policyName}${subject}`;
    const body = d.message.split("\n").map((line) => `    ${line}`);
    return [header, ...body, ...(d.urn ? [`    urn: ${d.urn}`] : [])];
}

/** Mandatory violations fail the gate (remediate is reported as mandatory by the pack already). */
export function isBlocking(d: Diagnostic): boolean {
    return d.enforcementLevel === "mandatory" || d.enforcementLevel === "remediate";
}

function urnType(urn: string): string {
    const parts = urn.split("::");
    const qualified = parts.length >= 4 ? parts[parts.length - 2] : "";
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}
