import { strict as assert } from "assert";
import * as path from "path";
import { readPolicyConfigFile } from "../../scripts/lib/policy-gate";
import type { RenderedResource } from "../../scripts/lib/policy-gate";
import { REPO_ROOT, renderStack, sharedPolicyPacks, stackSection, stackSections } from "../harness";
import { parseStackConfig, stackImages } from "../../components/config";
import { stubDigests } from "../common/stub-digests";
import { applyTopicArgs } from "../../components/kafka/topics/job";
import type { TopicSpec } from "../../components/kafka/topics/spec";

const TOPIC_SPEC = "kafka-eks/topic-spec";
/** The annotations of the rendered Job of topic "orders" (they carry its spec), else undefined. */
function ordersTopicJob(r: RenderedResource): Record<string, string> | undefined {
    const annotations = (r.inputs as { metadata?: { annotations?: Record<string, string> } }).metadata?.annotations;
    return r.inputs.kind === "Job" && annotations?.["kafka-eks/topic"] === "orders" && annotations[TOPIC_SPEC] !== undefined ? annotations : undefined;
}

type JobInputs = { spec: { template: { spec: { containers: Array<{ args: string[] }> } } } };
const applyArgs = (r: RenderedResource) => (r.inputs as JobInputs).spec.template.spec.containers[0].args;
/** Rendered resources with the "orders" topic Job rewritten to apply `edit(spec)`: annotation and arguments, as a hand-built Job would. */
function withOrdersSpec(resources: readonly RenderedResource[], edit: (spec: TopicSpec) => TopicSpec): RenderedResource[] {
    return structuredClone(resources).map((r) => {
        const annotations = ordersTopicJob(r);
        if (annotations) {
            const spec = edit(JSON.parse(annotations[TOPIC_SPEC]) as TopicSpec);
            annotations[TOPIC_SPEC] = JSON.stringify(spec);
            const args = applyArgs(r);
            const value = (flag: string) => args[args.indexOf(flag) + 1];
            args.splice(0, args.length, ...applyTopicArgs(spec, value("--bootstrap-server"), Number(value("--wait-seconds")), value("--command-config")));
        }
        return r;
    });
}

