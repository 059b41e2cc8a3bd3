/**
 * roll-nodes.sh against a simulated cluster (tests/kafka/stubs/simulated-cluster.ts) behind the
 * stub Kafka tools and a stub of the Kubernetes API: random placements, RF / min ISR combinations
 * and injected failures. Properties: the script never deletes a pod when that takes a partition
 * below min ISR, loses its last in-sync replica, or stops a node while another is catching up;
 * it finishes when the cluster is healthy; it fails loudly, naming what it waited for, otherwise.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { removeStubDirs, StubKafkaVersion } from "../stubs/cluster";
import { PoolRole, SimOptions, SimPartition, SimPool, SimulatedCluster } from "../stubs/simulated-cluster";
import { runRoller } from "./run-roller";

type Layout = "zookeeper" | "dedicated" | "combined";

interface Scenario {
    layout: Layout;
    brokers: number;
    partitions: { replicas: number[]; minIsr: number }[];
    restartTicks: number;
    catchUpTicks: number;
    fault: "none" | "stuck-broker" | "lagging-controller" | "behind-at-start";
    faultNode: number;
    /** Index of the active controller among the voters at the start. */
    activeController: number;
}

const VERSION: Record<Layout, StubKafkaVersion> = { zookeeper: "3.9.2", dedicated: "4.3.1", combined: "4.3.1" };
const POLLS = 15;

function pools(s: Scenario): SimPool[] {
    const broker = (role: PoolRole): SimPool => ({ statefulSet: "kafka-broker", role, replicas: s.brokers, nodeIdBase: 0 });
    if (s.layout === "zookeeper") return [broker("broker")];
    if (s.layout === "combined") return [broker("combined")];
    return [{ statefulSet: "kafka-controller", role: "controller", replicas: 3, nodeIdBase: 1000 }, broker("broker")];
}

function args(s: Scenario): string[] {
    return [
        "--namespace", "kafka",
        ...pools(s).flatMap((p) => ["--pool", `${p.statefulSet}:${p.nodeIdBase}:${p.role}`]),
        ...(s.layout === "zookeeper" ? [] : ["--kraft"]),
        "--poll-seconds", "0",
        "--max-polls", String(POLLS),
    ];
}

function simOptions(s: Scenario): SimOptions {
    const partitions: SimPartition[] = s.partitions.map((p, i) => ({ topic: `t${i % 2}`, partition: i, replicas: p.replicas, minIsr: p.minIsr }));
    const controllers = s.layout === "dedicated" ? [1000, 1001, 1002] : s.layout === "combined" ? Array.from({ length: s.brokers }, (_, i) => i) : [];
    const faultController = controllers[s.faultNode % Math.max(1, controllers.length)];
    return {
        namespace: "kafka",
        pools: pools(s),
        partitions,
        restartTicks: s.restartTicks,
        catchUpTicks: s.catchUpTicks,
        neverCatchUp: s.fault === "stuck-broker" ? [s.faultNode % s.brokers] : s.fault === "lagging-controller" && faultController !== undefined ? [faultController] : [],
        initiallyBehind: s.fault === "behind-at-start" ? { [s.faultNode % s.brokers]: 6 } : {},
        activeController: s.activeController,
    };
}

