import { strict as assert } from "assert";
import { ConfigError, isrAfterZoneLoss, parseStackConfig, quorumAfterZoneLoss, worstZoneShare } from "../../components/config";
import { stackSections } from "../harness";
import { NS, problemsOf } from "./problems";


function problemsFor(stack: string, patch: (c: Record<string, Record<string, unknown>>) => void): string[] {
    const c = structuredClone(stackSections(stack)) as Record<string, Record<string, unknown>>;
    patch(c);
    try {
        parseStackConfig(c, "kafka-eks", { awsRegion: "eu-west-1" });
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError);
        return e.problems.map((p) => `${p.key}: ${p.message}`);
    }
}

describe("zone-loss tolerance", () => {
    it("counts the worst zone's share of a maxSkew-1 spread", () => {
        assert.equal(worstZoneShare(3, 3), 1);
        assert.equal(worstZoneShare(5, 3), 2);
        assert.equal(worstZoneShare(6, 3), 2);
        assert.equal(worstZoneShare(2, 3), 1);
    });

    it("keeps a 3- or 5-voter quorum over 3 zones, not a single voter", () => {
        assert.deepEqual(quorumAfterZoneLoss(3, 3), { left: 2, needed: 2, ok: true });
        assert.deepEqual(quorumAfterZoneLoss(5, 3), { left: 3, needed: 3, ok: true });
        assert.deepEqual(quorumAfterZoneLoss(1, 3), { left: 0, needed: 1, ok: false });
    });

    it("keeps min ISR 2 of RF 3 over 3 zones, not min ISR 3 of RF 4", () => {
        assert.deepEqual(isrAfterZoneLoss(3, 2, 3), { left: 2, ok: true });
        assert.deepEqual(isrAfterZoneLoss(4, 3, 3), { left: 2, ok: false });
    });

    for (const stack of ["dev", "prod"]) it(`${stack} survives any single zone loss`, () => assert.deepEqual(problemsFor(stack, () => {}), []));

    it("rejects a single KRaft controller", () => {
        const found = problemsFor("prod", (c) => (c.kafka.kraft = { controllers: 1 }));
        assert.ok(found.some((p) => p.startsWith("kafka-eks:kafka.kraft.controllers: KRaft controller quorum: losing one of 3 zones leaves 0 of 1")), found.join("\n"));
    });

    it("rejects a single ZooKeeper server", () => {
        const found = problemsFor("dev", (c) => (c.zookeeper.replicas = 1));
        assert.ok(found.some((p) => p.startsWith("kafka-eks:zookeeper.replicas: ZooKeeper ensemble: losing one of 3 zones")), found.join("\n"));
    });

    it("rejects a topic whose min.insync.replicas a zone loss would break", () => {
        const found = problemsFor("prod", (c) => {
            c.kafka.brokers = 4;
            c.topics = [{ name: "audit", partitions: 3, replicationFactor: 4, config: { "min.insync.replicas": 3 } }] as unknown as Record<string, unknown>;
        });
        assert.ok(found.some((p) => p.startsWith("kafka-eks:topics[0].replicationFactor: topic audit: RF 4 keeps only 2 replica(s) after losing a zone, below min.insync.replicas 3")), found.join("\n"));
    });

    it("rejects 2 zones for an existing cluster under a required spread, accepts it when preferred", () => {
        const existing = (c: Record<string, Record<string, unknown>>) => {
            c.platform = { mode: "existing", availabilityZones: 2 };
            c.storage = { provisioner: "ebs.csi.aws.com" };
        };
        const found = problemsFor("dev", (c) => {
            existing(c);
            c.kafka.placement = { zones: "required" };
        });
        assert.ok(found.some((p) => p.startsWith("kafka-eks:platform.availabilityZones: must be at least 3 with kafka.placement.zones required")), found.join("\n"));
        assert.deepEqual(problemsFor("dev", (c) => {
            existing(c);
            c.kafka.placement = { zones: "preferred" };
        }), []);
        // Not stated: the spread defaults to preferred on a 2-zone existing cluster.
        assert.deepEqual(problemsFor("dev", existing), []);
    });
    it("a topic min.insync.replicas that is no whole number gets only its type error, no zone-loss line about NaN", () => {
        for (const v of ["abc", 1.5]) {
            const lines = problemsOf("prod", (c) => (c.topics[0].config = { ...c.topics[0].config, "min.insync.replicas": v }));
            assert.deepEqual(lines, [`${NS}:topics[0].config.min.insync.replicas = ${JSON.stringify(v)}: must be a 32-bit integer (Kafka type INT)`]);
        }
    });
});
