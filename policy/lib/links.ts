/**
 * How AWS resources refer to each other in a stack. A reference to another resource's output
 * (a role's ARN, a VPC's id) is unknown while that resource is still to be created, so stack
 * policies follow the engine's dependency edges instead of comparing ids.
 */
import type { PolicyResource } from "@pulumi/policy";

/** Resources of `type` that depend on `target` (for example the flow logs of a VPC). */
export function dependentsOf(resources: readonly PolicyResource[], target: PolicyResource, type: string): PolicyResource[] {
    return resources.filter((r) => r.type === type && r.dependencies.some((d) => d.urn === target.urn));
}

/** Resources of `type` that `source` depends on (for example an addon's service-account role). */
export function dependenciesOf(source: PolicyResource, type: string): PolicyResource[] {
    return source.dependencies.filter((d) => d.type === type);
}

/**
 * A property's value, or undefined when it is absent or not known yet. Reading an unknown value
 * through @pulumi/policy's proxy throws, which would turn the whole policy into a "can't run
 * during preview" note; a policy that can decide without the value uses this instead.
 */
export function known(props: Readonly<Record<string, unknown>>, key: string): unknown {
    try {
        return props[key];
    } catch {
        return undefined;
    }
}

/** Whether a property is set, known or not (an unknown value is set: it only throws when read). */
export function isSet(props: Readonly<Record<string, unknown>>, key: string): boolean {
    if (!(key in props)) {
        return false;
    }
    try {
        return props[key] !== null && props[key] !== undefined;
    } catch {
        return true;
    }
}
