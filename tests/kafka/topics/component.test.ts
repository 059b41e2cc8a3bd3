/**
 * KafkaTopic under Pulumi's mock runtime, for both stacks: one component per topic, each with a
 * ConfigMap, a Job and a partition guard, wired with the explicit provider and dependencies.
 * (The guard's check — the shrink rule — is not run by mocks; shrink.test.ts covers it.)
 */
import * as assert from "assert";
import * as path from "path";
import * as k8s from "../../../components/common/kubernetes";
import { RenderedResource, runProgram } from "../../harness";
import { parseTopicSpec, KafkaTopic, PARTITION_GUARD_TYPE, KAFKA_TOPIC_TYPE } from "../../../components/kafka/topics";
import { LABEL } from "../../../components/common/labels";

const PROGRAM = path.join(__dirname, "fixtures", "topics-program.ts");

function only(rs: RenderedResource[], pred: (r: RenderedResource) => boolean, what: string): RenderedResource {
    const found = rs.filter(pred);
    assert.strictEqual(found.length, 1, `expected one ${what}, found ${found.length}`);
    return found[0];
}

const expected: Record<string, { name: string; partitions: number; replicationFactor: number; config: Record<string, string> }[]> = {
    dev: [
        { name: "orders", partitions: 6, replicationFactor: 2, config: { "retention.bytes": "268435456", "retention.ms": "604800000", "segment.bytes": "67108864" } },
        { name: "events", partitions: 3, replicationFactor: 2, config: { "retention.bytes": "268435456", "segment.bytes": "67108864" } },
    ],
    prod: [
        { name: "orders", partitions: 12, replicationFactor: 3, config: { "retention.bytes": "17179869184", "retention.ms": "604800000" } },
        { name: "events", partitions: 6, replicationFactor: 3, config: { "retention.bytes": "8589934592" } },
    ],
};

