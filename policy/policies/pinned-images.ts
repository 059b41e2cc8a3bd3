/**
 * Mutable image tags make a deployment irreproducible: a pod rescheduled next month pulls a
 * different Kafka. Every container of every Pod-bearing object names a version tag or digest;
 * with `requireDigest` (prod) a digest, since a version tag can be re-pushed too. That part judges
 * deployments only: a preview (and the offline gate) leaves a missing digest to the program's own
 * warning, the way placeholder values are warned about in a preview and refused by `pulumi up`.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parseImage } from "../lib/image-ref";
import { containersOf, objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { isPreview } from "../lib/run";
import { boolean, configSchema, readSettings, stringList } from "../lib/settings";

const settings = {
    mutableTags: stringList(["latest"], "Tags treated as unpinned (besides a missing tag)."),
    requireDigest: boolean(false, "Every image must name a digest (repository:tag@sha256:…), checked on deployment (not in a preview). Fix: scripts/pin-images.sh <stack> writes images.digests."),
};

export const pinnedImages: ResourceValidationPolicy = {
    name: "pinned-images",
    description: "Every container image has a pinned version tag or digest (no :latest, no untagged); with requireDigest, a digest at deployment. EKS Best Practices Guide, image security (immutable image references); no Security Hub or CIS EKS control covers it.",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const containers = containersOf(args.type, args.props);
        if (containers.length === 0) {
            return;
        }
        const { mutableTags, requireDigest } = readSettings(args.getConfig(), settings);
        const digestRequired = requireDigest && !isPreview();
        const ref = objectRef(args.type, args.props, args.name);
        for (const container of containers) {
            const field = `${container.path}.image (container "${container.name}")`;
            if (typeof container.image !== "string" || container.image.trim() === "") {
                reportViolation(violation(ref, field, "is not set", "set an image with a version tag (<repository>:<version>) or a digest (<repository>@sha256:<digest>)"));
                continue;
            }
            const image = parseImage(container.image);
            if (image.digest !== undefined) {
                continue;
            }
            // The suggestion names the container's own repository: never another image.
            const fix = `pin a version tag (${image.repository}:<version>) or a digest (${image.repository}@sha256:<digest>)`;
            if (image.tag === undefined) {
                reportViolation(violation(ref, field, `is "${container.image}" with no tag (pulls latest)`, fix));
            } else if (mutableTags.includes(image.tag)) {
                reportViolation(violation(ref, field, `is "${container.image}" (mutable tag "${image.tag}")`, fix));
            } else if (digestRequired) {
                reportViolation(violation(ref, field, `is "${container.image}" without a digest (requireDigest)`, `pin it by digest (${container.image}@sha256:<digest>): scripts/pin-images.sh <stack> writes images.digests`));
            }
        }
    },
};