/** Random placements: 3-5 brokers, 1-6 partitions, RF 2..min(brokers, 4), min ISR 1..RF. */
const scenario: fc.Arbitrary<Scenario> = fc
    .record({
        layout: fc.constantFrom<Layout>("zookeeper", "dedicated", "combined"),
        brokers: fc.integer({ min: 3, max: 5 }),
        restartTicks: fc.integer({ min: 0, max: 3 }),
        catchUpTicks: fc.integer({ min: 0, max: 4 }),
        fault: fc.constantFrom<Scenario["fault"]>("none", "none", "stuck-broker", "lagging-controller", "behind-at-start"),
        faultNode: fc.nat(10),
        activeController: fc.nat(4),
        seeds: fc.array(fc.record({ first: fc.nat(100), rf: fc.integer({ min: 2, max: 4 }), minIsr: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 6 }),
    })
    .map(({ seeds, ...s }) => ({
        ...s,
        partitions: seeds.map(({ first, rf, minIsr }) => {
            const r = Math.min(rf, s.brokers);
            return { replicas: Array.from({ length: r }, (_, k) => (first + k) % s.brokers), minIsr: Math.min(minIsr, r) };
        }),
    }));

/** Whether a healthy roll is possible: every partition keeps min ISR with one replica down. */
function rollable(s: Scenario): boolean {
    return s.partitions.every((p) => p.replicas.length - 1 >= p.minIsr);
}

// Root-level, like every stub user: mocha runs it once, after every file (a describe-level hook
// would delete the stub directories other files still use).
after(removeStubDirs);

describe("roll-nodes.sh (the node roller) against a simulated cluster", function () {
    this.timeout(600_000);

    it("property: never below min ISR, never the last in-sync replica, never two nodes catching up at once", async () => {
        await fc.assert(
            fc.asyncProperty(scenario, async (s) => {
                const sim = new SimulatedCluster(simOptions(s));
                const r = await runRoller(sim, VERSION[s.layout], args(s));
                assert.deepStrictEqual(sim.violations, [], `${JSON.stringify(s)}\n${r.stderr}`);
                if (r.code === 0) assert.ok(sim.healthy(), `exit 0 but the cluster is not rolled and in sync\n${r.stderr}`);
                else assert.match(r.stderr, /roll-nodes: FAILED: /, r.stderr);
            }),
            { numRuns: 30, seed: 20261123 },
        );
    });

    it("property: a healthy cluster whose partitions can each lose one replica is rolled completely, controllers first and the active controller last", async () => {
        await fc.assert(
            fc.asyncProperty(scenario.filter((s) => rollable(s)).map((s) => ({ ...s, fault: "none" as const })), async (s) => {
                const sim = new SimulatedCluster(simOptions(s));
                const r = await runRoller(sim, VERSION[s.layout], args(s));
                assert.equal(r.code, 0, `${JSON.stringify(s)}\n${r.stderr}`);
                assert.deepStrictEqual(sim.violations, [], "the active controller last, one node catching up at a time");
                assert.ok(sim.healthy());
                const all = pools(s).flatMap((p) => Array.from({ length: p.replicas }, (_, i) => `${p.statefulSet}-${i}`));
                assert.deepStrictEqual([...sim.deletions].sort(), [...all].sort(), "every pod restarted exactly once");
                if (s.layout === "dedicated") assert.ok(sim.deletions.slice(0, 3).every((d) => d.startsWith("kafka-controller-")), sim.deletions.join(" "));
            }),
            { numRuns: 12, seed: 7 },
        );
    });

    it("property: a broker that never rejoins the ISR, or a voter that stays behind, fails the roll naming it, and nothing else is restarted", async () => {
        await fc.assert(
            fc.asyncProperty(scenario.filter((s) => rollable(s) && ((s.fault === "stuck-broker" && s.partitions.some((p) => p.replicas.includes(s.faultNode % s.brokers))) || (s.fault === "lagging-controller" && s.layout !== "zookeeper"))), async (s) => {
                const o = simOptions(s);
                const sim = new SimulatedCluster(o);
                const r = await runRoller(sim, VERSION[s.layout], args(s));
                assert.equal(r.code, 1, r.stderr);
                const stuck = o.neverCatchUp![0];
                const last = sim.deletions[sim.deletions.length - 1];
                const stuckPod = stuck >= 1000 ? `kafka-controller-${stuck - 1000}` : `kafka-broker-${stuck}`;
                assert.equal(last, stuckPod, `the roll stops at the node that does not catch up: ${sim.deletions.join(" ")}`);
                // A combined node that stays behind is caught by the quorum check first.
                assert.match(r.stderr, s.fault === "stuck-broker" && s.layout !== "combined" ? /FAILED: after restarting .*under-replicated partitions: t[01]-\d+\(isr / : /FAILED: after restarting .*(quorum voters behind: \d+\(lag \d+\)|under-replicated partitions: t)/);
                assert.deepStrictEqual(sim.violations, []);
            }),
            { numRuns: 8, seed: 11 },
        );
    });

    it("min ISR = RF: refuses to restart any broker and names the partitions", async () => {
        const s: Scenario = { layout: "dedicated", brokers: 3, partitions: [{ replicas: [0, 1, 2], minIsr: 3 }], restartTicks: 1, catchUpTicks: 1, fault: "none", faultNode: 0, activeController: 1 };
        const sim = new SimulatedCluster(simOptions(s));
        const r = await runRoller(sim, "4.3.1", args(s));
        assert.equal(r.code, 1);
        assert.match(r.stderr, /FAILED: before restarting kafka-broker-0 \(node 0\), partitions it holds at or below min ISR, or missing a replica on another node \(.*kafka-eks:topics\[\]\.config min\.insync\.replicas.*\): t0-0\(isr 0,1,2\)/);
        assert.ok(sim.deletions.every((d) => d.startsWith("kafka-controller-")), sim.deletions.join(" "));
    });

    it("waits for a broker that is behind before restarting one it shares partitions with", async () => {
        const s: Scenario = { layout: "zookeeper", brokers: 3, partitions: [{ replicas: [0, 1, 2], minIsr: 2 }], restartTicks: 1, catchUpTicks: 1, fault: "behind-at-start", faultNode: 2, activeController: 0 };
        const sim = new SimulatedCluster(simOptions(s));
        const r = await runRoller(sim, "3.9.2", args(s));
        assert.equal(r.code, 0, r.stderr);
        assert.deepStrictEqual(sim.violations, []);
    });

    it("a node an earlier run restarted and that is still catching up: no other node restarts until it has, even where min ISR would allow it", async () => {
        // RF 3 / min ISR 1: restarting broker 0 keeps ISR {1} >= 1, but broker 2 is not back yet
        // (the Job's pod was lost mid-roll and the retry starts over).
        for (const layout of ["zookeeper", "combined"] as const) {
            const s: Scenario = { layout, brokers: 3, partitions: [{ replicas: [0, 1, 2], minIsr: 1 }], restartTicks: 1, catchUpTicks: 1, fault: "none", faultNode: 0, activeController: 1 };
            const sim = new SimulatedCluster({ ...simOptions(s), initiallyBehind: { 2: 20 }, restartedEarlier: [2] });
            const r = await runRoller(sim, VERSION[layout], args(s));
            assert.equal(r.code, 0, r.stderr);
            assert.deepStrictEqual(sim.violations, [], `${layout}: ${sim.deletions.join(" ")}`);
            assert.deepStrictEqual([...sim.deletions].sort(), ["kafka-broker-0", "kafka-broker-1"]);
        }
    });

    it("dedicated controllers: none restarts while a broker an earlier run restarted is still catching up", async () => {
        // Run A restarted broker 2 and failed waiting for it; a new revision since (say a new
        // certificate) makes run B start over with the controllers.
        const s: Scenario = { layout: "dedicated", brokers: 3, partitions: [{ replicas: [0, 1, 2], minIsr: 1 }], restartTicks: 1, catchUpTicks: 1, fault: "none", faultNode: 0, activeController: 1 };
        const sim = new SimulatedCluster({ ...simOptions(s), initiallyBehind: { 2: 20 }, restartedEarlier: [2] });
        const r = await runRoller(sim, "4.3.1", args(s));
        assert.equal(r.code, 0, r.stderr);
        assert.deepStrictEqual(sim.violations, [], sim.deletions.join(" "));
        assert.deepStrictEqual([...sim.deletions].sort(), ["kafka-broker-0", "kafka-broker-1", "kafka-controller-0", "kafka-controller-1", "kafka-controller-2"]);
    });

    it("an admin tool that does not answer at first is retried within the bound", async () => {
        const s: Scenario = { layout: "combined", brokers: 3, partitions: [{ replicas: [0, 1, 2], minIsr: 2 }], restartTicks: 1, catchUpTicks: 1, fault: "none", faultNode: 0, activeController: 1 };
        const sim = new SimulatedCluster(simOptions(s));
        const r = await runRoller(sim, "4.3.1", args(s), { "kafka-topics.sh": 3, "kafka-metadata-quorum.sh": 2 });
        assert.equal(r.code, 0, r.stderr);
        assert.deepStrictEqual(sim.violations, []);
    });

    it("the quorum tool failing when the next pod is picked does not make the active controller go first", async () => {
        // Node 0, the lowest ordinal, is the active controller: picked blindly it would go first.
        for (const layout of ["combined", "dedicated"] as const) {
            const s: Scenario = { layout, brokers: 3, partitions: [{ replicas: [0, 1, 2], minIsr: 2 }], restartTicks: 1, catchUpTicks: 1, fault: "none", faultNode: 0, activeController: 0 };
            const sim = new SimulatedCluster(simOptions(s));
            const r = await runRoller(sim, "4.3.1", args(s), { "kafka-metadata-quorum.sh": 1 });
            assert.equal(r.code, 0, r.stderr);
            assert.deepStrictEqual(sim.violations, [], `${layout}: ${sim.deletions.join(" ")}`);
        }
    });
});
