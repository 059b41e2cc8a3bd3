/**
 * The partition-shrink rule. A dynamic provider's check/diff never run under Pulumi's mock
 * runtime (the engine, absent there, calls them), so the rule is tested as pure functions and
 * through the provider object the guard serialises.
 */
import * as assert from "assert";
import { partitionGuardProvider } from "../../../components/kafka/topics/guard";
import { PartitionGuardState, partitionGuardCheck, partitionGuardDiff } from "../../../components/kafka/topics/shrink";

const applied: PartitionGuardState = { topic: "orders", partitions: 6, configKey: "kafka-eks:topics[0]" };
const declare = (partitions: number, over: Partial<PartitionGuardState> = {}): PartitionGuardState => ({ ...applied, partitions, ...over });

describe("partition shrink rule", () => {
    it("rejects fewer partitions than last applied, naming the config key", () => {
        assert.deepStrictEqual(partitionGuardCheck(applied, declare(4)), [
            {
                property: "partitions",
                reason:
                    "kafka-eks:topics[0].partitions = 4: topic orders has 6 partitions; Kafka cannot reduce partitions; declare 6 or more " +
                    "(to start over with fewer, delete the topic from Kafka and from the stack config first)",
            },
        ]);
    });

    it("names the current position of the topic when the list was reordered", () => {
        const [f] = partitionGuardCheck(applied, declare(5, { configKey: "kafka-eks:topics[3]" }));
        assert.match(f.reason, /^kafka-eks:topics\[3\]\.partitions = 5: /);
    });

    it("accepts the same or more partitions, and anything on first create", () => {
        assert.deepStrictEqual(partitionGuardCheck(applied, declare(6)), []);
        assert.deepStrictEqual(partitionGuardCheck(applied, declare(12)), []);
        assert.deepStrictEqual(partitionGuardCheck({}, declare(1)), []);
    });

    it("rejects a non-positive count", () => {
        assert.match(partitionGuardCheck({}, declare(0))[0].reason, /must be a positive integer/);
    });

    it("diffs only on topic and partitions; a new topic name replaces", () => {
        assert.deepStrictEqual(partitionGuardDiff(applied, declare(6, { configKey: "kafka-eks:topics[2]" })), { changes: false, replaces: [] });
        assert.deepStrictEqual(partitionGuardDiff(applied, declare(8)), { changes: true, replaces: [] });
        assert.deepStrictEqual(partitionGuardDiff(applied, declare(6, { topic: "orders2" })), { changes: true, replaces: ["topic"] });
    });

    it("is what the dynamic provider's check returns to the engine", async () => {
        const r = await partitionGuardProvider.check!(applied, declare(3));
        assert.deepStrictEqual(r.inputs, declare(3));
        assert.strictEqual(r.failures!.length, 1);
        assert.match(r.failures![0].reason, /topic orders has 6 partitions; Kafka cannot reduce partitions; declare 6 or more/);
        assert.deepStrictEqual((await partitionGuardProvider.check!(applied, declare(9))).failures, []);
        assert.deepStrictEqual((await partitionGuardProvider.create(declare(6))).outs, applied);
        assert.deepStrictEqual((await partitionGuardProvider.update!("orders", applied, declare(9, { configKey: "k" }))).outs, declare(9, { configKey: "k" }));
    });
});
