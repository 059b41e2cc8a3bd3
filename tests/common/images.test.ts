/**
 * The image table and digest pinning: the images a stack's config says it runs are exactly the
 * images its render runs (pods and the KEDA chart), and with images.digests every one of them
 * runs as repository:tag@sha256:….
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { IMAGES, pinImage, pinPodImages } from "../../components";
import { parseStackConfig } from "../../components/config";
import { stackImages } from "../../components/config/images";
import { REPO_ROOT, renderStack, stackSections } from "../harness";
import { NS, problemsOf } from "../config/problems";
import { stubDigest, stubDigests } from "./stub-digests";
import { kedaImages, podImages } from "./rendered-images";


type Sections = Record<string, unknown>;

function configOf(sections: Sections) {
    return parseStackConfig(sections as Record<string, unknown>, NS, { awsRegion: "eu-west-1" });
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe("images: one table, pinned by digest", function () {
    this.timeout(180_000);

    const variants: Array<{ name: string; sections: () => Sections }> = [
        { name: "dev", sections: () => stackSections("dev") },
        { name: "prod", sections: () => stackSections("prod") },
        { name: "kind", sections: () => stackSections("kind") },
        {
            name: "dev with CMAK, no metrics, no KEDA",
            sections: () => ({
                ...stackSections("dev"),
                manager: { kind: "cmak" },
                metrics: { enabled: false },
                consumers: (stackSections("dev").consumers as Array<Record<string, unknown>>).map(({ lagAlertThreshold: _, ...c }) => c),
                autoscaling: { keda: { install: false } },
            }),
        },
    ];
    for (const v of variants) {
        it(`${v.name}: the images the config lists are the images the render runs`, async () => {
            const sections = v.sections();
            const { resources } = await renderStack(v.name.split(" ")[0], sections as Parameters<typeof renderStack>[1]);
            // The stack file's own digests (prod pins some) are appended to the references.
            const config = configOf(sections);
            assert.deepEqual(sorted([...podImages(resources), ...kedaImages(resources)]), sorted(stackImages(config).map((r) => pinImage(r, config.images.digests))));
        });
    }

    for (const stack of ["dev", "prod"]) it(`${stack} with images.digests: every pod and KEDA image runs as repository:tag@digest`, async () => {
        const refs = stackImages(configOf(stackSections(stack)));
        const digests = stubDigests(refs);
        const { resources } = await renderStack(stack, { images: { digests } });
        const images = [...podImages(resources), ...kedaImages(resources)];
        assert.ok(images.length > refs.length);
        for (const image of images) {
            const [ref, digest] = image.split("@");
            assert.equal(digest, stubDigest(ref), image);
        }
        assert.deepEqual(sorted(images.map((i) => i.split("@")[0])), refs);
    });

    it("every digest the shipped prod stack pins is recorded with its sources in upstream/images/digests.md, and so is every image without one", () => {
        const doc = fs.readFileSync(path.join(REPO_ROOT, "upstream", "images", "digests.md"), "utf8");
        const prod = configOf(stackSections("prod"));
        const pinned = Object.entries(prod.images.digests);
        assert.ok(pinned.length >= 1);
        for (const [ref, digest] of pinned) assert.ok(doc.includes(`### \`${ref}\` → \`${digest}\`\n`), `${ref}: ${digest} is not in upstream/images/digests.md`);
        const missing = stackImages(prod).filter((ref) => !Object.hasOwn(prod.images.digests, ref));
        for (const ref of missing) assert.ok(doc.includes(`### \`${ref}\`\n`), `${ref} (no digest) is not in upstream/images/digests.md`);
    });

    it("the KEDA images are the chart's app version, and the chart values keep its registry", () => {
        for (const image of [IMAGES.kedaOperator, IMAGES.kedaMetricsApiServer, IMAGES.kedaWebhooks]) {
            assert.equal(image.tag, "2.20.2");
            assert.match(image.repository, /^ghcr\.io\/kedacore\//);
        }
    });

    it("pinImage appends a known digest, keeps a reference that has one, leaves others alone", () => {
        const d = stubDigest("x");
        assert.equal(pinImage("apache/kafka:4.3.1", { "apache/kafka:4.3.1": d }), `apache/kafka:4.3.1@${d}`);
        assert.equal(pinImage(`apache/kafka:4.3.1@${d}`, { "apache/kafka:4.3.1": stubDigest("y") }), `apache/kafka:4.3.1@${d}`);
        assert.equal(pinImage("apache/kafka:3.9.2", { "apache/kafka:4.3.1": d }), "apache/kafka:3.9.2");
        assert.equal(pinImage("toString", {}), "toString");
    });

    it("pins images that are still Outputs, in CronJobs too, and leaves other kinds alone", async () => {
        const d = stubDigest("c");
        const digests = { "curlimages/curl:8.16.0": d };
        const props = {
            spec: { jobTemplate: { spec: { template: pulumi.output({ spec: { initContainers: [{ name: "a", image: pulumi.output("curlimages/curl:8.16.0") }], containers: [{ name: "b", image: "curlimages/curl:8.16.0" }] } }) } } },
        };
        const out = pinPodImages("kubernetes:batch/v1:CronJob", props, { digests }) as typeof props;
        const template = await new Promise((resolve) => pulumi.output(out.spec.jobTemplate.spec.template).apply(resolve));
        assert.deepEqual(template, { spec: { initContainers: [{ name: "a", image: `curlimages/curl:8.16.0@${d}` }], containers: [{ name: "b", image: `curlimages/curl:8.16.0@${d}` }] } });
        const configMap = { data: { containers: "curlimages/curl:8.16.0" } };
        assert.equal(pinPodImages("kubernetes:core/v1:ConfigMap", configMap, { digests }), configMap);
    });

    describe("config", () => {
        it("requireDigests: one problem per image without a digest, refused like a placeholder", () => {
            const shipped = configOf(stackSections("prod"));
            const refs = stackImages(shipped);
            const missing = refs.filter((r) => !Object.hasOwn(shipped.images.digests, r));
            assert.ok(missing.length >= 1 && missing.length < refs.length, missing.join());
            const lines = problemsOf("prod", () => {}, undefined, { refusePlaceholders: true, stack: "prod" }).filter((l) => l.includes("images.digests"));
            assert.deepEqual(
                lines,
                missing.map((r) => `${NS}:images.digests["${r}"] = (not set): is missing: images.requireDigests is true and the stack runs ${r}; run \`scripts/pin-images.sh prod\` to pin every image by digest before \`pulumi up\``),
            );
            const digests = stubDigests(refs);
            const pinned = problemsOf("prod", (c) => (c.images.digests = digests), undefined, { refusePlaceholders: true });
            assert.deepEqual(pinned.filter((l) => l.includes("images.")), []);
        });

        it("a digest must be sha256 and a key repository:tag", () => {
            const found = problemsOf("dev", (c) => (c.images = { digests: { "apache/kafka:3.9.2": "sha256:abc", "apache/kafka@sha256:0": stubDigest("k") } }));
            assert.equal(found.length, 2, found.join("\n"));
            assert.match(found.join("\n"), /must be a digest such as sha256:<64 lower-case hex digits>/);
            assert.match(found.join("\n"), /must be an image reference "repository:tag"/);
        });

        it("requireDigests cannot hold with kube-prometheus-stack, whose images the program does not pin", () => {
            const found = problemsOf("dev", (c) => (c.images = { requireDigests: true }));
            assert.ok(
                found.includes(`${NS}:images.requireDigests = true: cannot hold with metrics.installStack: kube-prometheus-stack's images come from its chart and are not pinned by this program; install the monitoring stack separately (metrics.installStack false) or set images.requireDigests false`),
                found.join("\n"),
            );
        });
    });
});
