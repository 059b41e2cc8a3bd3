/**
 * The partition-shrink rule of the one guard per KafkaTopics. A dynamic provider's check/diff
 * never run under Pulumi's mock runtime (the engine, absent there, calls them), so the rule is
 * tested as pure functions and through the provider object the guard serialises.
 */
import * as assert from "assert";
import { partitionGuardProvider } from "../../../components/kafka/topics/guard";
import { AppliedTopic, PartitionGuardState, partitionGuardCheck, partitionGuardDiff } from "../../../components/kafka/topics/shrink";

const applied: PartitionGuardState = {
    topics: {
        orders: { partitions: 6, configKey: "kafka-eks:topics[0]" },
        events: { partitions: 3, configKey: "kafka-eks:topics[1]" },
        audit: { partitions: 12, configKey: "kafka-eks:topics[2]" },
    },
};
/** The applied state with some topics' declarations changed (undefined removes the topic). */
const declare = (over: Record<string, Partial<AppliedTopic> | undefined>): PartitionGuardState => {
    const topics: Record<string, AppliedTopic> = {};
    for (const name of new Set([...Object.keys(applied.topics), ...Object.keys(over)])) {
        if (name in over && over[name] === undefined) continue;
        topics[name] = { ...applied.topics[name], ...over[name] } as AppliedTopic;
    }
    return { topics };
};
const SHRINK_ORDERS =
    "kafka-eks:topics[0].partitions = 4: topic orders has 6 partitions; Kafka cannot reduce partitions; declare 6 or more " +
    "(to start over with fewer, delete the topic from Kafka and from the stack config first)";

describe("partition shrink rule (one guard for all topics)", () => {
    it("rejects fewer partitions than last applied for one topic among many, naming that topic and its config key only", () => {
        assert.deepStrictEqual(partitionGuardCheck(applied, declare({ orders: { partitions: 4 } })), [{ property: "topics", reason: SHRINK_ORDERS }]);
    });

    it("names every topic that shrinks", () => {
        const reasons = partitionGuardCheck(applied, declare({ orders: { partitions: 4 }, audit: { partitions: 11 } })).map((f) => f.reason);
        assert.deepStrictEqual(reasons, [SHRINK_ORDERS, `kafka-eks:topics[2].partitions = 11: topic audit has 12 partitions; Kafka cannot reduce partitions; declare 12 or more (to start over with fewer, delete the topic from Kafka and from the stack config first)`]);
    });

    it("names the current position of the topic when the list was reordered", () => {
        const [f] = partitionGuardCheck(applied, declare({ orders: { partitions: 5, configKey: "kafka-eks:topics[3]" } }));
        assert.match(f.reason, /^kafka-eks:topics\[3\]\.partitions = 5: topic orders has 6/);
    });

    it("accepts the same or more partitions, and anything on first create", () => {
        assert.deepStrictEqual(partitionGuardCheck(applied, applied), []);
        assert.deepStrictEqual(partitionGuardCheck(applied, declare({ orders: { partitions: 12 }, events: { partitions: 4 } })), []);
        assert.deepStrictEqual(partitionGuardCheck({}, declare({ orders: { partitions: 1 } })), []);
    });

    it("accepts a new topic with any count and forgets a removed one", () => {
        assert.deepStrictEqual(partitionGuardCheck(applied, declare({ payments: { partitions: 1, configKey: "kafka-eks:topics[3]" } })), []);
        const withoutOrders = declare({ orders: undefined });
        assert.deepStrictEqual(partitionGuardCheck(applied, withoutOrders), []);
        // Declared again after its removal was recorded: nothing to compare with, so accepted (apply-topic.sh checks the live topic).
        assert.deepStrictEqual(partitionGuardCheck(withoutOrders, declare({ orders: { partitions: 1 } })), []);
    });

    it("reads olds in the previous release's per-topic shape ({topic, partitions, configKey}) as no record, without a crash", async () => {
        // The engine hands a new URN empty olds; this is the case where state of the old shape reached the guard anyway.
        const perTopic = { topic: "orders", partitions: 6, configKey: "kafka-eks:topics[0]" } as unknown as PartitionGuardState;
        assert.deepStrictEqual((await partitionGuardProvider.check!(perTopic, declare({ orders: { partitions: 1 } }))).failures, []);
        assert.deepStrictEqual(await partitionGuardProvider.diff!("orders", perTopic, applied), { changes: true, replaces: [] });
    });

    it("rejects a non-positive count, naming the topic's key", () => {
        const [f] = partitionGuardCheck({}, declare({ events: { partitions: 0 } }));
        assert.deepStrictEqual(f, { property: "topics", reason: "kafka-eks:topics[1].partitions = 0: must be a positive integer" });
    });

    it("diffs only on the topics and their partitions; a moved config key is no change", () => {
        assert.deepStrictEqual(partitionGuardDiff(applied, declare({ orders: { configKey: "kafka-eks:topics[2]" } })), { changes: false, replaces: [] });
        assert.deepStrictEqual(partitionGuardDiff(applied, declare({ orders: { partitions: 8 } })), { changes: true, replaces: [] });
        assert.deepStrictEqual(partitionGuardDiff(applied, declare({ orders: undefined })), { changes: true, replaces: [] });
        assert.deepStrictEqual(partitionGuardDiff(applied, declare({ payments: { partitions: 6, configKey: "k" } })), { changes: true, replaces: [] });
        assert.deepStrictEqual(partitionGuardDiff({}, applied), { changes: true, replaces: [] });
    });

    it("is what the dynamic provider's check returns to the engine; create and update record the declared topics", async () => {
        const r = await partitionGuardProvider.check!(applied, declare({ events: { partitions: 2 } }));
        assert.deepStrictEqual(r.inputs, declare({ events: { partitions: 2 } }));
        assert.strictEqual(r.failures!.length, 1);
        assert.match(r.failures![0].reason, /^kafka-eks:topics\[1\]\.partitions = 2: topic events has 3 partitions; Kafka cannot reduce partitions; declare 3 or more/);
        assert.deepStrictEqual((await partitionGuardProvider.check!(applied, declare({ events: { partitions: 9 } }))).failures, []);
        assert.deepStrictEqual((await partitionGuardProvider.create(applied)).outs, applied);
        const next = declare({ orders: undefined, events: { partitions: 9, configKey: "k" } });
        assert.deepStrictEqual((await partitionGuardProvider.update!("topic-partitions", applied, next)).outs, next);
    });

    it("keeps a topic named __proto__ as a key of its own", async () => {
        const odd: PartitionGuardState = { topics: JSON.parse('{"__proto__": {"partitions": 4, "configKey": "kafka-eks:topics[0]"}}') };
        const outs = (await partitionGuardProvider.create(odd)).outs as PartitionGuardState;
        assert.deepStrictEqual(Object.keys(outs.topics), ["__proto__"]);
        assert.strictEqual(partitionGuardCheck(outs, { topics: JSON.parse('{"__proto__": {"partitions": 2, "configKey": "kafka-eks:topics[0]"}}') }).length, 1);
    });
});
