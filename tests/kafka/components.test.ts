/** ZooKeeperEnsemble and KafkaCluster under Pulumi's mock runtime: resources, options, outputs. */
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { RenderedResource, runProgram } from "../harness";
import { PROJECT } from "./fixtures";

const PROGRAM = path.join(__dirname, "component-program.ts");

function render(kafka: Record<string, unknown>, opts: { zookeeper?: Record<string, unknown>; protect?: boolean } = {}) {
    const config: Record<string, string> = {
        [`${PROJECT}:platform`]: JSON.stringify({ mode: "existing", availabilityZones: 3, nodes: 9 }),
        [`${PROJECT}:kafka`]: JSON.stringify(kafka),
        [`${PROJECT}:zookeeper`]: JSON.stringify(opts.zookeeper ?? {}),
        "test:protect": String(opts.protect ?? false),
    };
    return runProgram({ stack: "test", config, program: PROGRAM });
}

const k8sObjects = (rs: RenderedResource[]) => rs.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== "pulumi:providers:kubernetes");
const byKind = (rs: RenderedResource[], kind: string) => k8sObjects(rs).filter((r) => r.type.endsWith(`:${kind}`));
const nameOf = (r: RenderedResource) => (r.inputs.metadata as { name?: string } | undefined)?.name;

