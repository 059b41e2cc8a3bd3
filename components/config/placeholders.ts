/**
 * Example values that render fine but cannot be what anyone deploys: the documentation address
 * blocks of RFC 5737 and AWS's example account 123456789012. The shipped prod stack carries them
 * on purpose (so it renders as an example); `pulumi up` refuses them, preview and the offline
 * render warn.
 */
import type { ConfigProblem } from "./errors";
import { keyPath } from "./errors";
import { cidrContains, parseCidr } from "./ipv4";

/** RFC 5737 TEST-NET-1/2/3: reserved for documentation, never routed. */
export const DOCUMENTATION_CIDRS = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"] as const;
/** The account id AWS documentation uses in example ARNs. */
export const EXAMPLE_ACCOUNT_ID = "123456789012";

const documentation = DOCUMENTATION_CIDRS.map((c) => ({ text: c, block: parseCidr(c) as { network: number; prefix: number } }));

function placeholderIn(value: string): string | undefined {
    const cidr = parseCidr(value.includes("/") ? value : `${value}/32`);
    if (!("problem" in cidr)) {
        // Inside a documentation block; a wider block that merely contains one (0.0.0.0/0) is real.
        const doc = documentation.find((d) => cidrContains(d.block, cidr));
        if (doc) return `${doc.text} is a documentation range (RFC 5737) that no real client comes from`;
    }
    if (/^arn:/.test(value) && value.split(":")[4] === EXAMPLE_ACCOUNT_ID) return `${EXAMPLE_ACCOUNT_ID} is the example account of the AWS documentation`;
    return undefined;
}

/** Every placeholder value in the stack's sections, with its key. */
export function placeholderProblems(raw: Readonly<Record<string, unknown>>, namespace: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const walk = (value: unknown, path: (string | number)[]) => {
        if (typeof value === "string") {
            const why = placeholderIn(value);
            if (why) problems.push({ key: keyPath(namespace, path), value, message: `is a placeholder: ${why}; replace it before \`pulumi up\`` });
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, [...path, i]));
        } else if (value !== null && typeof value === "object") {
            for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
        }
    };
    for (const [section, value] of Object.entries(raw)) walk(value, [section]);
    return problems;
}
