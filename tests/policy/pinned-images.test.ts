import * as assert from "assert";
import { pinnedImages } from "../../policy/policies/pinned-images";
import { checkResource, type Fixture } from "./fixtures";
import { statefulSet } from "./objects";
import { isPreview } from "../../policy/lib/run";

/** Runs `f` as the pack runs in `pulumi up` (PULUMI_NODEJS_DRY_RUN=false) or `pulumi preview`. */
async function during<T>(run: "up" | "preview", f: () => Promise<T>): Promise<T> {
    const saved = process.env.PULUMI_NODEJS_DRY_RUN;
    process.env.PULUMI_NODEJS_DRY_RUN = run === "up" ? "false" : "true";
    try {
        return await f();
    } finally {
        if (saved === undefined) delete process.env.PULUMI_NODEJS_DRY_RUN;
        else process.env.PULUMI_NODEJS_DRY_RUN = saved;
    }
}
const DIGEST = "sha256:" + "b".repeat(64);

function cronJob(image: string): Fixture {
    return {
        type: "kubernetes:batch/v1:CronJob",
        name: "topic-apply",
        props: { metadata: { name: "topic-apply", namespace: "kafka" }, spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: "wait", image }], containers: [{ name: "apply", image: "apache/kafka:3.9.2" }] } } } } } },
    };
}

describe("policy pinned-images", () => {
    it("passes version tags, digests and registry ports", async () => {
        for (const image of ["apache/kafka:3.9.2", "ghcr.io/kafbat/kafka-ui:v1.3.0", "registry.local:5000/zookeeper:3.8.6", "busybox@sha256:" + "a".repeat(64)]) {
            assert.deepStrictEqual(await checkResource(pinnedImages, statefulSet("kafka-broker", "b", { image })), [], image);
        }
    });

    it("fails :latest, naming the object, container path and image", async () => {
        const messages = await checkResource(pinnedImages, statefulSet("zookeeper", "kafka-zookeeper", { image: "zookeeper:latest" }));
        assert.deepStrictEqual(messages, [
            'StatefulSet kafka/kafka-zookeeper: spec.template.spec.containers[0].image (container "zookeeper") is "zookeeper:latest" (mutable tag "latest"); pin a version tag (zookeeper:<version>) or a digest (zookeeper@sha256:<digest>) (stack config: kafka-eks:zookeeper.version).',
        ]);
    });

    it("suggests the container's own repository, never another image (kafka-ui untagged)", async () => {
        const ui: Fixture = {
            type: "kubernetes:apps/v1:Deployment",
            name: "kafka-ui",
            props: { metadata: { name: "kafka-ui", namespace: "kafka", labels: { "app.kubernetes.io/component": "kafka-manager" } }, spec: { template: { spec: { containers: [{ name: "kafka-ui", image: "ghcr.io/kafbat/kafka-ui" }] } } } },
        };
        assert.deepStrictEqual(await checkResource(pinnedImages, ui), [
            'Deployment kafka/kafka-ui: spec.template.spec.containers[0].image (container "kafka-ui") is "ghcr.io/kafbat/kafka-ui" with no tag (pulls latest); pin a version tag (ghcr.io/kafbat/kafka-ui:<version>) or a digest (ghcr.io/kafbat/kafka-ui@sha256:<digest>).',
        ]);
    });

    it("names the broker image's stack key, and an unset image gets no made-up repository", async () => {
        const [message] = await checkResource(pinnedImages, statefulSet("kafka-broker", "kafka-broker", { image: "apache/kafka" }));
        assert.match(message, /pin a version tag \(apache\/kafka:<version>\) or a digest \(apache\/kafka@sha256:<digest>\) \(stack config: kafka-eks:kafka\.version\)\.$/);
        const [unset] = await checkResource(pinnedImages, statefulSet("kafka-broker", "kafka-broker", { image: "" }));
        assert.match(unset, /image \(container "kafka-broker"\) is not set; set an image with a version tag \(<repository>:<version>\)/);
    });

    it("fails an untagged image in a CronJob's init container", async () => {
        const [message] = await checkResource(pinnedImages, cronJob("registry.local:5000/busybox"));
        assert.match(message, /^CronJob kafka\/topic-apply: spec\.jobTemplate\.spec\.template\.spec\.initContainers\[0\]\.image \(container "wait"\) is "registry\.local:5000\/busybox" with no tag \(pulls latest\)/);
    });

    describe("requireDigest (prod)", () => {
        const broker = (image: string) => statefulSet("kafka-broker", "kafka-broker", { image });

        it("on `pulumi up`, fails a version tag without a digest and names the fix", async () => {
            const messages = await during("up", () => checkResource(pinnedImages, broker("apache/kafka:4.3.1"), { requireDigest: true }));
            assert.deepStrictEqual(messages, [
                'StatefulSet kafka/kafka-broker: spec.template.spec.containers[0].image (container "kafka-broker") is "apache/kafka:4.3.1" without a digest (requireDigest); pin it by digest (apache/kafka:4.3.1@sha256:<digest>): scripts/pin-images.sh <stack> writes images.digests (stack config: kafka-eks:kafka.version).',
            ]);
        });

        it("on `pulumi up`, passes repository:tag@digest and a bare digest", async () => {
            for (const image of [`apache/kafka:4.3.1@${DIGEST}`, `registry.local:5000/kafka@${DIGEST}`]) {
                assert.deepStrictEqual(await during("up", () => checkResource(pinnedImages, broker(image), { requireDigest: true })), [], image);
            }
        });

        it("leaves a missing digest to the program's warning in a preview, and is off unless configured", async () => {
            assert.deepStrictEqual(await during("preview", () => checkResource(pinnedImages, broker("apache/kafka:4.3.1"), { requireDigest: true })), []);
            assert.deepStrictEqual(await during("up", () => checkResource(pinnedImages, broker("apache/kafka:4.3.1"))), []);
        });

        it("a run counts as a preview unless the engine says false", () => {
            assert.equal(isPreview({ PULUMI_NODEJS_DRY_RUN: "false" }), false);
            assert.equal(isPreview({ PULUMI_NODEJS_DRY_RUN: "true" }), true);
            assert.equal(isPreview({}), true);
        });
    });
});
