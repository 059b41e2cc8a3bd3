/**
 * A minimal openAPIV3 structural-schema checker for CRD validation in tests (no new dependency):
 * type, required, enum, properties, additionalProperties (false or a schema),
 * x-kubernetes-preserve-unknown-fields, x-kubernetes-int-or-string, anyOf, items, minimum,
 * maximum, minLength, maxLength, minItems, pattern and int32 range. Unknown fields are errors
 * (the API server would silently prune them — a typo would vanish, so tests must catch it).
 * An object schema without `properties` (e.g. root `metadata`) accepts any fields.
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { UPSTREAM } from "../harness";

export interface OpenApiSchema {
    type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
    format?: string;
    required?: string[];
    enum?: unknown[];
    properties?: Record<string, OpenApiSchema>;
    additionalProperties?: boolean | OpenApiSchema;
    items?: OpenApiSchema;
    anyOf?: OpenApiSchema[];
    minimum?: number;
    maximum?: number;
    minLength?: number;
    maxLength?: number;
    minItems?: number;
    pattern?: string;
    "x-kubernetes-preserve-unknown-fields"?: boolean;
    "x-kubernetes-int-or-string"?: boolean;
}

function typeOf(v: unknown): string {
    if (Array.isArray(v)) return "array";
    if (v === null) return "null";
    if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
    return typeof v;
}

function typeMatches(expected: string, v: unknown): boolean {
    const actual = typeOf(v);
    return actual === expected || (expected === "number" && actual === "integer");
}

/** Every violation of `schema` by `value`, as "<path>: <problem>". */
export function validateSchema(schema: OpenApiSchema, value: unknown, at = "$"): string[] {
    const errors: string[] = [];
    if (schema.anyOf && !schema.anyOf.some((s) => validateSchema(s, value, at).length === 0)) errors.push(`${at}: matches no anyOf branch`);
    if (schema["x-kubernetes-int-or-string"]) {
        if (!["integer", "string"].includes(typeOf(value))) errors.push(`${at}: must be an integer or a string, got ${typeOf(value)}`);
    } else if (schema.type && !typeMatches(schema.type, value)) {
        return [...errors, `${at}: must be ${schema.type}, got ${typeOf(value)}`];
    }
    if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: must be one of ${JSON.stringify(schema.enum)}, got ${JSON.stringify(value)}`);
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: must be >= ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: must be <= ${schema.maximum}`);
        if (schema.format === "int32" && (value < -(2 ** 31) || value > 2 ** 31 - 1)) errors.push(`${at}: out of int32 range`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
        if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
        if (schema.items) value.forEach((item, i) => errors.push(...validateSchema(schema.items!, item, `${at}[${i}]`)));
    }
    if (typeOf(value) === "object") {
        const obj = value as Record<string, unknown>;
        for (const key of schema.required ?? []) if (!(key in obj)) errors.push(`${at}.${key}: is required`);
        const props = schema.properties;
        for (const [key, v] of Object.entries(obj)) {
            const child = `${at}.${key}`;
            if (props && key in props) errors.push(...validateSchema(props[key], v, child));
            else if (typeof schema.additionalProperties === "object") errors.push(...validateSchema(schema.additionalProperties, v, child));
            else if (schema.additionalProperties === false) errors.push(`${child}: unknown field (additionalProperties: false)`);
            else if (props && !schema["x-kubernetes-preserve-unknown-fields"]) errors.push(`${child}: unknown field (the API server would prune it)`);
        }
    }
    return errors;
}

interface Crd {
    spec: { names: { kind: string }; versions: Array<{ name: string; schema: { openAPIV3Schema: OpenApiSchema } }> };
}

/** openAPIV3Schema of `version` in a CRD file under upstream/keda. */
export function crdSchema(file: string, version = "v1alpha1"): OpenApiSchema {
    const crd = parse(fs.readFileSync(path.join(UPSTREAM, "keda", file), "utf8")) as Crd;
    const v = crd.spec.versions.find((x) => x.name === version);
    if (!v) throw new Error(`${file} has no version ${version}`);
    return v.schema.openAPIV3Schema;
}

export interface ScalerParameter {
    name: string;
    type: string;
    optional?: boolean;
    default?: string;
    allowedValue?: string[];
    metadataVariableReadable?: boolean;
    triggerAuthenticationVariableReadable?: boolean;
}

/** Parameters of one scaler in scalers-schema.json. */
export function scalerParameters(type: string): ScalerParameter[] {
    const doc = JSON.parse(fs.readFileSync(path.join(UPSTREAM, "keda", "scalers-schema.json"), "utf8")) as {
        scalers: Array<{ type: string; parameters: ScalerParameter[] }>;
    };
    const scaler = doc.scalers.find((s) => s.type === type);
    if (!scaler) throw new Error(`scalers-schema.json has no scaler ${type}`);
    return scaler.parameters;
}
