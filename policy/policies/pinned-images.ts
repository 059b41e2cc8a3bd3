/**
 * Mutable image tags make a deployment irreproducible: a pod rescheduled next month pulls a
 * different Kafka. Every container of every Pod-bearing object names a version tag or digest.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parseImage } from "../lib/image-ref";
import { containersOf, objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { configSchema, readSettings, stringList } from "../lib/settings";

const settings = {
    mutableTags: stringList(["latest"], "Tags treated as unpinned (besides a missing tag)."),
};

export const pinnedImages: ResourceValidationPolicy = {
    name: "pinned-images",
    description: "Every container image has a pinned version tag or digest (no :latest, no untagged).",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const containers = containersOf(args.type, args.props);
        if (containers.length === 0) {
            return;
        }
        const { mutableTags } = readSettings(args.getConfig(), settings);
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
            }
        }
    },
};
