/**
 * The live-change guard: what the running cluster was deployed with, and the changes a rolling
 * restart cannot survive, refused by the check step `pulumi preview` runs. The mock runtime never
 * runs a dynamic provider, so the provider's check/diff are called directly; the rendered stacks
 * show what the program records.
 */
import { strict as assert } from "assert";
import { LAYOUT_GUARD_TYPE, layoutGuardProvider } from "../../components/kafka/layout-guard/guard";
import type { LiveState } from "../../components/kafka/layout-guard/rule";
import { renderStack, stackSection } from "../harness";

const zk: LiveState = {
    configPrefix: "kafka-eks",
    name: "kafka",
    namespace: "kafka",
    mode: "zookeeper",
    topology: "none",
    voters: 0,
    zookeeperReplicas: 3,
    version: "3.9.2",
    authentication: "none",
    tls: false,
    caValidityDays: 0,
    interBrokerRotation: 0,
};
const kraft: LiveState = { ...zk, mode: "kraft", topology: "dedicated", voters: 3, zookeeperReplicas: 0, version: "4.3.1", authentication: "scram-sha-512", tls: true, caValidityDays: 3650 };
const combined: LiveState = { ...kraft, topology: "combined", voters: 3 };

/** The provider's check, as `pulumi preview` calls it: old recorded inputs, new inputs. */
async function check(olds: Partial<LiveState>, news: LiveState) {
    const r = await layoutGuardProvider.check!(olds as LiveState, news);
    return { inputs: r.inputs as LiveState, failures: r.failures ?? [] };
}

async function refused(olds: Partial<LiveState>, news: LiveState): Promise<{ property: string; reason: string }> {
    const { failures } = await check(olds, news);
    assert.equal(failures.length, 1, `expected one failure, got ${JSON.stringify(failures)}`);
    return failures[0];
}

