/**
 * The roller's stubs checked directly against what upstream prints: kafka-topics.sh --describe
 * with report flags (TopicCommand.java), kafka-metadata-quorum.sh describe --replication
 * (MetadataQuorumCommand.java, ToolsUtils.prettyPrintTable), and the simulated cluster's answers.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { FakeCluster, removeStubDirs, runAsync, StubKafkaVersion, stubBin, ToolRun } from "./cluster";
import { SimOptions, SimulatedCluster } from "./simulated-cluster";

let bin: string;
before(() => {
    bin = stubBin();
});
after(removeStubDirs);

async function tool(sim: SimulatedCluster, version: StubKafkaVersion, name: string, args: string[]): Promise<ToolRun> {
    const files = new FakeCluster();
    const props = path.join(files.dir, "client.properties");
    fs.writeFileSync(props, "security.protocol=PLAINTEXT\n");
    const address = await sim.listen();
    try {
        return await runAsync(path.join(bin, name), args.map((a) => (a === "PROPS" ? props : a)), { STUB_MODEL: address, ...files.env(version) });
    } finally {
        await sim.close();
    }
}

const cluster = (o: Partial<SimOptions> = {}) =>
    new SimulatedCluster({
        namespace: "kafka",
        pools: [
            { statefulSet: "kafka-controller", role: "controller", replicas: 3, nodeIdBase: 1000 },
            { statefulSet: "kafka-broker", role: "broker", replicas: 3, nodeIdBase: 0 },
        ],
        partitions: [
            { topic: "a", partition: 0, replicas: [0, 1, 2], minIsr: 2 },
            { topic: "a", partition: 1, replicas: [1, 2, 0], minIsr: 3 },
            { topic: "b", partition: 0, replicas: [2, 0], minIsr: 1 },
        ],
        // Broker 0 out of every ISR for the length of a test.
        initiallyBehind: { 0: 1000 },
        ...o,
    });
const describeArgs = ["--bootstrap-server", "b:9092", "--command-config", "PROPS", "--describe"];

describe("stubs of the roller's tools, against the simulated cluster", function () {
    this.timeout(60_000);
    for (const v of ["3.9.2", "4.3.1"] as const) {
        it(`${v} kafka-topics.sh --describe: report flags print only matching partition lines, tab-led, no topic header`, async () => {
            const at = await tool(cluster(), v, "kafka-topics.sh", [...describeArgs, "--at-min-isr-partitions"]);
            assert.equal(at.status, 0, at.stderr);
            // a-0: ISR 2 == min ISR 2; b-0: ISR 1 == min ISR 1 (isAtMinIsrPartitions); a-1 is below.
            // ELR lists at 4.3.1 (DescribeTopicPartitions); "N/A" against 3.9.2's ZooKeeper-mode brokers (Metadata).
            const elr = v === "3.9.2" ? "\tElr: N/A\tLastKnownElr: N/A" : "\tElr: \tLastKnownElr: ";
            assert.equal(at.stdout, `\tTopic: a\tPartition: 0\tLeader: 1\tReplicas: 0,1,2\tIsr: 1,2${elr}\n\tTopic: b\tPartition: 0\tLeader: 2\tReplicas: 2,0\tIsr: 2${elr}\n`);
            const under = await tool(cluster(), v, "kafka-topics.sh", [...describeArgs, "--under-min-isr-partitions"]);
            assert.equal(under.stdout, `\tTopic: a\tPartition: 1\tLeader: 1\tReplicas: 1,2,0\tIsr: 1,2${elr}\n`);
            // Several report flags: a partition matching any of them, once.
            const both = await tool(cluster(), v, "kafka-topics.sh", [...describeArgs, "--under-min-isr-partitions", "--at-min-isr-partitions"]);
            assert.equal(both.stdout.split("\n").filter(Boolean).length, 3);
            const urp = await tool(cluster(), v, "kafka-topics.sh", [...describeArgs, "--under-replicated-partitions"]);
            assert.deepEqual(urp.stdout.split("\n").filter(Boolean).map((l) => l.split("\t").slice(1, 3).join(" ")), ["Topic: a Partition: 0", "Topic: a Partition: 1", "Topic: b Partition: 0"]);
        });
    }

    it("4.3.1 kafka-metadata-quorum.sh describe --replication: the padded, tab-terminated table, Leader row first", async () => {
        const r = await tool(cluster({ activeController: 1 }), "4.3.1", "kafka-metadata-quorum.sh", ["--bootstrap-server", "b:9092", "--command-config", "PROPS", "describe", "--replication"]);
        assert.equal(r.status, 0, r.stderr);
        const rows = r.stdout.split("\n").filter(Boolean);
        // The header, the leader, two followers, then the three brokers as observers.
        assert.equal(rows.length, 7);
        // Broker 0 is behind: its lag (4 digits) widens the Lag column for every row.
        assert.match(rows[0], /^NodeId\tDirectoryId\tLogEndOffset\tLag \tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus  \t$/);
        assert.match(rows[1], /^1001  \tdir-1001   \t\d+        \t0   \t\d{13}     \t\d{13}        \tLeader  \t$/);
        assert.match(rows[2], /\tFollower\t$/);
        assert.match(rows[4], /^0     \tdir-0      \t-1 *\t\d{4}\t\d{13} *\t\d{13} *\tObserver\t$/);
    });

    it("kafka-metadata-quorum.sh: both bootstrap options is an argparse4j error; 3.9.2 is not modelled", async () => {
        const both = await tool(cluster(), "4.3.1", "kafka-metadata-quorum.sh", ["--bootstrap-server", "b:9092", "--bootstrap-controller", "c:9093", "describe", "--replication"]);
        assert.equal(both.status, 1);
        assert.match(both.stderr, /kafka-metadata-quorum: error: argument --bootstrap-controller: not allowed with argument --bootstrap-server/);
        const old = await tool(cluster(), "3.9.2", "kafka-metadata-quorum.sh", ["--bootstrap-server", "b:9092", "describe", "--replication"]);
        assert.equal(old.status, 97);
    });

    it("the Kubernetes API stub: a missing pod is a 404 metav1.Status; a pod carries its revision label and Ready condition", () => {
        const sim = cluster();
        const [code, body] = sim.handle("GET", "/api/v1/namespaces/kafka/pods/kafka-broker-9");
        assert.equal(code, 404);
        assert.equal(JSON.parse(body).reason, "NotFound");
        const [ok, pod] = sim.handle("GET", "/api/v1/namespaces/kafka/pods/kafka-broker-0");
        assert.equal(ok, 200);
        assert.match(pod, /"controller-revision-hash":"rev-old"/);
        assert.match(pod, /"type":"Ready","status":"True"/);
    });
});
