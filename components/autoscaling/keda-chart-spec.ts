/** The KEDA operator install as data: pinned chart, values, namespace. */
import type * as pulumi from "@pulumi/pulumi";
import { IMAGES, type ImageDigests, type TaggedImage, imageReference, pinImage } from "../common/images";
import { cachedPath } from "../platform/image-cache";

/** kedacore/keda 2.20.2 (KEDA 2.20.2), and the Kubernetes minor versions it is tested on (1.33-1.35). */
export const KEDA_CHART = {
    chart: "keda",
    version: "2.20.2",
    repo: "https://kedacore.github.io/charts",
    kubernetes: { min: "1.33", max: "1.35" },
} as const;

/** Whether a Kubernetes minor version ("1.34") is within KEDA_CHART's tested range. */
export function kedaSupportsKubernetes(version: string): boolean {
    const minor = (v: string) => Number(v.split(".")[1]);
    return minor(version) >= minor(KEDA_CHART.kubernetes.min) && minor(version) <= minor(KEDA_CHART.kubernetes.max);
}

const restrictedPod = { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } };

/**
 * Chart values. The chart's defaults are already restricted at container level (drop ALL, no
 * privilege escalation, read-only root, RuntimeDefault seccomp) and set requests/limits; the pod
 * level gets seccomp too. Resource labels: the chart's own `app.kubernetes.io/part-of: keda-operator`
 * stays (KEDA is cluster-wide, not part of one Kafka cluster); managed-by says pulumi.
 */
export function kedaChartValues(metrics?: KedaMetrics, digests: ImageDigests = {}, registry?: pulumi.Input<string>): Record<string, unknown> {
    const image = (i: TaggedImage) => chartImage(i, digests, registry);
    return {
        customManagedBy: "pulumi",
        image: { keda: image(IMAGES.kedaOperator), metricsApiServer: image(IMAGES.kedaMetricsApiServer), webhooks: image(IMAGES.kedaWebhooks) },
        crds: { install: true },
        podSecurityContext: { operator: restrictedPod, metricServer: restrictedPod, webhooks: restrictedPod },
        ...(metrics ? kedaMetricsValues(metrics) : {}),
    };
}

/**
 * The chart writes `"{registry}/{repository}:{tag}"` (kedacore/charts v2.20.2
 * keda/templates/manager/deployment.yaml:74, metrics-server/deployment.yaml:74,
 * webhooks/deployment.yaml:72): a tag of `2.20.2@sha256:…` pins the digest and keeps the tag.
 */
function chartImage(image: TaggedImage, digests: ImageDigests, registry?: pulumi.Input<string>): { registry: pulumi.Input<string>; repository: string; tag: string } {
    const slash = image.repository.indexOf("/");
    const tag = pinImage(imageReference(image), digests).slice(image.repository.length + 1);
    const upstream = { registry: image.repository.slice(0, slash), repository: image.repository.slice(slash + 1), tag };
    const cached = registry === undefined ? undefined : cachedPath(image.repository);
    // Through the pull-through cache (platform.imageCache): the cache's host, its prefix before the path.
    return registry === undefined || cached === undefined ? upstream : { registry, repository: cached, tag };
}

/** Scraping the operator's own metrics (keda_scaler_detail_errors_total, …): components/observability. */
export interface KedaMetrics {
    /** A PodMonitor (Prometheus Operator) rather than scrape annotations. */
    podMonitor: boolean;
}

/** KEDA chart port of the operator's metrics (values.yaml `prometheus.operator.port`, kedacore/charts v2.20.2). */
export const KEDA_OPERATOR_METRICS_PORT = 8080;

/**
 * `--enable-prometheus-metrics` and the `metrics` container port exist only with
 * `prometheus.operator.enabled` (kedacore/charts v2.20.2 keda/templates/manager/deployment.yaml:104-107,145-149).
 */
function kedaMetricsValues(m: KedaMetrics): Record<string, unknown> {
    return {
        prometheus: { operator: { enabled: true, port: KEDA_OPERATOR_METRICS_PORT, podMonitor: { enabled: m.podMonitor } } },
        ...(m.podMonitor ? {} : { podAnnotations: { keda: { "prometheus.io/scrape": "true", "prometheus.io/port": String(KEDA_OPERATOR_METRICS_PORT), "prometheus.io/path": "/metrics" } } }),
    };
}