for (const stack of ["dev", "prod"]) {
    describe(`KafkaTopic (${stack})`, () => {
        let rs: RenderedResource[];
        let outputs: Record<string, unknown>;
        before(async () => {
            ({ resources: rs, outputs } = await runProgram({ stack, program: PROGRAM }));
        });

        it("registers one component per declared topic", () => {
            const topics = rs.filter((r) => r.type === KAFKA_TOPIC_TYPE);
            assert.deepStrictEqual(topics.map((t) => t.name).sort(), ["topic-events", "topic-orders"]);
        });

        expected[stack].forEach((spec, i) => {
            describe(`topic ${spec.name}`, () => {
                let component: RenderedResource;
                let children: RenderedResource[];
                let provider: string;
                let standIn: string;
                before(() => {
                    component = only(rs, (r) => r.type === KAFKA_TOPIC_TYPE && r.name === `topic-${spec.name}`, "component");
                    children = rs.filter((r) => r.parent === component.urn);
                    provider = only(rs, (r) => r.type === "pulumi:providers:kubernetes" && r.name === "k8s", "provider").urn;
                    standIn = only(rs, (r) => r.name === "cluster-stand-in", "stand-in").urn;
                });

                it("has exactly a ConfigMap, a Job and a guard as children", () => {
                    assert.deepStrictEqual(children.map((c) => c.type).sort(), ["kubernetes:batch/v1:Job", "kubernetes:core/v1:ConfigMap", PARTITION_GUARD_TYPE]);
                });

                it("ConfigMap: explicit provider, labels contract, topic.json with the resolved spec", () => {
                    const cm = only(children, (c) => c.type === "kubernetes:core/v1:ConfigMap", "ConfigMap");
                    assert.strictEqual(cm.provider, provider);
                    const meta = cm.inputs.metadata as { name: string; namespace: string; labels: Record<string, string> };
                    assert.strictEqual(meta.name, `kafka-topic-${spec.name}`);
                    assert.strictEqual(meta.namespace, "kafka");
                    assert.strictEqual(meta.labels[LABEL.partOf], "kafka");
                    assert.strictEqual(meta.labels[LABEL.managedBy], "pulumi");
                    assert.strictEqual(meta.labels[LABEL.component], "kafka-topic");
                    assert.deepStrictEqual(parseTopicSpec((cm.inputs.data as Record<string, string>)["topic.json"]), spec);
                });

                it("Job: explicit provider, after the ConfigMap and the cluster, replaced delete-first", () => {
                    const job = only(children, (c) => c.type === "kubernetes:batch/v1:Job", "Job");
                    const cm = only(children, (c) => c.type === "kubernetes:core/v1:ConfigMap", "ConfigMap");
                    assert.strictEqual(job.provider, provider);
                    assert.ok(job.dependencies.includes(cm.urn), "Job must wait for its ConfigMap");
                    assert.ok(job.dependencies.includes(standIn), "Job must wait for the cluster (dependsOn)");
                    assert.strictEqual(job.deleteBeforeReplace, true);
                    const name = (job.inputs.metadata as { name: string }).name;
                    assert.match(name, new RegExp(`^kafka-topic-${spec.name}-[0-9a-f]{8}$`));
                    assert.strictEqual((outputs.topicJobNames as string[])[i], name);
                    const args = (job.inputs.spec as { template: { spec: { containers: { args: string[]; image: string }[] } } }).template.spec.containers[0];
                    assert.strictEqual(args.image, stack === "dev" ? "apache/kafka:3.9.2" : "apache/kafka:4.3.1");
                    assert.deepStrictEqual(args.args.slice(0, 10), [
                        "--bootstrap-server", "kafka-bootstrap.kafka.svc.cluster.local:9092", "--command-config", "/tmp/client.properties",
                        "--topic", spec.name, "--partitions", String(spec.partitions), "--replication-factor", String(spec.replicationFactor),
                    ]);
                });

                it("guard: records partitions after the Job, names the config key, uses no Kubernetes provider", () => {
                    const guard = only(children, (c) => c.type === PARTITION_GUARD_TYPE, "guard");
                    const job = only(children, (c) => c.type === "kubernetes:batch/v1:Job", "Job");
                    assert.ok(guard.dependencies.includes(job.urn), "guard must update only after the Job succeeded");
                    assert.strictEqual(guard.inputs.topic, spec.name);
                    assert.strictEqual(guard.inputs.partitions, spec.partitions);
                    assert.strictEqual(guard.inputs.configKey, `kafka-eks:topics[${i}]`);
                    assert.strictEqual(typeof guard.inputs.__provider, "string", "the serialised provider travels with the inputs");
                    assert.notStrictEqual(guard.provider, provider);
                });
            });
        });

        it("refuses to run without an explicit provider", () => {
            assert.throws(
                () =>
                    new KafkaTopic("no-provider", {
                        clusterName: "kafka",
                        namespace: "kafka",
                        topic: { name: "t", partitions: 1, replicationFactor: 2, config: {} },
                        image: "apache/kafka:3.9.2",
                        clientSettings: { bootstrapServers: "b:9092", namespace: "kafka", securityProtocol: "PLAINTEXT" },
                    }),
                /requires a kubernetes provider: pass \{ provider \}/,
            );
        });

        it("refuses an invalid topic with the config key in the message", () => {
            const provider = new k8s.Provider(`p-${stack}`, { kubeconfig: "{}" });
            assert.throws(
                () =>
                    new KafkaTopic(
                        "bad",
                        {
                            clusterName: "kafka",
                            namespace: "kafka",
                            topic: { name: "t", partitions: 0, replicationFactor: 2, config: {} },
                            image: "apache/kafka:3.9.2",
                            clientSettings: { bootstrapServers: "b:9092", namespace: "kafka", securityProtocol: "PLAINTEXT" },
                            configKey: "kafka-eks:topics[5]",
                        },
                        { provider },
                    ),
                /kafka-eks:topics\[5\]\.partitions: /,
            );
        });
    });
}

describe("KafkaTopic under pulumi preview", () => {
    it("knows every Job name and argument at preview time, so the preview names the topic that changes", async () => {
        const { resources } = await runProgram({ stack: "dev", program: PROGRAM, preview: true });
        const jobs = resources.filter((r) => r.type === "kubernetes:batch/v1:Job");
        assert.strictEqual(jobs.length, 2);
        for (const job of jobs) {
            assert.doesNotMatch(JSON.stringify(job.inputs), /\[unknown\]/);
            assert.match((job.inputs.metadata as { name: string }).name, /^kafka-topic-(orders|events)-[0-9a-f]{8}$/);
        }
    });
});
