import { strict as assert } from "assert";
import { parseProperties } from "../../components/kafka/broker-config";
import { RenderedResource, input, renderStack, stackSection } from "../harness";

/**
 * Zone-loss tolerance of what the stacks actually render. The scheduler may place pods in any
 * way the rendered constraints allow; with a DoNotSchedule zone spread of maxSkew 1 over all Z
 * zones (minDomains Z) every allowed placement has per-zone counts within 1 of each other, so
 * we place pods greedily into the emptiest zone and remove each zone in turn. Partition replicas
 * follow broker.rack (= zone): Kafka's rack-aware assignment puts at most ceil(RF / racks) of a
 * partition's replicas in one zone.
 */
type Obj = Record<string, unknown>;
const kind = (r: RenderedResource) => r.inputs.kind as string;
const name = (r: RenderedResource) => input<string>(r, "metadata.name");

function placement(replicas: number, zones: number): number[] {
    const perZone = new Array<number>(zones).fill(0);
    for (let i = 0; i < replicas; i++) perZone[perZone.indexOf(Math.min(...perZone))]++;
    return perZone;
}

interface Quorum { what: string; voters: number; perZone: number[] }
interface Replication { what: string; rf: number; minIsr: number }

function analyse(resources: RenderedResource[], zones: number): { quorums: Quorum[]; replication: Replication[]; racks: number } {
    const sets = resources.filter((r) => kind(r) === "StatefulSet");
    for (const s of sets) {
        const spread = input<Obj[]>(s, "spec.template.spec.topologySpreadConstraints").find((c) => c.topologyKey === "topology.kubernetes.io/zone");
        assert.ok(spread, `${name(s)} has no zone spread`);
        assert.equal(spread.maxSkew, 1, `${name(s)} maxSkew`);
        assert.equal(spread.whenUnsatisfiable, "DoNotSchedule", `${name(s)} must not fall back to one zone`);
        assert.ok(Number(spread.minDomains) >= zones, `${name(s)} minDomains ${spread.minDomains} < ${zones} zones`);
    }
    const perZoneOf = (component: string) => {
        const s = sets.find((x) => input<Record<string, string>>(x, "metadata.labels")["app.kubernetes.io/component"] === component);
        return s ? placement(input<number>(s, "spec.replicas"), zones) : undefined;
    };
    const data = (r: RenderedResource) => input<Record<string, string>>(r, "data") ?? {};
    const props = (configMap: string) => parseProperties(data(resources.find((r) => kind(r) === "ConfigMap" && name(r) === configMap)!)["server.properties"] ?? "");

    const quorums: Quorum[] = [];
    const zk = sets.find((s) => name(s).endsWith("-zookeeper"));
    if (zk) {
        const servers = input<Array<{ name: string; value: string }>>(zk, "spec.template.spec.containers.0.env").find((e) => e.name === "ZOO_SERVERS")!.value.split(" ");
        quorums.push({ what: "ZooKeeper", voters: servers.length, perZone: perZoneOf("zookeeper")! });
    }
    const controllerConfig = resources.find((r) => kind(r) === "ConfigMap" && /-(controller|broker)-config$/.test(name(r)) && props(name(r)).has("controller.quorum.voters"));
    if (controllerConfig) {
        const voters = props(name(controllerConfig)).get("controller.quorum.voters")!.split(",").length;
        quorums.push({ what: "KRaft controllers", voters, perZone: (perZoneOf("kafka-controller") ?? perZoneOf("kafka"))! });
    }

    const broker = props(`kafka-broker-config`);
    assert.equal(broker.get("broker.rack"), "@@RACK@@", "broker.rack must be the node's zone");
    // KRaft controllers own the default RF and the cluster-wide min ISR; dedicated ones have their own ConfigMap.
    const dedicated = resources.some((r) => kind(r) === "ConfigMap" && name(r) === "kafka-controller-config");
    const clusterDefaults = dedicated ? props("kafka-controller-config") : broker;
    const minIsr = Number(clusterDefaults.get("min.insync.replicas"));
    const replication: Replication[] = [
        { what: "default.replication.factor", rf: Number(clusterDefaults.get("default.replication.factor")), minIsr },
        { what: "__consumer_offsets", rf: Number(broker.get("offsets.topic.replication.factor")), minIsr },
        { what: "__transaction_state", rf: Number(broker.get("transaction.state.log.replication.factor")), minIsr: Number(broker.get("transaction.state.log.min.isr")) },
    ];
    const topicSpec = (r: RenderedResource) => ((r.inputs.metadata as { annotations?: Record<string, string> }).annotations ?? {})["kafka-eks/topic-spec"];
    for (const job of resources.filter((r) => kind(r) === "Job" && topicSpec(r))) {
        const t = JSON.parse(topicSpec(job)) as { name: string; replicationFactor: number; config: Obj };
        replication.push({ what: `topic ${t.name}`, rf: t.replicationFactor, minIsr: Number(t.config["min.insync.replicas"] ?? minIsr) });
    }
    const brokerZones = perZoneOf("kafka-broker") ?? perZoneOf("kafka")!;
    return { quorums, replication, racks: brokerZones.filter((n) => n > 0).length };
}

describe("losing any one availability zone (rendered placement)", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: keeps every quorum and every topic's min ISR`, async () => {
            const { resources } = await renderStack(stack);
            const zones = new Set(resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && r.name.includes("-private-")).map((r) => input<string>(r, "availabilityZone"))).size;
            assert.equal(zones, 3);
            const { quorums, replication, racks } = analyse(resources, zones);
            assert.ok(quorums.length >= 1 && replication.length >= 4);
            const failures: string[] = [];
            for (let lost = 0; lost < zones; lost++) {
                for (const q of quorums) {
                    const left = q.voters - q.perZone[lost];
                    if (left < Math.floor(q.voters / 2) + 1) failures.push(`zone ${lost}: ${q.what} keeps ${left} of ${q.voters}`);
                }
                for (const r of replication) {
                    const left = r.rf - Math.ceil(r.rf / racks);
                    if (left < r.minIsr) failures.push(`zone ${lost}: ${r.what} keeps ${left} replicas < min ISR ${r.minIsr}`);
                }
            }
            assert.deepEqual(failures, []);
        });
    }

    it("(control) a best-effort zone spread guarantees nothing, and the analysis says so", async () => {
        const { resources } = await renderStack("prod", { kafka: { ...stackSection("prod", "kafka"), placement: { zones: "preferred" } } });
        assert.throws(() => analyse(resources, 3), /must not fall back to one zone/);
    });
});
