import { strict as assert } from "assert";
import { ConfigError, parseStackConfig } from "../../components/config";
import { stackSections } from "../harness";

const NS = "kafka-eks";


/** dev config with `patch` applied to one section. */
function withSection(section: string, patch: (v: Record<string, unknown>) => unknown, stack = "dev"): Record<string, unknown> {
    const all = structuredClone(stackSections(stack));
    all[section] = patch((all[section] ?? {}) as Record<string, unknown>);
    return all;
}

function problems(raw: Record<string, unknown>): string[] {
    try {
        parseStackConfig(raw, NS, { awsRegion: "eu-west-1" });
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
        return e.problems.map((p) => `${p.key} = ${JSON.stringify(p.value)}: ${p.message}`);
    }
    return [];
}

function rejects(raw: Record<string, unknown>, key: string, messagePart: string): void {
    const found = problems(raw);
    assert.ok(
        found.some((p) => p.startsWith(`${NS}:${key} =`) && p.includes(messagePart)),
        `expected a problem for ${key} mentioning "${messagePart}", got:\n${found.join("\n")}`,
    );
}

describe("stack config schema", () => {
    for (const stack of ["dev", "prod"]) {
        it(`accepts Pulumi.${stack}.yaml`, () => assert.deepEqual(problems(stackSections(stack)), []));
    }

    it("resolves the Kafka version from the mode and topic RF from the cluster default", () => {
        const dev = parseStackConfig(stackSections("dev"), NS, { awsRegion: "eu-west-1" });
        const prod = parseStackConfig(stackSections("prod"), NS, { awsRegion: "eu-west-1" });
        assert.equal(dev.kafka.version, "3.9.2");
        assert.equal(prod.kafka.version, "4.3.1");
        assert.equal(prod.topics.find((t) => t.name === "events")!.replicationFactor, 3);
    });

    it("dev and prod differ where they should", () => {
        const dev = parseStackConfig(stackSections("dev"), NS, { awsRegion: "eu-west-1" });
        const prod = parseStackConfig(stackSections("prod"), NS, { awsRegion: "eu-west-1" });
        assert.equal(dev.kafka.mode, "zookeeper");
        assert.equal(prod.kafka.mode, "kraft");
        assert.equal(prod.storage.reclaimPolicy, "Retain");
        assert.equal(dev.storage.reclaimPolicy, "Delete");
        assert.ok(prod.platform.mode === "eks" && prod.platform.vpc.natGateways === "perZone" && prod.platform.protect);
        assert.ok(prod.platform.mode === "eks" && !prod.platform.endpoint.publicAccessCidrs.includes("0.0.0.0/0"));
    });

    it("rejects an even ZooKeeper ensemble with the documented message", () => {
        const found = problems(withSection("zookeeper", (z) => ({ ...z, replicas: 4 })));
        assert.ok(found.includes(`${NS}:zookeeper.replicas = 4: must be odd (quorum needs 2F+1)`), found.join("\n"));
    });

    it("rejects an even KRaft controller count", () => rejects(withSection("kafka", (k) => ({ ...k, mode: "kraft", version: undefined, kraft: { controllers: 2 } })), "kafka.kraft.controllers", "must be odd"));
    it("rejects an even broker count with combined KRaft nodes (all vote)", () =>
        rejects(withSection("kafka", (k) => ({ ...k, mode: "kraft", version: undefined, brokers: 4, kraft: { topology: "combined" } }), "prod"), "kafka.brokers", "must be odd with kafka.kraft.topology combined"));
    it("accepts an even broker count with dedicated controllers", () =>
        assert.deepEqual(problems(withSection("kafka", (k) => ({ ...k, brokers: 4 }), "prod")), []));
    it("rejects a Kubernetes version KEDA does not support when it installs KEDA", () =>
        rejects(withSection("platform", (p) => ({ ...p, kubernetesVersion: "1.32" })), "platform.kubernetesVersion", "supports Kubernetes 1.33-1.35"));
    it("accepts that version when KEDA is installed elsewhere", () => {
        const raw = withSection("platform", (p) => ({ ...p, kubernetesVersion: "1.32" }));
        raw.autoscaling = { ...(raw.autoscaling as object), keda: { install: false } };
        assert.deepEqual(problems(raw).filter((p) => p.includes("KEDA")), []);
    });
    it("rejects cluster RF 1", () => rejects(withSection("kafka", (k) => ({ ...k, replicationFactor: 1 })), "kafka.replicationFactor", "at least 2"));
    it("rejects cluster RF above the broker count", () => rejects(withSection("kafka", (k) => ({ ...k, replicationFactor: 4 })), "kafka.replicationFactor", "at most kafka.brokers (3)"));
    it("rejects min ISR >= RF", () => rejects(withSection("kafka", (k) => ({ ...k, minInsyncReplicas: 2 })), "kafka.minInsyncReplicas", "below kafka.replicationFactor (2)"));
    it("rejects a topic with RF 1", () => rejects(withSection("topics", () => [{ name: "t", partitions: 1, replicationFactor: 1 }]), "topics[0].replicationFactor", "at least 2"));
    it("rejects a topic RF above the broker count", () => rejects(withSection("topics", () => [{ name: "t", partitions: 1, replicationFactor: 5 }]), "topics[0].replicationFactor", "at most kafka.brokers (3)"));
    it("rejects a topic min.insync.replicas >= its RF", () =>
        rejects(withSection("topics", () => [{ name: "t", partitions: 1, replicationFactor: 2, config: { "min.insync.replicas": 2 } }]), "topics[0].config.min.insync.replicas", "must be below the topic's replication factor (2)"));
    it("rejects duplicate topics", () => rejects(withSection("topics", () => [{ name: "t", partitions: 1 }, { name: "t", partitions: 2 }]), "topics[1].name", "declared twice"));
    it("rejects Kafka 4 in ZooKeeper mode", () => rejects(withSection("kafka", (k) => ({ ...k, version: "4.1.0" })), "kafka.version", "3.9.x in ZooKeeper mode"));
    it("rejects Kafka 3.9 in KRaft mode", () => rejects(withSection("kafka", (k) => ({ ...k, mode: "kraft", version: "3.9.2" }), "prod"), "kafka.version", "4.x or later"));
    it("rejects a heap above 75% of the memory", () => rejects(withSection("kafka", (k) => ({ ...k, resources: { memoryMiB: 2048, heapMiB: 2000 } })), "kafka.resources.heapMiB", "at most 75%"));
    it("rejects fewer than 3 availability zones", () => rejects(withSection("platform", (p) => ({ ...p, availabilityZones: 2 })), "platform.availabilityZones", "at least 3"));
    it("rejects a public endpoint without allowed CIDRs", () =>
        rejects(withSection("platform", (p) => ({ ...p, endpoint: { publicAccess: true } })), "platform.endpoint.publicAccessCidrs", "must list the CIDRs"));
    it("accepts a private-only endpoint without CIDRs", () => assert.deepEqual(problems(withSection("platform", (p) => ({ ...p, endpoint: { publicAccess: false } }))), []));
    it("rejects a non-EBS provisioner on EKS", () => rejects(withSection("storage", (s) => ({ ...s, provisioner: "rancher.io/local-path" })), "storage.provisioner", "must be ebs.csi.aws.com"));
    it("rejects node group sizes out of order", () =>
        rejects(withSection("platform", (p) => ({ ...p, nodeGroups: [{ name: "a", minSize: 3, desiredSize: 2, maxSize: 4 }] })), "platform.nodeGroups[0].desiredSize", "minSize (3) <= desiredSize"));
    it("rejects a misspelt key, naming it", () => rejects(withSection("kafka", (k) => ({ ...k, broker: 3 })), "kafka.broker", "unknown key"));
    it("rejects an unknown section, listing the known ones", () => rejects({ ...stackSections("dev"), zookeper: { replicas: 3 } }, "zookeper", "allowed: platform, storage"));
    it("rejects an unknown platform mode", () => rejects(withSection("platform", () => ({ mode: "gke" })), "platform.mode", "mode"));
    it("requires kafka.mode", () => rejects(withSection("kafka", (k) => ({ ...k, mode: undefined })), "kafka.mode", "is required"));
    it("accepts an existing cluster with another provisioner", () =>
        assert.deepEqual(problems({ ...stackSections("dev"), platform: { mode: "existing", context: "kind-kafka" }, storage: { provisioner: "rancher.io/local-path" } }), []));

    it("lists every problem at once", () => {
        const raw = withSection("zookeeper", (z) => ({ ...z, replicas: 4 }));
        (raw.kafka as Record<string, unknown>).replicationFactor = 1;
        const found = problems(raw);
        assert.ok(found.some((p) => p.startsWith(`${NS}:zookeeper.replicas = 4`)), found.join("\n"));
        assert.ok(found.some((p) => p.startsWith(`${NS}:kafka.replicationFactor = 1`)), found.join("\n"));
    });

    it("requires aws:region in eks mode", () => {
        assert.throws(() => parseStackConfig(stackSections("dev"), NS, {}), /aws:region = \(not set\): is required when platform.mode is eks/);
    });
});
