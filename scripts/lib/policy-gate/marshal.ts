/**
 * Rendered resources → Analyzer request messages, encoded as the engine encodes them
 * (plugin.MarshalProperties with KeepUnknowns): inputs as a google.protobuf.Struct, values
 * unknown during preview as the engine's unknown sentinel so @pulumi/policy treats them
 * exactly as in `pulumi preview`, and resource options always present (the pack rejects a
 * request without them as coming from an old CLI).
 */
import { type JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import type { RenderedResource } from "./types";

/** How the render writes an unknown value, and how the engine puts one on the wire. */
export const RENDERED_UNKNOWN = "[unknown]";
export const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function toStruct(value: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(toWire(value) as Record<string, JavaScriptValue>);
}

/** JSON-safe copy with unknowns re-encoded and undefined members dropped (the engine omits them). */
function toWire(value: unknown): JavaScriptValue {
    if (value === RENDERED_UNKNOWN) {
        return ENGINE_UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(toWire);
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, JavaScriptValue> = {};
        for (const [key, member] of Object.entries(value)) {
            if (member !== undefined) {
                out[key] = toWire(member);
            }
        }
        return out;
    }
    if (value === undefined || typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
        return null;
    }
    return value as JavaScriptValue;
}

function options(resource: RenderedResource): analyzer.AnalyzerResourceOptions {
    const opts = new analyzer.AnalyzerResourceOptions();
    opts.setProtect(resource.protect ?? false);
    opts.setIgnorechangesList(resource.ignoreChanges ?? []);
    opts.setDeletebeforereplacedefined(resource.deleteBeforeReplace !== undefined);
    opts.setDeletebeforereplace(resource.deleteBeforeReplace ?? false);
    opts.setCustomtimeouts(new analyzer.AnalyzerResourceOptions.CustomTimeouts());
    if (resource.parent) {
        opts.setParent(resource.parent);
    }
    return opts;
}

/** The provider resource the engine would attach: looked up by URN among the rendered resources. */
function provider(resource: RenderedResource, byUrn: ReadonlyMap<string, RenderedResource>): analyzer.AnalyzerProviderResource | undefined {
    if (!resource.provider) {
        return undefined;
    }
    // An engine provider reference is `<urn>::<id>`; the render may give the bare URN.
    const ref = resource.provider;
    const urn = byUrn.has(ref) ? ref : ref.slice(0, ref.lastIndexOf("::"));
    const found = byUrn.get(urn);
    const msg = new analyzer.AnalyzerProviderResource();
    msg.setUrn(urn);
    msg.setType(found?.type ?? urnType(urn));
    msg.setName(found?.name ?? urn.slice(urn.lastIndexOf("::") + 2));
    msg.setProperties(toStruct(found?.inputs ?? {}));
    return msg;
}

/** `urn:pulumi:<stack>::<project>::<parent$...$type>::<name>` → type. */
function urnType(urn: string): string {
    const parts = urn.split("::");
    const qualified = parts.length >= 4 ? parts[parts.length - 2] : "";
    return qualified.slice(qualified.lastIndexOf("$") + 1);
}

export function indexByUrn(resources: readonly RenderedResource[]): Map<string, RenderedResource> {
    return new Map(resources.map((r) => [r.urn, r]));
}

export function analyzeRequest(resource: RenderedResource, byUrn: ReadonlyMap<string, RenderedResource>): analyzer.AnalyzeRequest {
    const req = new analyzer.AnalyzeRequest();
    req.setUrn(resource.urn);
    req.setType(resource.type);
    req.setName(resource.name);
    req.setProperties(toStruct(resource.inputs));
    req.setOptions(options(resource));
    const prov = provider(resource, byUrn);
    if (prov) {
        req.setProvider(prov);
    }
    return req;
}

export function analyzeStackRequest(resources: readonly RenderedResource[]): analyzer.AnalyzeStackRequest {
    const byUrn = indexByUrn(resources);
    const req = new analyzer.AnalyzeStackRequest();
    req.setResourcesList(
        resources.map((resource) => {
            const msg = new analyzer.AnalyzerResource();
            msg.setUrn(resource.urn);
            msg.setType(resource.type);
            msg.setName(resource.name);
            msg.setProperties(toStruct(resource.inputs));
            msg.setOptions(options(resource));
            msg.setParent(resource.parent ?? "");
            msg.setDependenciesList(resource.dependencies ?? []);
            const prov = provider(resource, byUrn);
            if (prov) {
                msg.setProvider(prov);
            }
            return msg;
        }),
    );
    return req;
}
