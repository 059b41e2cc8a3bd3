/** The images a render runs: every pod template's containers, and what the KEDA chart's values name. */
import type { RenderedResource } from "../harness";

const CHART = "kubernetes:helm.sh/v4:Chart";

/** Every container and init-container image of every Kubernetes object the program registered. */
export function podImages(resources: readonly RenderedResource[]): string[] {
    const found: string[] = [];
    const walk = (v: unknown, key?: string) => {
        if (Array.isArray(v)) {
            if (key === "containers" || key === "initContainers") for (const c of v) found.push(String((c as { image?: unknown }).image));
            v.forEach((x) => walk(x));
        } else if (v !== null && typeof v === "object") {
            for (const [k, x] of Object.entries(v)) walk(x, k);
        }
    };
    for (const r of resources) if (r.type.startsWith("kubernetes:") && r.type !== CHART) walk(r.inputs);
    return found;
}

export interface ChartImage {
    registry: string;
    repository: string;
    tag: string;
}

/** The KEDA chart's `image.*` values (keda, metricsApiServer, webhooks); empty without the chart. */
export function kedaChartImages(resources: readonly RenderedResource[]): Record<string, ChartImage> {
    const chart = resources.find((r) => r.type === CHART && r.inputs.chart === "keda");
    return chart === undefined ? {} : (chart.inputs.values as { image: Record<string, ChartImage> }).image;
}

/** The images the KEDA chart runs ("{registry}/{repository}:{tag}", kedacore/charts v2.20.2). */
export function kedaImages(resources: readonly RenderedResource[]): string[] {
    const image = kedaChartImages(resources);
    return ["keda", "metricsApiServer", "webhooks"].filter((k) => k in image).map((k) => `${image[k].registry}/${image[k].repository}:${image[k].tag}`);
}
