/**
 * End to end over gRPC: the gate starts the real pack (run-policy-pack, as the CLI does), and
 * diagnostics come back through Handshake/ConfigureStack/GetAnalyzerInfo/Configure/Analyze/
 * AnalyzeStack. The violating objects are built directly — an even ZooKeeper ensemble and an RF-1
 * topic that the program's config schema would refuse — so the pack is shown to judge deployed
 * objects on its own.
 */
import * as assert from "assert";
import { policies } from "../../policy/policies";
import * as path from "path";
import { evaluate, formatResult, isBlocking, readPolicyConfigFile, type Diagnostic, type GateResult, type RenderedResource } from "../../scripts/lib/policy-gate";
import { eksCluster } from "./aws-objects";
import { type Fixture, urnOf } from "./fixtures";
import { DURABLE_BROKER, pdb, scaledObject, selector, serverProperties, statefulSet, topic, withMetricsPort } from "./objects";

function rendered(fixture: Fixture, extra: Partial<RenderedResource> = {}): RenderedResource {
    return { urn: urnOf(fixture), type: fixture.type, name: fixture.name, inputs: fixture.props, custom: true, dependencies: [], protect: false, ...extra };
}

const evenZooKeeper = statefulSet("zookeeper", "kafka-zookeeper", { replicas: 2, image: "zookeeper:3.8.6" });
const rfOneTopic = topic({ name: "orders", partitions: 6, replicationFactor: 1 });
// Scraped (prometheus.io annotations on its declared metrics port), as kafka-metrics-scraped requires.
const cleanBrokers = withMetricsPort(statefulSet("kafka-broker", "kafka-broker", { replicas: 3, storage: "100Gi" }), { "prometheus.io/scrape": "true", "prometheus.io/port": "9404" });
const cleanConfig = serverProperties("kafka-broker", "kafka-broker-config", { ...DURABLE_BROKER, "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found": false });
const greedyScaler = scaledObject("orders-scaler", { maxReplicaCount: 10, topic: "orders" });
const openCluster = eksCluster({ vpcConfig: { subnetIds: ["s"], endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } });
/** A value unknown during preview: the pack must treat it as the engine's unknown, not as data. */
const unknownReplicas = statefulSet("zookeeper", "other-zookeeper", { replicas: 3 });
(unknownReplicas.props.spec as Record<string, unknown>).replicas = "[unknown]";

/** The KEDA chart as the render records it: a remote component, inputs only, no objects. */
const kedaChart: RenderedResource = {
    urn: "urn:pulumi:dev::kafka-eks::kafka-eks:autoscaling:KedaOperator$kubernetes:helm.sh/v4:Chart::keda",
    type: "kubernetes:helm.sh/v4:Chart",
    name: "keda",
    custom: false,
    remote: true,
    inputs: { chart: "keda", version: "2.20.2", namespace: "keda" },
};

const RESOURCES: RenderedResource[] = [
    rendered(evenZooKeeper),
    rendered(rfOneTopic),
    rendered(cleanBrokers),
    rendered(cleanConfig),
    rendered(pdb("kafka-zookeeper", selector("zookeeper", "kafka-zookeeper"))),
    rendered(pdb("kafka-broker", selector("kafka-broker", "kafka-broker"))),
    rendered(pdb("other-zookeeper", selector("zookeeper", "other-zookeeper"))),
    rendered(openCluster),
    rendered(unknownReplicas),
    rendered(greedyScaler),
    kedaChart,
];

const CONFIG_DIR = path.resolve(__dirname, "..", "..", "policy", "config");
const about = (result: GateResult, urn: string) => result.diagnostics.filter((d) => d.urn === urn);
const named = (ds: readonly Diagnostic[], policy: string) => ds.filter((d) => d.policyName === policy);

