/**
 * One shape for every violation: which object, which field, what is wrong, what would pass.
 * CI readers act on the message alone, so all four parts are always there.
 */
import { type ObjectRef, describe } from "./k8s";

export function violation(object: ObjectRef | string, field: string, problem: string, fix: string): string {
    const who = typeof object === "string" ? object : describe(object);
    return `${who}: ${field} ${problem}; ${fix}.`;
}

/** An AWS resource as messages name it: Pulumi type, resource name, and the physical name when set. */
export function awsRef(type: string, resourceName: string, physicalName: unknown): string {
    return typeof physicalName === "string" && physicalName !== resourceName ? `${type} "${resourceName}" (${physicalName})` : `${type} "${resourceName}"`;
}
