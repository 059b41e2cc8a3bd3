/**
 * scripts/pin-images.sh against a stub crane (tests/scripts/stubs/crane): it writes a digest for
 * every image the stack runs into a copy of Pulumi.prod.yaml, keeps the file's comments, writes
 * nothing when one image has no digest, and the stack it leaves behind is one `pulumi up` accepts
 * as far as digests go.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { parseStackConfig, stackImages } from "../../components/config";
import { REPO_ROOT, stackSections } from "../harness";
import { stubDigest } from "../common/stub-digests";

const SCRIPT = path.join(REPO_ROOT, "scripts", "pin-images.sh");
const PROD_IMAGES = stackImages(parseStackConfig(stackSections("prod"), "kafka-eks", { awsRegion: "eu-west-1" }));

describe("scripts/pin-images.sh (stub crane)", function () {
    this.timeout(120_000);
    let dir: string;
    let bin: string;

    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pin-images-"));
        for (const f of ["Pulumi.yaml", "Pulumi.prod.yaml"]) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(dir, f));
        // An executable copy: the exec bit does not depend on the checkout.
        bin = path.join(dir, "bin");
        fs.mkdirSync(bin);
        fs.copyFileSync(path.join(__dirname, "stubs", "crane"), path.join(bin, "crane"));
        fs.chmodSync(path.join(bin, "crane"), 0o755);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    function run(registry: readonly string[]) {
        fs.writeFileSync(path.join(dir, "registry.txt"), registry.map((ref) => `${ref} ${stubDigest(ref)}\n`).join(""));
        const result = spawnSync(SCRIPT, ["prod", "--dir", dir], {
            encoding: "utf8",
            env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, CRANE_STUB_REGISTRY: path.join(dir, "registry.txt"), CRANE_STUB_LOG: path.join(dir, "crane.log") },
        });
        return { ...result, craneCalls: fs.existsSync(path.join(dir, "crane.log")) ? fs.readFileSync(path.join(dir, "crane.log"), "utf8").trim().split("\n") : [] };
    }
    const stackFile = () => fs.readFileSync(path.join(dir, "Pulumi.prod.yaml"), "utf8");

    it("writes one digest per image the stack runs, asking crane once for each, drops those of images it no longer runs, and keeps the comments", () => {
        // The shipped file plus the digest of a version the stack no longer runs.
        const stale = stackFile().replace("    digests:\n", `    digests:\n      apache/kafka:4.3.0: ${stubDigest("old")}\n`);
        assert.ok(stale.includes("apache/kafka:4.3.0"), "the shipped prod stack has an images.digests map to add a stale entry to");
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), stale);
        const before = stackFile();
        const result = run(PROD_IMAGES);
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(result.craneCalls, PROD_IMAGES.map((ref) => `digest ${ref}`));
        const written = stackFile();
        assert.ok(!written.includes("apache/kafka:4.3.0"), "the stale digest is gone");
        const images = (YAML.parse(written) as { config: Record<string, { requireDigests: boolean; digests: Record<string, string> }> }).config["kafka-eks:images"];
        assert.deepEqual(images, { requireDigests: true, digests: Object.fromEntries(PROD_IMAGES.map((ref) => [ref, stubDigest(ref)])) });
        for (const comment of before.split("\n").filter((l) => l.trim().startsWith("#"))) assert.ok(written.includes(comment), `lost comment: ${comment}`);
        // The stack the script leaves is one `pulumi up` takes as far as digests go.
        const sections = Object.fromEntries(Object.entries(YAML.parse(written).config as Record<string, unknown>).filter(([k]) => k.startsWith("kafka-eks:")).map(([k, v]) => [k.slice("kafka-eks:".length), v]));
        let problems: string[] = [];
        try {
            parseStackConfig(sections, "kafka-eks", { awsRegion: "eu-west-1" }, { refusePlaceholders: true });
        } catch (e) {
            problems = (e as { problems: Array<{ key: string }> }).problems.map((p) => p.key);
        }
        assert.deepEqual(problems.filter((k) => k.includes("images")), []);
    });

    it("writes nothing when crane cannot resolve an image, and says which", () => {
        const before = stackFile();
        const result = run(PROD_IMAGES.filter((ref) => !ref.startsWith("ghcr.io/kafbat/")));
        assert.equal(result.status, 1);
        assert.match(result.stderr, /pin-images: crane digest ghcr\.io\/kafbat\/kafka-ui:v1\.5\.0 failed; nothing written/);
        assert.equal(stackFile(), before);
    });

    it("usage errors exit 2", () => {
        const result = spawnSync(SCRIPT, [], { encoding: "utf8" });
        assert.equal(result.status, 2);
        assert.match(result.stderr, /usage: scripts\/pin-images\.sh <stack> \[--dir DIR\]/);
    });
});
