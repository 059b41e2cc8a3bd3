/**
 * One shape for every violation: which object, which field, what is wrong, what would pass, and,
 * where one stack-config key sets the field, that key. CI readers act on the message alone, so
 * all parts are always there.
 */
import { type ObjectRef, describe } from "./k8s";
import { stackKeyOf } from "./stack-keys";

export function violation(object: ObjectRef, field: string, problem: string, fix: string): string {
    const key = stackKeyOf(object, field);
    return `${describe(object)}: ${field} ${problem}; ${fix}${key ? ` (stack config: ${key})` : ""}.`;
}

/** An AWS resource as messages name it: Pulumi type, resource name, and the physical name when set. */
export function awsRef(type: string, resourceName: string, physicalName: unknown): ObjectRef {
    return { kind: type, name: typeof physicalName === "string" && physicalName !== resourceName ? `"${resourceName}" (${physicalName})` : `"${resourceName}"` };
}
