/**
 * Config section `images`: digests that pin the stack's images, and whether every image must
 * have one. A missing digest is treated like a placeholder value: `pulumi up` refuses the stack,
 * preview and the offline render warn (load.ts).
 */
import { z } from "zod";
import { IMAGES, type ImageDigests, CMAK_IMAGE, CURL_IMAGE, KAFKA_EXPORTER_IMAGE, KAFKA_UI_IMAGE, KUBECTL_IMAGE, imageReference, kafkaImage, zookeeperImage } from "../common/images";
import type { ConfigProblem } from "./errors";
import { keyPath } from "./errors";
import { closest, didYouMean } from "./suggest";

/** A content digest as registries report it (OCI image-spec: sha256 is the one algorithm registries must support). */
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, "must be a digest such as sha256:<64 lower-case hex digits> (what `crane digest <image>` prints)");
/** `repository:tag` without a digest: the key an image is looked up by. */
const taggedReference = z.string().regex(/^[a-z0-9]([a-z0-9._\/:-]*[a-z0-9])?:[\w][\w.-]{0,127}$/, 'must be an image reference "repository:tag" such as apache/kafka:4.3.1 (no digest)');

export const imagesSchema = z
    .strictObject({
        digests: z
            .record(taggedReference, digest)
            .default({})
            .describe("Image digests, `repository:tag` → `sha256:…`: pods run `repository:tag@sha256:…` (the tag stays for readers). Written by `scripts/pin-images.sh <stack>`. Default none."),
        requireDigests: z
            .boolean()
            .default(false)
            .describe("Every image the stack runs must have a digest in images.digests: `pulumi up` refuses the stack while one is missing, preview and the render warn; the policy pack's pinned-images (requireDigest) refuses an undigested image at deploy time. Default false; prod sets true."),
    })
    .prefault({});

export type ImagesConfig = z.output<typeof imagesSchema>;

/** What the image list reads of the stack. */
export interface ImageUse {
    kafka: { mode: "zookeeper" | "kraft"; version: string };
    zookeeper: { version: string };
    manager: { enabled: boolean; kind: string };
    metrics: { enabled: boolean; lagExporter: boolean };
    autoscaling: { keda: { install: boolean } };
}

/**
 * Every image reference (`repository:tag`) the stack runs, sorted: the program's pods and the KEDA
 * chart's. A test checks it against the images of rendered stacks.
 */
export function stackImages(c: ImageUse): string[] {
    const images = new Set([kafkaImage(c.kafka.version), CURL_IMAGE, KUBECTL_IMAGE]);
    if (c.kafka.mode === "zookeeper") images.add(zookeeperImage(c.zookeeper.version));
    if (c.manager.enabled) images.add(c.manager.kind === "cmak" ? CMAK_IMAGE : KAFKA_UI_IMAGE);
    if (c.metrics.enabled && c.metrics.lagExporter) images.add(KAFKA_EXPORTER_IMAGE);
    if (c.autoscaling.keda.install) for (const image of [IMAGES.kedaOperator, IMAGES.kedaMetricsApiServer, IMAGES.kedaWebhooks]) images.add(imageReference(image));
    return [...images].sort();
}

/** With images.requireDigests, one problem per image of the stack that has no digest. */
export function missingDigestProblems(c: ImageUse & { images: { digests: ImageDigests; requireDigests: boolean } }, namespace: string, stack = "<stack>"): ConfigProblem[] {
    if (!c.images.requireDigests) return [];
    return stackImages(c)
        .filter((ref) => !Object.prototype.hasOwnProperty.call(c.images.digests, ref))
        .map((ref) => ({
            key: `${keyPath(namespace, ["images", "digests"])}["${ref}"]`,
            value: undefined,
            message: `is missing: images.requireDigests is true and the stack runs ${ref}; run \`scripts/pin-images.sh ${stack}\` to pin every image by digest before \`pulumi up\``,
        }));
}

/**
 * One problem per digest of an image the stack does not run but nearly names one it does: a
 * mistyped or stale tag, so the image meant runs unpinned. A digest of an image the stack simply
 * does not run now (kafka-ui with manager.enabled false) pins nothing and stays allowed, so
 * turning a component off is one change.
 */
export function unusedDigestProblems(c: ImageUse & { images: { digests: ImageDigests } }, namespace: string, stack = "<stack>"): ConfigProblem[] {
    const used = stackImages(c);
    return Object.keys(c.images.digests)
        .filter((ref) => !used.includes(ref) && closest(ref, used) !== undefined)
        .map((ref) => ({
            key: `${keyPath(namespace, ["images", "digests"])}["${ref}"]`,
            value: c.images.digests[ref],
            message: `pins an image this stack does not run${didYouMean(ref, used)}; its images: ${used.join(", ")}; remove the entry or rerun \`scripts/pin-images.sh ${stack}\``,
        }));
}

/** kube-prometheus-stack's many images come from its chart's defaults: the program cannot pin them. */
export function imagesRules(c: { images: ImagesConfig; metrics: { installStack: boolean } }, issue: (path: (string | number)[], message: string) => void): void {
    if (c.images.requireDigests && c.metrics.installStack) {
        issue(["images", "requireDigests"], "cannot hold with metrics.installStack: kube-prometheus-stack's images come from its chart and are not pinned by this program; install the monitoring stack separately (metrics.installStack false) or set images.requireDigests false");
    }
}
