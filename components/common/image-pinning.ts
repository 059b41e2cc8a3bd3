/**
 * Pins the images of every pod the program registers by digest, in one place rather than in each
 * component: a transformation (index.ts gives it to each top-level resource; children inherit it)
 * rewrites `containers[].image` and `initContainers[].image` of
 * each pod template from `repository:tag` to `repository:tag@sha256:…` (images.digests). Helm
 * charts are remote components the transformation cannot reach: their images are pinned through
 * chart values (KEDA: keda-chart-spec.ts). With the ECR pull-through cache (platform.imageCache)
 * the same step points every image at the account's private registry.
 */
import * as pulumi from "@pulumi/pulumi";
import { cachedImage } from "../platform/image-cache";
import { type ImageDigests, pinImage } from "./images";

/**
 * Where each Pod-bearing kind keeps its pod spec, as a path below the object. The policy pack
 * keeps a copy (policy/lib/k8s.ts; tests/policy/contract.test.ts keeps them equal).
 */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Pod": ["spec"],
    "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    "kubernetes:keda.sh/v1alpha1:ScaledJob": ["spec", "jobTargetRef", "template", "spec"],
};

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

type Rewrite = (value: unknown) => unknown;

/** f over a value that may still be an Output or a Promise; plain values stay plain (no needless unknowns in a preview). */
function mapInput(value: unknown, f: Rewrite): unknown {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) return pulumi.output(value).apply((v) => f(v));
    return f(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** How an image reference is rewritten: pinned by digest, then (with a cache) through the private registry. */
export interface ImageRewrite {
    digests: ImageDigests;
    /** Host of the private registry of the pull-through cache. Default: none (upstream registries). */
    registry?: pulumi.Input<string>;
}

function rewriteImage(image: string, r: ImageRewrite): pulumi.Input<string> {
    const pinned = pinImage(image, r.digests);
    return r.registry === undefined ? pinned : pulumi.output(r.registry).apply((host) => cachedImage(pinned, host));
}

function rewritePodSpec(spec: unknown, r: ImageRewrite): unknown {
    if (!isRecord(spec)) return spec;
    const out: Record<string, unknown> = { ...spec };
    for (const list of CONTAINER_LISTS) {
        if (!(list in spec)) continue;
        out[list] = mapInput(spec[list], (containers) =>
            Array.isArray(containers)
                ? containers.map((c) => mapInput(c, (container) => (isRecord(container) && "image" in container ? { ...container, image: mapInput(container.image, (image) => (typeof image === "string" ? rewriteImage(image, r) : image)) } : container)))
                : containers,
        );
    }
    return out;
}

/** The object's inputs with every container image of its pod spec rewritten; other kinds unchanged. */
export function pinPodImages(type: string, props: Record<string, unknown>, r: ImageRewrite): Record<string, unknown> {
    const path = POD_SPEC_PATHS[type];
    if (path === undefined) return props;
    const descend = (value: unknown, rest: readonly string[]): unknown => {
        if (rest.length === 0) return rewritePodSpec(value, r);
        return mapInput(value, (v) => (isRecord(v) && rest[0] in v ? { ...v, [rest[0]]: descend(v[rest[0]], rest.slice(1)) } : v));
    };
    return descend(props, path) as Record<string, unknown>;
}

/** A transformation rewriting the images of every pod-bearing object it sees. */
export function imagePinningTransformation(r: ImageRewrite): pulumi.ResourceTransformation {
    return (args) => {
        if ((Object.keys(r.digests).length === 0 && r.registry === undefined) || POD_SPEC_PATHS[args.type] === undefined) return undefined;
        return { props: pinPodImages(args.type, args.props, r), opts: args.opts };
    };
}
