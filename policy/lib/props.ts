/**
 * Typed accessors over resource inputs. Policies receive inputs as plain JSON (wrapped by
 * @pulumi/policy in a proxy that throws on values unknown during preview); nothing about
 * their shape is guaranteed, so every read narrows `unknown` here instead of trusting a cast.
 */
export type Json = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value at `path` below `value`, or undefined when any step is missing or not an object. */
export function at(value: unknown, ...path: string[]): unknown {
    let current: unknown = value;
    for (const key of path) {
        if (!isRecord(current)) {
            return undefined;
        }
        current = current[key];
    }
    return current;
}

export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** A number, also accepting an integer written as a string (Kafka properties, KEDA metadata). */
export function asNumber(value: unknown): number | undefined {
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && /^-?\d+$/.test(value.trim())) {
        return Number(value.trim());
    }
    return undefined;
}

export function asArray(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

/** A string→string map (labels, ConfigMap data); non-string values are dropped. */
export function asStringMap(value: unknown): Record<string, string> {
    const result: Record<string, string> = {};
    if (isRecord(value)) {
        for (const [key, entry] of Object.entries(value)) {
            if (typeof entry === "string") {
                result[key] = entry;
            }
        }
    }
    return result;
}

/** `true`, `"true"` (any case) → true: Kubernetes and AWS string-typed booleans alike. */
export function isTruthyFlag(value: unknown): boolean {
    return value === true || (typeof value === "string" && value.trim().toLowerCase() === "true");
}