/** The real program's output through the real pack, as `npm run policy -- <stack>` does in CI. */
describe("policy pack on the rendered stacks", function () {
    this.timeout(180_000);
    const configOf = (stack: string) => readPolicyConfigFile(path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
    const packs = sharedPolicyPacks();
    after(() => packs.stop());

    // prod as deployed: images pinned by digest (scripts/pin-images.sh; stand-in digests here).
    const prodImages = () => {
        const refs = stackImages(parseStackConfig(stackSections("prod"), "kafka-eks", { awsRegion: "eu-west-1" }));
        return { images: { requireDigests: true, digests: stubDigests(refs) } };
    };
    // prod's sections with combined broker,controller nodes (SASL_SSL, as prod).
    const combined = () => ({ ...prodImages(), kafka: { ...stackSection("prod", "kafka"), kraft: { topology: "combined" }, controllerStorageGiB: undefined } });
    const variants: Array<{ name: string; stack: string; overrides?: () => Record<string, unknown> }> = [
        { name: "dev", stack: "dev" },
        { name: "prod, images pinned", stack: "prod", overrides: prodImages },
        { name: "prod with KRaft combined nodes and SASL_SSL, images pinned", stack: "prod", overrides: combined },
    ];
    for (const v of variants) {
        it(`${v.name} has no mandatory violation`, async () => {
            const { resources } = await renderStack(v.stack, v.overrides?.());
            const result = await packs.evaluate(resources as RenderedResource[], configOf(v.stack), { stack: v.stack, dryRun: false });
            const mandatory = result.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
            assert.deepEqual(mandatory.map((d) => `${d.policyName}: ${d.message}`), []);
            assert.ok(result.policies.length >= 15);
        });
    }

    it("shipped prod (some digests missing): `pulumi up` refuses exactly the undigested containers through pinned-images, a preview does not", async () => {
        const { resources } = await renderStack("prod");
        const shipped = parseStackConfig(stackSections("prod"), "kafka-eks", { awsRegion: "eu-west-1" });
        const missing = stackImages(shipped).filter((ref) => !Object.hasOwn(shipped.images.digests, ref));
        assert.ok(missing.length >= 1, "every prod image is pinned: this test has nothing left to refuse");
        const up = await packs.evaluate(resources as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: false });
        const mandatory = up.diagnostics.filter((d) => d.enforcementLevel === "mandatory");
        assert.deepEqual([...new Set(mandatory.map((d) => d.policyName))], ["pinned-images"]);
        assert.ok(mandatory.length >= missing.length, String(mandatory.length));
        const undigested = (m: string) => /is "([^"@]+)" without a digest \(requireDigest\); pin it by digest/.exec(m)?.[1];
        assert.ok(mandatory.every((d) => undigested(d.message) !== undefined), mandatory.map((d) => d.message).join("\n"));
        assert.deepEqual([...new Set(mandatory.map((d) => undigested(d.message)))].sort(), missing);
        const preview = await packs.evaluate(resources as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: true });
        assert.deepEqual(preview.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => d.message), []);
    });

    it("catches topics that could fill the brokers' disks, mandatory in prod", async () => {
        const { resources } = await renderStack("prod");
        const tampered = withOrdersSpec(resources, (spec) => ({ ...spec, config: { ...spec.config, "retention.bytes": String(64 * 1024 ** 3) } }));
        const result = await packs.evaluate(tampered as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: false });
        const found = result.diagnostics.filter((d) => d.policyName === "retention-fits-broker-storage");
        assert.equal(found.length, 1, JSON.stringify(result.diagnostics.map((d) => d.message)));
        assert.equal(found[0].enforcementLevel, "mandatory");
        assert.match(found[0].message, /PersistentVolumeClaim kafka\/data-kafka-broker-\d: spec\.resources\.requests\.storage is 500 GiB, but one broker .* may have to hold 849\.8 GiB/);
    });

    it("catches a topic with one replica that bypassed the program's validation", async () => {
        const { resources } = await renderStack("prod");
        // Edit the rendered topic object directly, as a hand-written manifest or another program could.
        const tampered = withOrdersSpec(resources, (spec) => ({ ...spec, replicationFactor: 1 }));
        const result = await packs.evaluate(tampered as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: false });
        const found = result.diagnostics.filter((d) => d.policyName === "topic-replication-factor" && d.enforcementLevel === "mandatory");
        assert.equal(found.length, 1, JSON.stringify(result.diagnostics.map((d) => d.message)));
        assert.match(found[0].message, /^Job kafka\/kafka-topic-orders-[0-9a-f]{8}: metadata\.annotations\["kafka-eks\/topic-spec"\]\.replicationFactor is 1/m);
        assert.match(found[0].message, /replicationFactor/);
    });

    it("catches a topic Job that applies RF 1 under an annotation saying 3 (its arguments are what runs)", async () => {
        const { resources } = await renderStack("prod");
        const tampered = structuredClone(resources).map((r) => {
            if (ordersTopicJob(r)) applyArgs(r)[applyArgs(r).indexOf("--replication-factor") + 1] = "1";
            return r;
        });
        const result = await packs.evaluate(tampered as RenderedResource[], configOf("prod"), { stack: "prod", dryRun: false });
        const found = result.diagnostics.filter((d) => d.policyName === "topic-replication-factor" && d.enforcementLevel === "mandatory");
        assert.equal(found.length, 1, JSON.stringify(result.diagnostics.map((d) => d.message)));
        assert.match(found[0].message, /^Job kafka\/kafka-topic-orders-[0-9a-f]{8}: spec\.template\.spec\.containers\[0\]\.args disagree with metadata\.annotations\["kafka-eks\/topic-spec"\], which the policies check: --replication-factor 1 where replicationFactor is 3;/m);
    });
});
