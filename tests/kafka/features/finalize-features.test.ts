/**
 * finalize-features.sh (the KRaft finalize Job) against the stub kafka-features.sh (4.3.1), and the
 * record of the finalized level whose check step refuses a later kafka.version below it.
 */
import { strict as assert } from "assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { FINALIZE_FEATURES_SCRIPT_PATH } from "../../../components/kafka/features/script";
import { FINALIZED_LEVEL_TYPE, finalizedLevelProvider } from "../../../components/kafka/layout-guard/finalized-level";
import type { FinalizedLevel } from "../../../components/kafka/layout-guard/rule";
import { input, RenderedResource, renderStack } from "../../harness";
import { FakeCluster, removeStubDirs, runAsync, stubBin } from "../stubs/cluster";

after(removeStubDirs);

async function finalize(o: { finalized?: number; supportedMax?: number; target: string; registrations?: string[]; stopping?: string[] }) {
    const files = new FakeCluster();
    fs.writeFileSync(path.join(files.dir, "registrations"), (o.registrations ?? ["0 eu-west-1a unfenced", "1 eu-west-1b unfenced", "2 eu-west-1c unfenced"]).map((l) => l + "\n").join(""));
    if (o.stopping) fs.writeFileSync(path.join(files.dir, "stopping"), o.stopping.map((l) => l + "\n").join(""));
    fs.mkdirSync(path.join(files.dir, "features"));
    if (o.finalized !== undefined) fs.writeFileSync(path.join(files.dir, "features", "metadata.version"), `${o.finalized}\n`);
    if (o.supportedMax !== undefined) fs.writeFileSync(path.join(files.dir, "features", "supported-max"), `${o.supportedMax}\n`);
    const props = path.join(files.dir, "client.properties");
    fs.writeFileSync(props, "security.protocol=PLAINTEXT\n");
    const r = await runAsync("bash", [FINALIZE_FEATURES_SCRIPT_PATH, "--bootstrap-server", "kafka-bootstrap:9092", "--command-config", props, "--metadata", o.target, "--brokers", "3", "--poll-seconds", "0", "--max-polls", "5"], { KAFKA_BIN: stubBin(), ...files.env("4.3.1") });
    const level = fs.existsSync(path.join(files.dir, "features", "metadata.version")) ? Number(fs.readFileSync(path.join(files.dir, "features", "metadata.version"), "utf8")) : 30;
    const registered = fs.readFileSync(path.join(files.dir, "registrations"), "utf8").split("\n").filter((l) => l).map((l) => Number(l.split(" ")[0]));
    return { ...r, level, registered, calls: files.calls(), upgrades: files.calls().filter((c) => c.includes("upgrade")) };
}

describe("finalize-features.sh (KRaft metadata.version after the roll)", function () {
    this.timeout(60_000);

    it("4.2 → 4.3: upgrades metadata.version only, with --metadata 4.3, and checks the new level", async () => {
        const r = await finalize({ finalized: 28, target: "4.3" });
        assert.equal(r.status, 0, r.stderr);
        assert.equal(r.level, 30, "4.3-IV0 (MetadataVersion.java:125)");
        assert.deepEqual(r.upgrades.map((c) => c.slice(-3)), [["upgrade", "--metadata", "4.3"]]);
        assert.ok(!r.upgrades.flat().includes("--release-version"), "not the other features (kraft.version would leave the static quorum)");
        assert.match(r.stderr, /metadata\.version finalized at 4\.3-IV0/);
    });

    it("already at the target (a fresh cluster, a patch release): no upgrade call", async () => {
        const r = await finalize({ target: "4.3" });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.upgrades, []);
        assert.match(r.stderr, /metadata\.version is 4\.3-IV0: nothing to finalize/);
    });

    it("after a scale-down 5→3: waits until the removed brokers are fenced, unregisters them, then finalizes", async () => {
        const r = await finalize({
            finalized: 28,
            target: "4.3",
            registrations: ["0 eu-west-1a unfenced", "1 eu-west-1b unfenced", "2 eu-west-1c unfenced", "3 eu-west-1a fenced", "4 eu-west-1b unfenced"],
            stopping: ["4 2"],
        });
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.registered, [0, 1, 2]);
        const tools = r.calls.map((c) => `${c[0]} ${c.includes("describe") ? "describe" : c[1]}`);
        assert.deepEqual(r.calls.filter((c) => c[1] === "unregister").map((c) => c[c.indexOf("--id") + 1]), ["3", "4"]);
        assert.ok(tools.lastIndexOf("kafka-cluster.sh unregister") < tools.indexOf("kafka-features.sh describe"), tools.join("\n"));
        assert.equal(tools.filter((t) => t === "kafka-cluster.sh list-endpoints").length, 2, "polled until broker 4 was fenced (on the second call)");
        assert.equal(r.level, 30);
    });

    it("a removed broker that never stops: fails naming it; nothing is unregistered or finalized", async () => {
        const r = await finalize({ finalized: 28, target: "4.3", registrations: ["0 a unfenced", "1 b unfenced", "2 c unfenced", "3 a unfenced"] });
        assert.equal(r.status, 1);
        assert.match(r.stderr, /FAILED: brokers 3 are above kafka\.brokers \(3\) and still unfenced after 5 checks/);
        assert.deepEqual(r.registered, [0, 1, 2, 3]);
        assert.equal(r.level, 28);
    });

    it("a node that does not support the level yet: fails with the controller's reason, the level stays", async () => {
        const r = await finalize({ finalized: 28, supportedMax: 29, target: "4.3" });
        assert.equal(r.status, 1);
        assert.match(r.stderr, /FAILED: kafka-features\.sh upgrade --metadata 4\.3: Could not upgrade metadata\.version to 30\. Invalid update version 30 for feature metadata\.version\. Broker 0 only supports versions 7-29 .*check every pod runs the new image/);
        assert.equal(r.level, 28);
    });
});