describe("components under mocks", function () {
    this.timeout(120000);

    it("ZooKeeper mode: ensemble + brokers, explicit provider everywhere, chrooted zookeeper.connect", async () => {
        const { resources, outputs } = await render({ name: "kafka", namespace: "kafka", mode: "zookeeper", brokers: 3, replicationFactor: 2, minInsyncReplicas: 1 }, { zookeeper: { replicas: 3 } });
        const provider = resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        for (const r of k8sObjects(resources)) assert.equal(r.provider, provider.urn, `${r.type} ${r.name} uses the explicit provider`);
        assert.ok(resources.some((r) => r.type === "kafka-eks:kafka:ZooKeeperEnsemble"));
        assert.ok(resources.some((r) => r.type === "kafka-eks:kafka:KafkaCluster"));
        assert.deepEqual(byKind(resources, "StatefulSet").map(nameOf).sort(), ["kafka-broker", "kafka-zookeeper"]);
        const [brokers, ensemble] = ["kafka-broker", "kafka-zookeeper"].map((n) => byKind(resources, "StatefulSet").find((s) => nameOf(s) === n)!);
        assert.ok(brokers.dependencies.includes(ensemble.urn), "brokers start after the ensemble the cluster depends on");
        assert.equal(byKind(resources, "Namespace").length, 1, "components do not create the namespace");
        for (const r of k8sObjects(resources).filter((x) => !["Namespace", "StorageClass", "ClusterRole", "ClusterRoleBinding"].some((k) => x.type.endsWith(`:${k}`)))) {
            assert.equal((r.inputs.metadata as { namespace: string }).namespace, "kafka", `${r.type} ${r.name}`);
        }
        assert.equal(outputs.mode, "zookeeper");
        assert.equal(outputs.brokerCount, 3);
        assert.equal(outputs.bootstrapServers, "kafka-bootstrap.kafka.svc.cluster.local:9092");
        assert.match(String(outputs.zookeeperConnect), /^kafka-zookeeper-0\.kafka-zookeeper-headless\.kafka\.svc\.cluster\.local:2181,.*:2181\/kafka$/);
        assert.equal(outputs.zookeeperConnectString, String(outputs.zookeeperConnect).replace(/\/kafka$/, ""));
        assert.equal(outputs.clusterId, undefined);
        assert.deepEqual(outputs.clientListener, { bootstrapServers: "kafka-bootstrap.kafka.svc.cluster.local:9092", namespace: "kafka", securityProtocol: "PLAINTEXT" });
        assert.equal(resources.filter((r) => r.type.startsWith("random:")).length, 0);
    });

    it("StatefulSets ignore claim-template changes and wait for their explicit claims", async () => {
        const { resources } = await render({ name: "kafka", namespace: "kafka", mode: "zookeeper", brokers: 3, replicationFactor: 2, minInsyncReplicas: 1, storageGiB: 40 }, { zookeeper: { replicas: 3 } });
        const claims = byKind(resources, "PersistentVolumeClaim");
        assert.deepEqual(
            claims.map(nameOf).sort(),
            ["data-kafka-broker-0", "data-kafka-broker-1", "data-kafka-broker-2", "data-kafka-zookeeper-0", "data-kafka-zookeeper-1", "data-kafka-zookeeper-2", "datalog-kafka-zookeeper-0", "datalog-kafka-zookeeper-1", "datalog-kafka-zookeeper-2"],
        );
        for (const sts of byKind(resources, "StatefulSet")) {
            assert.deepEqual(sts.ignoreChanges, ["spec.volumeClaimTemplates"], nameOf(sts));
            const own = claims.filter((c) => nameOf(c)!.includes(`-${nameOf(sts)}-`));
            assert.ok(own.length >= 3);
            for (const c of own) assert.ok(sts.dependencies.includes(c.urn), `${nameOf(sts)} waits for ${nameOf(c)}`);
        }
        const storageClass = byKind(resources, "StorageClass")[0];
        for (const c of claims) assert.ok(c.dependencies.includes(storageClass.urn), `${nameOf(c)} waits for the StorageClass`);
        const broker0 = claims.find((c) => nameOf(c) === "data-kafka-broker-0")!;
        assert.deepEqual((broker0.inputs.spec as { resources: unknown }).resources, { requests: { storage: "40Gi" } });
        // Not protected in dev.
        assert.ok(k8sObjects(resources).every((r) => !r.protect && !r.retainOnDelete));
    });

    it("KRaft dedicated: controllers before brokers; cluster id generated once (RandomId, 16 bytes) into a Secret", async () => {
        const { resources, outputs } = await render({ name: "kafka", namespace: "data", mode: "kraft", brokers: 3, kraft: { topology: "dedicated", controllers: 3 } });
        const [controllers, brokers] = ["kafka-controller", "kafka-broker"].map((n) => byKind(resources, "StatefulSet").find((s) => nameOf(s) === n)!);
        assert.ok(brokers.dependencies.includes(controllers.urn));
        const id = resources.find((r) => r.type === "random:index/randomId:RandomId")!;
        assert.equal(id.inputs.byteLength, 16);
        assert.equal(id.inputs.keepers, undefined, "no keepers: the id never changes");
        const secret = byKind(resources, "Secret")[0];
        assert.equal(nameOf(secret), "kafka-cluster-id");
        assert.deepEqual(secret.inputs.stringData, { "cluster-id": "[secret]" }, "the id never appears in plain text");
        for (const sts of [controllers, brokers]) assert.ok(sts.dependencies.includes(secret.urn));
        assert.match(String(outputs.clusterId), /^[A-Za-z0-9_-]{22}$/);
        assert.equal(outputs.zookeeperConnect, undefined);
        const jobScripts = ["kafka-roller", "kafka-rebalance", "kafka-features"];
        assert.equal(byKind(resources, "ConfigMap").filter((c) => !jobScripts.includes(nameOf(c) ?? "")).length, 2, "one per node pool, besides the scripts of the roller, rebalance and finalize Jobs");
        assert.equal(byKind(resources, "PodDisruptionBudget").length, 2);
        assert.equal(byKind(resources, "StatefulSet").length, 2);
    });

    it("KRaft combined: one StatefulSet; protect marks data-bearing resources protected and retained", async () => {
        const { resources } = await render({ name: "events", namespace: "streaming", mode: "kraft", brokers: 3, kraft: { topology: "combined" } }, { protect: true });
        const sts = byKind(resources, "StatefulSet");
        assert.deepEqual(sts.map(nameOf), ["events-broker"]);
        for (const r of [...sts, ...byKind(resources, "Secret").filter((s) => nameOf(s) === "events-cluster-id")]) {
            assert.ok(r.protect && r.retainOnDelete, `${r.type} ${nameOf(r)} protected`);
        }
        // Claims are kept on delete but not protected: scaling down must be able to drop them.
        for (const r of byKind(resources, "PersistentVolumeClaim")) assert.ok(!r.protect && r.retainOnDelete, `${nameOf(r)} retained, unprotected`);
        assert.ok(resources.find((r) => r.type === "random:index/randomId:RandomId")!.protect);
        assert.ok(byKind(resources, "Service").every((r) => !r.protect), "stateless objects stay unprotected");
    });

    it("a component without a kubernetes provider is refused", async () => {
        const { KafkaCluster } = await import("../../components/kafka");
        const pulumi = await import("@pulumi/pulumi");
        const { kraftCombined } = await import("./fixtures");
        await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, PROJECT, "test", false);
        assert.throws(() => new KafkaCluster("k", { kafka: kraftCombined().kafka }), /requires a kubernetes provider/);
    });

    it("a namespace other than kafka.namespace is refused (pod DNS names would point elsewhere)", async () => {
        const k8s = await import("../../components/common/kubernetes");
        const pulumi = await import("@pulumi/pulumi");
        const { KafkaCluster, ZooKeeperEnsemble } = await import("../../components/kafka");
        const { kraftCombined, zookeeperMode } = await import("./fixtures");
        await pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, PROJECT, "test", false);
        const provider = new k8s.Provider("p", { kubeconfig: "{}" });
        assert.throws(() => new KafkaCluster("k", { kafka: kraftCombined().kafka, namespace: "elsewhere" }, { provider }), /namespace "elsewhere" differs from kafka.namespace "streaming"/);
        const zk = zookeeperMode();
        assert.throws(() => new ZooKeeperEnsemble("z", { kafka: zk.kafka, zookeeper: zk.zookeeper, namespace: "elsewhere" }, { provider }), /differs from kafka.namespace "kafka"/);
    });
});