describe("cluster live-change guard", () => {
    it("accepts the first deploy and an unchanged cluster", async () => {
        for (const s of [zk, kraft, combined]) {
            assert.deepEqual((await check({}, s)).failures, []);
            assert.deepEqual((await check(s, { ...s })).failures, []);
        }
    });

    it("refuses a metadata-mode change, naming the key, the old value and the way out", async () => {
        const failure = await refused(zk, { ...kraft, authentication: "none", tls: false, caValidityDays: 0, voters: 3 });
        assert.equal(failure.property, "mode");
        assert.match(failure.reason, /^kafka-eks:kafka\.mode = "kraft": the cluster was deployed with "zookeeper"; .*cannot change its metadata layout in place/);
        assert.match(failure.reason, /remove the cluster .* and its volume claims/);
    });

    it("refuses a KRaft topology change and a namespace change", async () => {
        assert.match((await refused(kraft, { ...kraft, topology: "combined" })).reason, /^kafka-eks:kafka\.kraft\.topology = "combined": the cluster was deployed with "dedicated"/);
        assert.match((await refused(kraft, { ...kraft, namespace: "streaming" })).reason, /^kafka-eks:kafka\.namespace = "streaming"/);
    });

    it("refuses a new cluster name: it would deploy an empty cluster and delete the old one", async () => {
        const f = await refused(zk, { ...zk, name: "kafka2" });
        assert.equal(f.property, "name");
        assert.match(f.reason, /^kafka-eks:kafka\.name = "kafka2": the cluster was deployed with "kafka"; .*second, empty cluster and deletes the old one/);
    });

    it("refuses enabling or disabling SCRAM and TLS: protocols would flip mid-roll", async () => {
        const scram = await refused(zk, { ...zk, authentication: "scram-sha-512" });
        assert.equal(scram.property, "authentication");
        assert.match(scram.reason, /^kafka-eks:security\.authentication = "scram-sha-512": the cluster was deployed with "none"; .*updated brokers could not replicate from the others/);
        assert.match(scram.reason, /adds SCRAM users only to an empty metadata log/);
        const off = await refused(kraft, { ...kraft, authentication: "none" });
        assert.match(off.reason, /^kafka-eks:security\.authentication = "none"/);
        const tls = await refused(kraft, { ...kraft, tls: false, caValidityDays: 0 });
        assert.equal(tls.property, "tls");
        assert.match(tls.reason, /^kafka-eks:security\.tls = false: the cluster was deployed with true; .*controller listener too/);
        assert.match((await refused(zk, { ...zk, tls: true, caValidityDays: 3650 })).reason, /^kafka-eks:security\.tls = true/);
    });

    it("refuses a CA lifetime change (a new CA)", async () => {
        const f = await refused(kraft, { ...kraft, caValidityDays: 7300 });
        assert.equal(f.property, "caValidityDays");
        assert.match(f.reason, /^kafka-eks:security\.certificates\.caValidityDays = 7300: the cluster was deployed with 3650; a new value replaces the cluster CA/);
    });

    it("refuses a change of a static quorum's size: KRaft controllers, combined nodes, ZooKeeper servers", async () => {
        const controllers = await refused(kraft, { ...kraft, voters: 5 });
        assert.equal(controllers.property, "voters");
        assert.match(controllers.reason, /^kafka-eks:kafka\.kraft\.controllers = 5: the cluster was deployed with 3; .*controller\.quorum\.voters.*KIP-853/);
        assert.match((await refused(combined, { ...combined, voters: 5 })).reason, /^kafka-eks:kafka\.brokers = 5: the cluster was deployed with 3; the KRaft quorum is static/);
        const ensemble = await refused(zk, { ...zk, zookeeperReplicas: 5 });
        assert.equal(ensemble.property, "zookeeperReplicas");
        assert.match(ensemble.reason, /^kafka-eks:zookeeper\.replicas = 5: the cluster was deployed with 3; the ensemble is static/);
    });

    it("KRaft: refuses a Kafka older than the one that formatted the metadata log; upgrades and their rollback pass", async () => {
        const first = await check({}, kraft);
        assert.equal(first.inputs.metadataFormat, "4.3", "the first deploy records the formatting release");
        const upgraded = await check(first.inputs, { ...kraft, version: "4.4.0" });
        assert.deepEqual(upgraded.failures, []);
        assert.equal(upgraded.inputs.metadataFormat, "4.3", "an upgrade does not raise metadata.version (nobody ran kafka-features.sh)");
        assert.deepEqual((await check(upgraded.inputs, { ...kraft, version: "4.3.0" })).failures, [], "rolling back to the formatting release works");
        const f = await refused(upgraded.inputs, { ...kraft, version: "4.2.1" });
        assert.equal(f.property, "version");
        assert.match(f.reason, /^kafka-eks:kafka\.version = "4\.2\.1": the cluster's metadata log was formatted by Kafka 4\.3 .*which Kafka 4\.2 cannot read.*keep kafka\.version at 4\.3 or later/);
        // A guard recorded by an older program (no version) takes the running version as the format.
        assert.equal((await check({ mode: "kraft", topology: "dedicated", namespace: "kafka" }, kraft)).inputs.metadataFormat, "4.3");
    });

    it("inter-broker password rotation: one step per deploy; a decrease or a jump would replace the password running brokers use", async () => {
        assert.deepEqual((await check(kraft, { ...kraft, interBrokerRotation: 1 })).failures, []);
        assert.deepEqual((await check({ ...kraft, interBrokerRotation: 1 }, { ...kraft, interBrokerRotation: 1 })).failures, []);
        const jump = await refused(kraft, { ...kraft, interBrokerRotation: 2 });
        assert.equal(jump.property, "interBrokerRotation");
        assert.match(jump.reason, /^kafka-eks:security\.rotation\.interBroker = 2: the cluster was deployed with 0; raise it by exactly one per pulumi up/);
        assert.match((await refused({ ...kraft, interBrokerRotation: 3 }, { ...kraft, interBrokerRotation: 2 })).reason, /^kafka-eks:security\.rotation\.interBroker = 2: the cluster was deployed with 3/);
        // Without SCRAM there is no password to protect.
        assert.deepEqual((await check(zk, { ...zk, interBrokerRotation: 5 })).failures, []);
        // The first deploy of this program on a cluster an older one deployed: no rotation yet.
        const legacy = { mode: "kraft", topology: "dedicated", namespace: "kafka" };
        assert.deepEqual((await check(legacy, kraft)).failures, []);
        assert.match((await refused(legacy, { ...kraft, interBrokerRotation: 1 })).reason, /^kafka-eks:security\.rotation\.interBroker = 1: the cluster was deployed by a version of this program without password rotation; deploy once with 0/);
    });

    it("refuses closing or opening ZooKeeper on a running cluster, naming Kafka's migration and the way to keep it as it is", async () => {
        const closed: LiveState = { ...zk, authentication: "scram-sha-512", zookeeperAuthentication: "sasl" };
        const open: LiveState = { ...closed, zookeeperAuthentication: "none" };
        const close = await refused(open, closed);
        assert.equal(close.property, "zookeeperAuthentication");
        assert.match(close.reason, /^kafka-eks:zookeeper\.authentication = "sasl": the cluster was deployed with "none"; its znodes were created without ACLs/);
        assert.match(close.reason, /zookeeper-security-migration\.sh --zookeeper\.acl=secure/);
        assert.match(close.reason, /setting zookeeper\.authentication to "none"/);
        const reopen = await refused(closed, open);
        assert.match(reopen.reason, /^kafka-eks:zookeeper\.authentication = "none": the cluster was deployed with "sasl"; .*could not read the SCRAM credentials under \/config\/users/);
        // A cluster deployed by a program that never closed ZooKeeper (no recorded field): its znodes are open.
        const { zookeeperAuthentication: _none, ...older } = open;
        assert.match((await refused(older, closed)).reason, /^kafka-eks:zookeeper\.authentication = "sasl": the cluster was deployed with "none"/);
        assert.deepEqual((await check(older, open)).failures, []);
        // Enabling SCRAM (refused on its own) moves the default along: one message, about authentication.
        assert.equal((await refused(zk, { ...closed })).property, "authentication");
        // New clusters choose freely; unchanged ones pass.
        assert.deepEqual((await check({}, closed)).failures, []);
        assert.deepEqual((await check(closed, { ...closed })).failures, []);
        const d = await layoutGuardProvider.diff!("kafka/zookeeper", open, closed);
        assert.deepEqual([d.changes, d.replaces], [true, []]);
        assert.equal((await layoutGuardProvider.create!(closed)).outs?.zookeeperAuthentication, "sasl");
    });

    it("changes a rolling restart survives pass: brokers up and down, resources, a ZooKeeper-mode patch version", async () => {
        assert.deepEqual((await check(kraft, { ...kraft, version: "4.3.2" })).failures, []);
        assert.deepEqual((await check(zk, { ...zk, version: "3.9.1" })).failures, []);
        assert.equal((await check(zk, zk)).inputs.metadataFormat, undefined);
    });

    it("a guard created by an older program (mode, topology, namespace only) accepts the new fields once", async () => {
        assert.deepEqual((await check({ mode: "kraft", topology: "dedicated", namespace: "kafka" }, kraft)).failures, []);
    });

    it("diff: a recorded change is an update, never a replacement", async () => {
        const d = await layoutGuardProvider.diff!("kafka/kraft", kraft, { ...kraft, version: "4.3.2" });
        assert.deepEqual([d.changes, d.replaces], [true, []]);
        assert.equal((await layoutGuardProvider.diff!("kafka/kraft", kraft, { ...kraft })).changes, false);
    });

    for (const [stack, expected] of [
        ["dev", { mode: "zookeeper", topology: "none", voters: 0, zookeeperReplicas: 3, version: "3.9.2", authentication: "none", tls: false, caValidityDays: 0, interBrokerRotation: 0, zookeeperAuthentication: "none" }],
        ["prod", { mode: "kraft", topology: "dedicated", voters: 3, zookeeperReplicas: 0, version: "4.3.1", authentication: "scram-sha-512", tls: true, caValidityDays: 3650, interBrokerRotation: 0, zookeeperAuthentication: "none" }],
    ] as const) {
        it(`${stack}: records what the cluster runs, and every object of the cluster waits for it`, async () => {
            const { resources } = await renderStack(stack);
            const guard = resources.find((r) => r.type === LAYOUT_GUARD_TYPE)!;
            for (const [k, v] of Object.entries(expected)) assert.deepEqual(guard.inputs[k], v, k);
            assert.equal(guard.inputs.configPrefix, "kafka-eks");
            assert.equal(guard.inputs.name, "kafka");
            const cluster = resources.find((r) => r.type === "kafka-eks:kafka:KafkaCluster")!;
            const children = resources.filter((r) => r.parent === cluster.urn && r.type.startsWith("kubernetes:"));
            assert.ok(children.length >= 8);
            for (const c of children) assert.ok(c.dependencies.includes(guard.urn), `${c.urn} does not wait for the layout guard`);
        });
    }

    it("KRaft combined: the voter count recorded is the node count", async () => {
        // Without the dedicated-controller keys, which config/applicability refuses with combined nodes.
        const { controllerStorageGiB: _storage, ...prodKafka } = stackSection("prod", "kafka") as Record<string, unknown>;
        const kafka = { ...prodKafka, kraft: { topology: "combined" }, brokers: 5 };
        const { resources } = await renderStack("prod", { kafka });
        const guard = resources.find((r) => r.type === LAYOUT_GUARD_TYPE)!;
        assert.deepEqual([guard.inputs.topology, guard.inputs.voters], ["combined", 5]);
    });
});