describe("FinalizedMetadataVersion (the record of the finalized level)", () => {
    const at = (metadataVersion: string): FinalizedLevel => ({ configPrefix: "kafka-eks", name: "kafka", metadataVersion });
    const check = async (olds: Partial<FinalizedLevel>, news: FinalizedLevel) => (await finalizedLevelProvider.check!(olds as FinalizedLevel, news)).failures ?? [];

    it("accepts the first deploy, the same level and an upgrade", async () => {
        assert.deepEqual(await check({}, at("4.3")), []);
        assert.deepEqual(await check(at("4.3"), at("4.3")), []);
        assert.deepEqual(await check(at("4.3"), at("4.4")), []);
    });

    it("refuses a kafka.version below the finalized level, naming the key, the level and the reason", async () => {
        const failures = await check(at("4.4"), at("4.3"));
        assert.equal(failures.length, 1);
        assert.match(failures[0].reason, /^kafka-eks:kafka\.version: Kafka 4\.3 is below the cluster's finalized metadata\.version 4\.4 .*would fail to start, and KRaft does not lower a finalized metadata\.version; keep kafka\.version at 4\.4 or later$/);
        assert.deepEqual(await check(at("4.10"), at("4.9")).then((f) => f.length), 1, "compared as numbers, not strings");
    });
});

describe("the finalize Job in the rendered stacks", function () {
    this.timeout(240_000);
    let prod: RenderedResource[];
    let dev: RenderedResource[];
    before(async () => {
        prod = (await renderStack("prod")).resources;
        dev = (await renderStack("dev")).resources;
    });
    const jobs = (rs: RenderedResource[], prefix: string) => rs.filter((r) => r.inputs.kind === "Job" && String(input(r, "metadata.name")).startsWith(prefix));

    it("KRaft: after the roller, the Job finalizes kafka.version's major.minor; the record of the level waits for it", () => {
        const [finalize] = jobs(prod, "kafka-features-");
        assert.ok(finalize, "a finalize Job");
        assert.ok(finalize.dependencies.includes(jobs(prod, "kafka-roller-")[0].urn), "after the roll");
        const args = input<{ args: string[] }[]>(finalize, "spec.template.spec.containers")[0].args;
        assert.equal(args[args.indexOf("--metadata") + 1], "4.3");
        assert.equal(args[args.indexOf("--brokers") + 1], "3");
        const record = prod.find((r) => r.type === FINALIZED_LEVEL_TYPE)!;
        assert.ok(record && record.dependencies.includes(finalize.urn), "the level is recorded only after the Job succeeded");
        assert.equal(record.inputs.metadataVersion, "4.3");
    });

    it("ZooKeeper mode (3.9.x only: one inter.broker.protocol.version, 3.9): no finalize Job, no record", () => {
        assert.deepEqual(jobs(dev, "kafka-features-"), []);
        assert.equal(dev.find((r) => r.type === FINALIZED_LEVEL_TYPE), undefined);
    });
});
