/**
 * Placeholders (RFC 5737 documentation CIDRs, AWS's example account) cannot be deployed:
 * `pulumi up` refuses them, `pulumi preview` and the offline render only warn, so the shipped
 * prod example still renders.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { ConfigProblem, loadStackConfig, placeholderProblems, stackImages } from "../../components/config";
import { parseStackConfig } from "../../components/config/load";
import { awsMocks } from "../../scripts/lib/mocks";
import { readStackFile } from "../../scripts/lib/stack-file";
import { stackSections } from "../harness";
import { NS, problemsOf } from "./problems";

const PROD_PLACEHOLDERS = [
    `${NS}:platform.endpoint.publicAccessCidrs[0] = "203.0.113.0/24": is a placeholder: 203.0.113.0/24 is a documentation range (RFC 5737) that no real client comes from; replace it before \`pulumi up\``,
    `${NS}:platform.deployerPrincipalArn = "arn:aws:iam::123456789012:role/kafka-eks-deploy": is a placeholder: 123456789012 is the example account of the AWS documentation; replace it before \`pulumi up\``,
    `${NS}:platform.adminPrincipalArns[0] = "arn:aws:iam::123456789012:role/platform-admin": is a placeholder: 123456789012 is the example account of the AWS documentation; replace it before \`pulumi up\``,
];
/**
 * The shipped prod stack requires digests and pins only those found in public sources
 * (upstream/images/digests.md); each image still without one is refused like a placeholder.
 */
const PROD_CONFIG = parseStackConfig(stackSections("prod"), NS, { awsRegion: "eu-west-1" });
const PROD_MISSING_DIGESTS = stackImages(PROD_CONFIG).filter((ref) => !Object.hasOwn(PROD_CONFIG.images.digests, ref)).map(
    (ref) => `${NS}:images.digests["${ref}"] = (not set): is missing: images.requireDigests is true and the stack runs ${ref}; run \`scripts/pin-images.sh <stack>\` to pin every image by digest before \`pulumi up\``,
);

/** Runs loadStackConfig for Pulumi.prod.yaml as `pulumi up` (engine present, not a dry run) or `pulumi preview`. */
async function loadProd(as: "up" | "preview"): Promise<unknown> {
    await pulumi.runtime.setMocks(awsMocks("eu-west-1", new Set()), NS, "prod", as === "preview");
    pulumi.runtime.setAllConfig(readStackFile("prod").config, []);
    const runtime = pulumi.runtime as { hasEngine: () => boolean };
    const hasEngine = runtime.hasEngine;
    runtime.hasEngine = () => true;
    try {
        return loadStackConfig();
    } catch (e) {
        return e;
    } finally {
        runtime.hasEngine = hasEngine;
    }
}

describe("config: placeholders", () => {
    it("finds the documentation ranges and the example account in the shipped prod stack", () =>
        assert.deepEqual(
            placeholderProblems(stackSections("prod"), NS).map((p) => `${p.key} = ${JSON.stringify(p.value)}: ${p.message}`),
            PROD_PLACEHOLDERS,
        ));

    it("any CIDR inside 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 is one; a block around them is not", () => {
        const found = placeholderProblems({ platform: { endpoint: { publicAccessCidrs: ["198.51.100.0/25", "192.0.2.7/32", "0.0.0.0/0", "192.0.0.0/16", "8.8.8.0/24"] } } }, NS);
        assert.deepEqual(found.map((p) => p.key), [`${NS}:platform.endpoint.publicAccessCidrs[0]`, `${NS}:platform.endpoint.publicAccessCidrs[1]`]);
    });

    it("refused when deploying: one line each, and one per image without a digest", () => {
        assert.ok(PROD_MISSING_DIGESTS.length >= 1 && PROD_MISSING_DIGESTS.length < stackImages(PROD_CONFIG).length, PROD_MISSING_DIGESTS.join("\n"));
        assert.deepEqual(problemsOf("prod", () => {}, undefined, { refusePlaceholders: true }), [...PROD_PLACEHOLDERS, ...PROD_MISSING_DIGESTS]);
    });

    it("reported, not refused, otherwise", () => {
        let warned: ConfigProblem[] = [];
        assert.deepEqual(problemsOf("prod", () => {}, undefined, { onPlaceholders: (p) => (warned = p) }), []);
        assert.equal(warned.length, PROD_PLACEHOLDERS.length + PROD_MISSING_DIGESTS.length);
    });

    it("`pulumi up` (an engine, not a dry run) refuses them through loadStackConfig", async () => {
        const result = await loadProd("up");
        assert.ok(result instanceof Error && result.name === "ConfigError", String(result));
        const lines = [...PROD_PLACEHOLDERS, ...PROD_MISSING_DIGESTS.map((l) => l.replace("<stack>", "prod"))];
        assert.ok(lines.every((line) => (result as Error).message.includes(`  ${line}`)), (result as Error).message);
    });

    it("`pulumi preview` loads the stack and warns", async () => {
        const result = await loadProd("preview");
        assert.ok(!(result instanceof Error), String(result));
    });
});