describe("policy gate over gRPC (end to end)", function () {
    this.timeout(120000);
    let dev: GateResult;
    let prod: GateResult;
    const pids: number[] = [];

    before(async () => {
        dev = await evaluate(RESOURCES, readPolicyConfigFile(path.join(CONFIG_DIR, "dev.json")), { stack: "dev", project: "kafka-eks", onLaunch: (p) => pids.push(p.pid) });
        prod = await evaluate(RESOURCES, readPolicyConfigFile(path.join(CONFIG_DIR, "prod.json")), { stack: "prod", project: "kafka-eks", onLaunch: (p) => pids.push(p.pid) });
    });

    it("speaks the engine's protocol in the engine's order", () => {
        const expected = ["Handshake", "ConfigureStack", "GetAnalyzerInfo", "GetPluginInfo", "Configure", ...RESOURCES.map(() => "Analyze"), "AnalyzeStack"];
        assert.deepStrictEqual(dev.calls, expected);
        assert.strictEqual(dev.pack.name, "kafka-eks");
        assert.strictEqual(dev.policies.length, policies.length);
    });

    it("catches a directly built even ZooKeeper ensemble (mandatory, on its URN)", () => {
        const [d] = named(about(dev, urnOf(evenZooKeeper)), "zookeeper-odd-quorum");
        assert.ok(d, JSON.stringify(dev.diagnostics, null, 2));
        assert.strictEqual(d.enforcementLevel, "mandatory");
        assert.strictEqual(d.phase, "Analyze");
        assert.match(d.message, /StatefulSet kafka\/kafka-zookeeper: spec\.replicas is 2; set an odd number >= 3/);
    });

    it("catches a directly built RF-1 topic, per resource and against the broker count", () => {
        const ds = about(dev, urnOf(rfOneTopic));
        assert.match(named(ds, "topic-replication-factor")[0]?.message ?? "", /Job kafka\/kafka-topic-orders: metadata\.annotations\["kafka-eks\/topic-spec"\]\.replicationFactor is 1/);
        assert.ok(named(ds, "topic-replication-factor").every(isBlocking));
    });

    it("returns nothing for the clean objects", () => {
        for (const fixture of [cleanBrokers, cleanConfig]) {
            assert.deepStrictEqual(about(dev, urnOf(fixture)), []);
        }
    });

    it("applies the per-stack config: endpoint advisory in dev, mandatory in prod", () => {
        const devEndpoint = named(about(dev, urnOf(openCluster)), "eks-endpoint-restricted");
        const prodEndpoint = named(about(prod, urnOf(openCluster)), "eks-endpoint-restricted");
        assert.strictEqual(devEndpoint[0]?.enforcementLevel, "advisory");
        assert.strictEqual(prodEndpoint[0]?.enforcementLevel, "mandatory");
        assert.match(prodEndpoint[0].message, /vpcConfig\.publicAccessCidrs is \["0\.0\.0\.0\/0"\]/);
    });

    it("treats a value unknown during preview as the engine does (advisory, not a false violation)", () => {
        const [d] = named(about(dev, urnOf(unknownReplicas)), "zookeeper-odd-quorum");
        assert.strictEqual(d?.enforcementLevel, "advisory");
        assert.match(d.message, /can't run policy 'zookeeper-odd-quorum' .* during preview: string value at \.spec\.replicas/);
    });

    it("reports stack policies through AnalyzeStack, on the offending resource's URN", () => {
        const [d] = named(dev.diagnostics, "keda-max-replicas-within-partitions");
        assert.strictEqual(d?.phase, "AnalyzeStack");
        assert.strictEqual(d.urn, urnOf(greedyScaler));
        assert.match(d.message, /ScaledObject kafka\/orders-scaler: spec\.maxReplicaCount is 10 but topic "orders" has 6 partition\(s\)/);
        // Every StatefulSet has a matching PDB in the fixture.
        assert.deepStrictEqual(named(dev.diagnostics, "pdb-for-kafka-statefulsets"), []);
    });

    it("says which resources it could not see: the remote chart, in the result and the printed report", () => {
        assert.deepStrictEqual(dev.unseen.map((u) => u.urn), [kedaChart.urn]);
        const report = formatResult(dev, "dev");
        assert.match(report, /Not evaluated \(1\): remote components the offline render cannot expand.*\n    kubernetes:helm\.sh\/v4:Chart "keda" \(chart keda, version 2\.20\.2, namespace keda\)\n/);
    });

    it("refuses an empty resource list instead of passing it", async () => {
        await assert.rejects(evaluate([], {}, { stack: "dev" }), /no resources to evaluate/);
    });

    it("leaves no pack process running", () => {
        assert.strictEqual(pids.length, 2);
        for (const pid of pids) {
            assert.throws(() => process.kill(pid, 0), /ESRCH/);
        }
    });
});
