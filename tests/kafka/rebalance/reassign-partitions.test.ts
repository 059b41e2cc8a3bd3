/**
 * reassign-partitions.sh (the rebalance Jobs) against the simulated cluster behind the stub
 * kafka-reassign-partitions.sh, kafka-topics.sh and the Kubernetes API. Drain (scale-down): every
 * replica leaves the brokers being removed before the StatefulSet may shrink, throttled, rack-aware;
 * a reassignment that does not complete fails naming its partitions and leaves the brokers in place.
 * Spread (scale-up): partitions move onto the new, empty brokers once they are Ready.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { REASSIGN_PARTITIONS_SCRIPT_PATH } from "../../../components/kafka/rebalance/script";
import { removeStubDirs, StubKafkaVersion } from "../stubs/cluster";
import { SimPartition, SimulatedCluster } from "../stubs/simulated-cluster";
import { runAgainst } from "../roller/run-roller";

const THROTTLE = 10485760;
const POLLS = 12;

function args(mode: "drain" | "spread", brokers: number): string[] {
    return ["--mode", mode, "--brokers", String(brokers), "--statefulset", "kafka-broker", "--namespace", "kafka", "--throttle", String(THROTTLE), "--poll-seconds", "0", "--max-polls", String(POLLS)];
}

function cluster(brokers: number, partitions: SimPartition[], o: { stuck?: string[]; reassignTicks?: number; reassigning?: Record<string, number[]> } = {}): SimulatedCluster {
    return new SimulatedCluster({
        namespace: "kafka",
        pools: [{ statefulSet: "kafka-broker", role: "broker", replicas: brokers, nodeIdBase: 0 }],
        partitions,
        stuckReassignments: o.stuck,
        reassignTicks: o.reassignTicks,
        reassigning: o.reassigning,
    });
}

const run = (sim: SimulatedCluster, version: StubKafkaVersion, a: string[]) => runAgainst(REASSIGN_PARTITIONS_SCRIPT_PATH, sim, version, a);
const on = (sim: SimulatedCluster, ids: (id: number) => boolean) => Object.entries(sim.assignment()).filter(([, r]) => r.some(ids)).map(([tp]) => tp);
const racksOf = (sim: SimulatedCluster, replicas: number[]) => new Set(replicas.map((r) => sim.rackOf(r)));

after(removeStubDirs);

describe("reassign-partitions.sh (the rebalance Jobs) against a simulated cluster", function () {
    this.timeout(600_000);

    const fiveBrokers: SimPartition[] = [
        { topic: "orders", partition: 0, replicas: [3, 4, 0], minIsr: 2 },
        { topic: "orders", partition: 1, replicas: [4, 0, 1], minIsr: 2 },
        { topic: "orders", partition: 2, replicas: [0, 1, 2], minIsr: 2 },
        { topic: "events", partition: 0, replicas: [1, 2], minIsr: 1 },
        { topic: "__consumer_offsets", partition: 0, replicas: [2, 3, 4], minIsr: 2 },
    ];

    for (const version of ["3.9.2", "4.3.1"] as const) {
        it(`${version}: scale 5→3 moves every replica off brokers 3,4, throttled, before the StatefulSet shrinks`, async () => {
            const sim = cluster(5, fiveBrokers);
            const r = await run(sim, version, args("drain", 3));
            assert.equal(r.code, 0, r.stderr);
            assert.deepEqual(on(sim, (id) => id >= 3), [], JSON.stringify(sim.assignment()));
            sim.shrink("kafka-broker", 3);
            assert.deepEqual(sim.violations, []);
            assert.deepEqual(sim.throttles, [THROTTLE], "the configured throttle");
            assert.equal(sim.throttled, false, "--verify removed the throttle once done");
            // Only the topics with a replica on a removed broker; events stays where it was.
            assert.ok(sim.reassignments.every((m) => !m.startsWith("events-")), sim.reassignments.join("\n"));
            for (const [tp, replicas] of Object.entries(sim.assignment())) assert.equal(racksOf(sim, replicas).size, replicas.length, `${tp} on one replica per zone`);
            const generate = r.calls.find((c) => c[0] === "kafka-reassign-partitions.sh" && c.includes("--generate"))!;
            assert.equal(generate[generate.indexOf("--broker-list") + 1], "0,1,2");
            assert.ok(!generate.includes("--disable-rack-aware"));
            const execute = r.calls.find((c) => c.includes("--execute"))!;
            assert.equal(execute[execute.indexOf("--throttle") + 1], String(THROTTLE));
            assert.deepEqual(sim.deletions, [], "the script never stops a pod");
        });
    }

    it("a stuck reassignment fails naming the partitions still moving; nothing is removed and the brokers keep their data", async () => {
        const sim = cluster(5, fiveBrokers, { stuck: ["orders-1", "__consumer_offsets-0"] });
        const r = await run(sim, "4.3.1", args("drain", 3));
        assert.equal(r.code, 1, r.stderr);
        assert.match(r.stderr, /FAILED: draining brokers 3,4: reassignment not completed, still moving \(nothing is removed.*kafka-eks:kafka\.rebalance\.throttleBytesPerSecond.*\): __consumer_offsets-0 orders-1 \(after 12 checks/);
        assert.deepEqual(on(sim, (id) => id >= 3).sort(), ["__consumer_offsets-0", "orders-1"], "the stuck partitions still have their replicas on 3,4");
        assert.deepEqual(sim.deletions, []);
        assert.equal(sim.throttled, true, "the throttle stays while the reassignment goes on");
    });

    it("a partition with more replicas than the brokers left is refused before anything moves, named with its RF", async () => {
        const sim = cluster(4, [{ topic: "wide", partition: 0, replicas: [0, 1, 2, 3], minIsr: 2 }, { topic: "orders", partition: 0, replicas: [3, 0], minIsr: 1 }]);
        const r = await run(sim, "3.9.2", args("drain", 3));
        assert.equal(r.code, 3, r.stderr);
        assert.match(r.stderr, /FAILED: cannot remove brokers 3: these partitions have more replicas than the 3 brokers left: wide-0\(rf 4\); .*keep kafka-eks:kafka\.brokers at 4/);
        assert.deepEqual(sim.reassignments, []);
    });

    it("first deploy (no StatefulSet) and no scale-down: nothing to do, no Kafka tool called", async () => {
        for (const [sim, target] of [[new SimulatedCluster({ namespace: "kafka", pools: [], partitions: [] }), 3], [cluster(3, fiveBrokers.slice(2, 4)), 3], [cluster(3, fiveBrokers.slice(2, 4)), 5]] as const) {
            const r = await run(sim, "4.3.1", args("drain", target));
            assert.equal(r.code, 0, r.stderr);
            assert.deepEqual(r.calls, [], r.stderr);
        }
    });

    it("waits for a reassignment already in progress before planning (its replica list would inflate the RF)", async () => {
        // An operator's move of orders-2 from 0,1,2 to 0,1,3 is running when the Job starts.
        const sim = cluster(5, fiveBrokers, { reassignTicks: 10, reassigning: { "orders-2": [0, 1, 3] } });
        const r = await run(sim, "4.3.1", args("drain", 3));
        assert.equal(r.code, 0, r.stderr);
        assert.deepEqual(on(sim, (id) => id >= 3), []);
        const lists = r.calls.filter((c) => c.includes("--list")).length;
        assert.ok(lists >= 2, `polled --list until the running reassignment finished (${lists} calls)`);
        assert.ok(Object.values(sim.assignment()).every((rs) => rs.length <= 3), JSON.stringify(sim.assignment()));
    });

    it("property: drain never lets the StatefulSet shrink while a removed broker holds a replica, and fails loudly otherwise", async () => {
        const scenario = fc
            .record({
                brokers: fc.integer({ min: 4, max: 6 }),
                cut: fc.integer({ min: 1, max: 3 }),
                seeds: fc.array(fc.record({ first: fc.nat(100), rf: fc.integer({ min: 2, max: 3 }), stuck: fc.boolean() }), { minLength: 1, maxLength: 6 }),
                version: fc.constantFrom<StubKafkaVersion>("3.9.2", "4.3.1"),
            })
            .map(({ brokers, cut, seeds, version }) => {
                const target = Math.max(2, brokers - cut);
                const partitions = seeds.map(({ first, rf }, i) => ({ topic: `t${i % 3}`, partition: Math.floor(i / 3), replicas: Array.from({ length: rf }, (_, k) => (first + k) % brokers), minIsr: 1 }));
                // A topic's partitions are 0..n-1 (the tool re-places all of them).
                return { brokers, target, version, partitions, stuck: seeds.flatMap((s, i) => (s.stuck && i % 4 === 0 ? [`t${i % 3}-${Math.floor(i / 3)}`] : [])) };
            });
        await fc.assert(
            fc.asyncProperty(scenario, async (s) => {
                const sim = cluster(s.brokers, s.partitions, { stuck: s.stuck });
                const r = await run(sim, s.version, args("drain", s.target));
                const why = `${JSON.stringify(s)}\n${r.stderr}`;
                assert.deepEqual(sim.deletions, [], why);
                const tooWide = s.partitions.filter((p) => p.replicas.length > s.target && p.replicas.some((x) => x >= s.target));
                if (tooWide.length > 0) {
                    assert.equal(r.code, 3, why);
                    for (const p of tooWide) assert.ok(r.stderr.includes(`${p.topic}-${p.partition}(rf ${p.replicas.length})`), why);
                    assert.deepEqual(sim.reassignments, [], why);
                    return;
                }
                if (r.code === 0) {
                    sim.shrink("kafka-broker", s.target);
                    assert.deepEqual(sim.violations, [], why);
                    assert.equal(sim.throttled, false, why);
                } else {
                    assert.equal(r.code, 1, why);
                    const blocked = on(sim, (id) => id >= s.target);
                    assert.ok(blocked.length > 0 && blocked.every((tp) => s.stuck.includes(tp)), why);
                    for (const tp of blocked) assert.ok(new RegExp(`still moving .*: .*\\b${tp}\\b`).test(r.stderr), why);
                }
            }),
            { numRuns: 25, seed: 20261124 },
        );
    });

    it("property: spread after a scale-up leaves no new broker empty when there are enough replicas, one replica per zone, throttle removed", async () => {
        const scenario = fc.record({
            added: fc.integer({ min: 1, max: 3 }),
            topics: fc.array(fc.record({ partitions: fc.integer({ min: 1, max: 4 }), rf: fc.integer({ min: 2, max: 3 }), first: fc.nat(10) }), { minLength: 1, maxLength: 3 }),
            version: fc.constantFrom<StubKafkaVersion>("3.9.2", "4.3.1"),
        });
        await fc.assert(
            fc.asyncProperty(scenario, async (s) => {
                const brokers = 3 + s.added;
                const parts: SimPartition[] = s.topics.flatMap((t, i) => Array.from({ length: t.partitions }, (_, p) => ({ topic: `t${i}`, partition: p, replicas: Array.from({ length: t.rf }, (_, k) => (t.first + p + k) % 3), minIsr: 1 })));
                const sim = cluster(brokers, parts);
                const r = await run(sim, s.version, args("spread", brokers));
                const why = `${JSON.stringify(s)}\n${r.stderr}`;
                assert.equal(r.code, 0, why);
                const held = new Set(Object.values(sim.assignment()).flat());
                // The tool places a topic's partitions one leader per broker in turn: with at least as
                // many partitions of one topic as brokers, every broker gets one.
                if (s.topics.some((t) => t.partitions >= brokers)) for (let b = 0; b < brokers; b++) assert.ok(held.has(b), `broker ${b} empty: ${why}`);
                for (const [tp, replicas] of Object.entries(sim.assignment())) assert.equal(racksOf(sim, replicas).size, replicas.length, `${tp}: ${why}`);
                assert.equal(sim.throttled, false, why);
                assert.deepEqual(sim.deletions, []);
            }),
            { numRuns: 15, seed: 1124 },
        );
    });

    it("spread: scale 3→5 moves partitions onto the new brokers once they are Ready, rack-aware and throttled", async () => {
        const parts: SimPartition[] = [0, 1, 2, 3, 4, 5].map((p) => ({ topic: "orders", partition: p, replicas: [p % 3, (p + 1) % 3, (p + 2) % 3], minIsr: 2 }));
        const sim = cluster(5, parts);
        const r = await run(sim, "4.3.1", args("spread", 5));
        assert.equal(r.code, 0, r.stderr);
        const held = new Set(Object.values(sim.assignment()).flat());
        assert.ok(held.has(3) && held.has(4), JSON.stringify(sim.assignment()));
        for (const [tp, replicas] of Object.entries(sim.assignment())) assert.equal(racksOf(sim, replicas).size, 3, `${tp}: one replica per zone`);
        assert.deepEqual(sim.throttles, [THROTTLE]);
        assert.equal(sim.throttled, false);
        // Every broker holds replicas now: running the Job again moves nothing.
        const again = await run(sim, "4.3.1", args("spread", 5));
        assert.equal(again.code, 0, again.stderr);
        assert.match(again.stderr, /nothing to spread/);
    });
});
