/**
 * Calls policies directly, with argument objects built the way @pulumi/policy's server builds
 * them: inputs JSON-normalised (as after the Struct round trip) and wrapped in the same
 * unknown-checking proxy; getConfig returns only what was configured; notApplicable throws.
 */
import type {
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

/** @pulumi/policy keeps its proxy internal (no typings); this is its one export the fixtures need. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy<T extends object>(value: T): T };

export interface Fixture {
    type: string;
    name: string;
    props: Record<string, unknown>;
}

export interface Violation {
    message: string;
    urn?: string;
}

class NotApplicable extends Error {}

const STACK_URN_PREFIX = "urn:pulumi:test::kafka-eks::";

export function urnOf(fixture: Fixture): string {
    return `${STACK_URN_PREFIX}${fixture.type}::${fixture.name}`;
}

function props(fixture: Fixture): Record<string, unknown> {
    return unknownCheckingProxy(JSON.parse(JSON.stringify(fixture.props)) as Record<string, unknown>);
}

const common = (config: object) => ({
    stackTags: new Map<string, string>(),
    getConfig: <T extends object>() => config as T,
    notApplicable: (reason?: string): never => {
        throw new NotApplicable(reason);
    },
});

export function resourceArgs(fixture: Fixture, config: object = {}): ResourceValidationArgs {
    return {
        type: fixture.type,
        name: fixture.name,
        urn: urnOf(fixture),
        props: props(fixture),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        isType: () => false,
        asType: () => undefined,
        ...common(config),
    };
}

export function stackArgs(fixtures: readonly Fixture[], config: object = {}): StackValidationArgs {
    const resources: PolicyResource[] = fixtures.map((fixture) => ({
        type: fixture.type,
        name: fixture.name,
        urn: urnOf(fixture),
        props: props(fixture),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        dependencies: [],
        propertyDependencies: {},
        isType: () => false,
        asType: () => undefined,
    }));
    return { resources, ...common(config) };
}

function collector(): { report: ReportViolation; violations: Violation[] } {
    const violations: Violation[] = [];
    return { violations, report: (message: string, urn?: string) => violations.push({ message, ...(urn ? { urn } : {}) }) };
}

/** Violation messages of a resource policy on one object. */
export async function checkResource(policy: ResourceValidationPolicy, fixture: Fixture, config: object = {}): Promise<string[]> {
    const { report, violations } = collector();
    const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validate of validations) {
        try {
            await validate(resourceArgs(fixture, config), report);
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return violations.map((v) => v.message);
}

/** Violations of a stack policy over a set of objects. */
export async function checkStack(policy: StackValidationPolicy, fixtures: readonly Fixture[], config: object = {}): Promise<Violation[]> {
    const { report, violations } = collector();
    try {
        await policy.validateStack(stackArgs(fixtures, config), report);
    } catch (e) {
        if (!(e instanceof NotApplicable)) throw e;
    }
    return violations;
}
