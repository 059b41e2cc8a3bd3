/**
 * What an offline render cannot show the pack: a remote component (`helm.sh/v4:Chart`,
 * `yaml/v2:ConfigGroup`, ...) is expanded by its provider at deploy time, so under mocks only its
 * own inputs exist, none of the objects it will create. The gate and the render name each one,
 * so a green gate is never read as covering objects it never saw.
 */
import type { RenderedResource } from "./types";

export interface UnseenResource {
    urn: string;
    type: string;
    name: string;
    /** One line for people: type, name and what it deploys. */
    description: string;
}

/** Input members that say what a remote component deploys (chart, its version, the namespace). */
const DESCRIBING_INPUTS = ["chart", "version", "namespace", "files", "directory"] as const;

export function unseenResources(resources: readonly RenderedResource[]): UnseenResource[] {
    return resources
        .filter((r) => r.remote === true)
        .map((r) => {
            const details = DESCRIBING_INPUTS.flatMap((key) => {
                const value = r.inputs[key];
                return typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string")) ? [`${key} ${String(value)}`] : [];
            });
            return {
                urn: r.urn,
                type: r.type,
                name: r.name,
                description: `${r.type} "${r.name}"${details.length > 0 ? ` (${details.join(", ")})` : ""}`,
            };
        });
}
