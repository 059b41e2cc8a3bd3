/** Retention has a byte bound and the topics fit one broker's volume (config rule and budget arithmetic). */
import { strict as assert } from "assert";
import { ConfigError, parseStackConfig } from "../../components/config";
import { diskBudgetRules } from "../../components/config/disk-budget";
import { diskBudget, DISK_BUDGET_PERCENT } from "../../components/kafka/durability";
import { smokeTopic } from "../../components/kafka/smoke-test/spec";
import { stackSections } from "../harness";

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

type Sections = Record<string, Record<string, unknown> & { topics?: unknown }>;

function problemsFor(stack: string, patch: (c: Sections) => void): string[] {
    const c = structuredClone(stackSections(stack)) as Sections;
    patch(c);
    try {
        parseStackConfig(c, "kafka-eks", { awsRegion: "eu-west-1" });
        return [];
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems.map((p) => `${p.key} = ${JSON.stringify(p.value)}: ${p.message}`);
    }
}

const topicsOf = (c: Sections) => c.topics as unknown as Array<{ name: string; partitions: number; config?: Record<string, unknown> }>;

describe("disk budget (config)", () => {
    for (const stack of ["dev", "prod"]) {
        it(`Pulumi.${stack}.yaml fits: every topic bounded, under ${DISK_BUDGET_PERCENT}% of kafka.storageGiB`, () => assert.deepEqual(problemsFor(stack, () => {}), []));
    }

    // Fails on f28d4f9: retention was time-only and nothing compared it with the volume.
    it("rejects topics that can retain more than 70% of a broker's volume, naming kafka.storageGiB, the sizes and the fix", () => {
        const found = problemsFor("prod", (c) => {
            topicsOf(c)[0].config = { ...topicsOf(c)[0].config, "retention.bytes": 32 * GiB };
        });
        assert.deepEqual(found, [
            "kafka-eks:kafka.storageGiB = 500: one broker may have to hold 465.8 GiB, over 70% of kafka.storageGiB (350 GiB of 500 GiB): it can get a replica of every partition, each up to retention.bytes + one segment " +
                "(orders 12 × 33 GiB = 396 GiB, events 6 × 9 GiB = 54 GiB, __consumer_offsets 50 × 100 MiB = 4.9 GiB, __transaction_state 50 × 100 MiB = 4.9 GiB, +3 more); " +
                "lower topics[].config.retention.bytes (or segment.bytes), or raise kafka.storageGiB to at least 666",
        ]);
    });

    // Fails on f28d4f9: a topic bounded by time only was accepted.
    it("requires retention.bytes on every topic, suggesting a value that fits", () => {
        const add = (c: Sections) => topicsOf(c).push({ name: "audit", partitions: 6 });
        const [problem, ...rest] = problemsFor("prod", add);
        assert.deepEqual(rest, []);
        const m = /^kafka-eks:topics\[2\]\.config\.retention\.bytes = undefined: topic audit has no byte bound: retention\.bytes is not set \(Kafka's default -1 bounds the topic by time only\), so writes can fill every broker's disk before time retention deletes anything; set it, e\.g\. to (\d+) \(.*, an equal share of what is left under 70% of kafka\.storageGiB \(350 GiB of 500 GiB\)\)$/.exec(problem);
        assert.ok(m, problem);
        // The suggestion is accepted, and uses up the room: twice as much is not.
        const suggested = Number(m[1]);
        assert.deepEqual(problemsFor("prod", (c) => topicsOf(c).push({ name: "audit", partitions: 6, config: { "retention.bytes": suggested } })), []);
        assert.ok(problemsFor("prod", (c) => topicsOf(c).push({ name: "audit", partitions: 6, config: { "retention.bytes": 2 * suggested } })).some((p) => p.startsWith("kafka-eks:kafka.storageGiB = 500: one broker may have to hold")));
    });

    it("rejects retention.bytes -1 and an empty cleanup.policy; accepts a broker-wide log.retention.bytes", () => {
        const found = problemsFor("dev", (c) => {
            topicsOf(c)[0].config = { "retention.bytes": -1 };
            topicsOf(c)[1].config = { "retention.bytes": 1024, "cleanup.policy": "" };
        });
        assert.ok(found.some((p) => p.startsWith("kafka-eks:topics[0].config.retention.bytes = -1: topic orders has no byte bound: retention.bytes is -1 (no byte bound")), found.join("\n"));
        assert.ok(found.some((p) => p.startsWith('kafka-eks:topics[1].config.cleanup.policy = "": topic events has no byte bound: cleanup.policy is empty: Kafka never deletes')), found.join("\n"));
        const viaBroker = problemsFor("dev", (c) => {
            c.kafka.config = { "log.retention.bytes": 128 * MiB, "log.segment.bytes": 32 * MiB };
            c.topics = [{ name: "orders", partitions: 6 }] as unknown as Sections[string];
        });
        assert.deepEqual(viaBroker, []);
    });

    it("the smoke topic is bounded and counted; the budget does not depend on the replication factor", () => {
        const smoke = smokeTopic("kafka", 3, 2);
        const budget = (topics: Parameters<typeof diskBudget>[0]["topics"]) => diskBudget({ mode: "zookeeper", storageBytes: 20 * GiB, broker: {}, topics });
        const withSmoke = budget([smoke]);
        assert.deepEqual(withSmoke.unbounded, []);
        assert.equal(withSmoke.logs.find((l) => l.name === "kafka-smoke")!.perPartitionBytes, 40 * MiB);
        // A broker holds at most one replica of each partition, and may hold one of every partition.
        assert.equal(budget([{ name: "t", partitions: 6, config: { "retention.bytes": 100 * MiB, "segment.bytes": 10 * MiB } }]).worstCaseBytes - budget([]).worstCaseBytes, 6 * 110 * MiB);
    });

    it("counts internal topics per mode: compacted ones at one segment a partition, the KRaft metadata log at retention + segment", () => {
        const names = (mode: "zookeeper" | "kraft") => diskBudget({ mode, storageBytes: GiB, broker: {}, topics: [] }).logs.map((l) => `${l.name} ${l.partitions}×${l.perPartitionBytes / MiB}`);
        assert.deepEqual(names("zookeeper"), ["__consumer_offsets 50×100", "__transaction_state 50×100"]);
        assert.deepEqual(names("kraft"), ["__consumer_offsets 50×100", "__transaction_state 50×100", "__share_group_state 50×100", "__cluster_metadata 1×1124"]);
        // Broker overrides of the internal topics' layout are followed; a compact,delete user topic counts like a deleting one.
        const tuned = diskBudget({ mode: "zookeeper", storageBytes: GiB, broker: { "offsets.topic.num.partitions": 10, "offsets.topic.segment.bytes": "1048576" }, topics: [{ name: "state", partitions: 4, config: { "cleanup.policy": "compact,delete", "retention.bytes": 8 * MiB, "segment.bytes": 2 * MiB, "max.message.bytes": MiB } }] });
        assert.deepEqual(tuned.logs.map((l) => [l.name, l.partitions, l.perPartitionBytes]), [["__consumer_offsets", 10, MiB], ["__transaction_state", 50, 100 * MiB], ["state", 4, 10 * MiB]]);
    });

    /** The config rule alone, for a KRaft cluster of `storageGiB` (no smoke topic). */
    function ruleProblems(storageGiB: number, topics: Array<{ name: string; partitions: number; config: Record<string, string | number | boolean> }>, config: Record<string, string | number> = {}): string[] {
        const found: string[] = [];
        diskBudgetRules(
            { kafka: { name: "kafka", mode: "kraft", storageGiB, replicationFactor: 3, minInsyncReplicas: 2, config }, topics, smokeTest: { enabled: false } },
            (path, message) => found.push(`${path.join(".")}: ${message}`),
        );
        return found;
    }

    // Fails on 6d53f92: the partition term was retention.bytes + segment.bytes = 3 MiB, 6000 × 3 MiB fit.
    it("counts a segment as at least one batch: 10 MiB batches (the program's message.max.bytes) into 1 MiB segments", () => {
        const small = (config: Record<string, string | number> = {}) => [{ name: "many", partitions: 6000, config: { "retention.bytes": 2 * MiB, "segment.bytes": MiB, ...config } }];
        const [problem, ...rest] = ruleProblems(100, small());
        assert.deepEqual(rest, []);
        assert.match(problem, /^kafka\.storageGiB: one broker may have to hold 86\.1 GiB, over 70% of kafka\.storageGiB \(70 GiB of 100 GiB\): .*many 6000 × 12 MiB = 70\.3 GiB/);
        // A topic that caps its batches at its segment size (or brokers that do) fits again.
        assert.deepEqual(ruleProblems(100, small({ "max.message.bytes": MiB })), []);
        assert.deepEqual(ruleProblems(100, small(), { "message.max.bytes": MiB }), []);
    });

    // Fails on 6d53f92: a plain compacted topic counted one segment a partition and was accepted.
    it("rejects cleanup.policy=compact without delete (no byte bound), naming the key and the fix; accepts compact,delete with retention.bytes", () => {
        assert.deepEqual(ruleProblems(100, [{ name: "state", partitions: 4, config: { "cleanup.policy": "compact", "segment.bytes": 2 * MiB } }]), [
            'topics.0.config.cleanup.policy: topic state has no byte bound: cleanup.policy is "compact": a compacted topic keeps the latest record of every key, so its size follows the keys, not configuration, ' +
                'so writes can fill every broker\'s disk; set it to "compact,delete" and set retention.bytes (compaction then works within a byte bound)',
        ]);
        assert.match(ruleProblems(100, [{ name: "state", partitions: 4, config: { "cleanup.policy": "compact,delete" } }])[0], /^topics\.0\.config\.retention\.bytes: topic state has no byte bound/);
        assert.deepEqual(ruleProblems(100, [{ name: "state", partitions: 4, config: { "cleanup.policy": "compact,delete", "retention.bytes": GiB } }]), []);
    });
});
