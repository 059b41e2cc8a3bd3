/**
 * KafkaTopics under Pulumi's mock runtime, for both stacks: one component for the stack's topics
 * with one shared scripts ConfigMap, one Job per topic and one partition guard, wired with the
 * explicit provider and dependencies. (The guard's check — the shrink rule — is not run by mocks;
 * shrink.test.ts covers it.)
 */
import * as assert from "assert";
import * as path from "path";
import * as k8s from "../../../components/common/kubernetes";
import { RenderedResource, runProgram } from "../../harness";
import { parseTopicSpec, KafkaTopics, PARTITION_GUARD_TYPE, KAFKA_TOPICS_TYPE, TOPIC_ANNOTATIONS } from "../../../components/kafka/topics";
import { LABEL } from "../../../components/common/labels";

const PROGRAM = path.join(__dirname, "fixtures", "topics-program.ts");
const JOB = "kubernetes:batch/v1:Job";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

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

const plaintext = { bootstrapServers: "b:9092", namespace: "kafka", securityProtocol: "PLAINTEXT" } as const;

for (const stack of ["dev", "prod"]) {
    describe(`KafkaTopics (${stack})`, () => {
        let rs: RenderedResource[];
        let outputs: Record<string, unknown>;
        let component: RenderedResource;
        let children: RenderedResource[];
        let provider: string;
        let standIn: string;
        before(async () => {
            ({ resources: rs, outputs } = await runProgram({ stack, program: PROGRAM }));
            component = only(rs, (r) => r.type === KAFKA_TOPICS_TYPE, "component");
            children = rs.filter((r) => r.parent === component.urn);
            provider = only(rs, (r) => r.type === "pulumi:providers:kubernetes" && r.name === "k8s", "provider").urn;
            standIn = only(rs, (r) => r.name === "cluster-stand-in", "stand-in").urn;
        });

        it("registers one component for the stack's topics, with one Job per topic, one scripts ConfigMap and one guard", () => {
            assert.strictEqual(component.name, "topic");
            assert.deepStrictEqual(children.map((c) => `${c.type} ${c.name}`).sort(), [
                `${JOB} topic-events`,
                `${JOB} topic-orders`,
                `${CONFIG_MAP} topic-scripts`,
                `${PARTITION_GUARD_TYPE} topic-partitions`,
            ]);
        });

        it("scripts ConfigMap: explicit provider, labels contract, the scripts and no topic", () => {
            const cm = only(children, (c) => c.type === CONFIG_MAP, "ConfigMap");
            assert.strictEqual(cm.provider, provider);
            const meta = cm.inputs.metadata as { name: string; namespace: string; labels: Record<string, string> };
            assert.strictEqual(meta.name, "kafka-topics-scripts");
            assert.strictEqual(meta.namespace, "kafka");
            assert.strictEqual(meta.labels[LABEL.partOf], "kafka");
            assert.strictEqual(meta.labels[LABEL.component], "kafka-topic");
            assert.deepStrictEqual(Object.keys(cm.inputs.data as object).sort(), ["apply-topic.sh", "client-properties.sh"]);
        });

        expected[stack].forEach((spec, i) => {
            describe(`topic ${spec.name}`, () => {
                let job: RenderedResource;
                before(() => {
                    job = only(children, (c) => c.type === JOB && c.name === `topic-${spec.name}`, "Job");
                });

                it("Job: explicit provider, labels contract, the resolved spec in its annotation", () => {
                    assert.strictEqual(job.provider, provider);
                    const meta = job.inputs.metadata as { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
                    assert.strictEqual(meta.namespace, "kafka");
                    assert.strictEqual(meta.labels[LABEL.partOf], "kafka");
                    assert.strictEqual(meta.labels[LABEL.managedBy], "pulumi");
                    assert.strictEqual(meta.labels[LABEL.component], "kafka-topic");
                    assert.strictEqual(meta.labels[LABEL.instance], `kafka-topic-${spec.name}`);
                    assert.strictEqual(meta.annotations[TOPIC_ANNOTATIONS.topic], spec.name);
                    assert.deepStrictEqual(parseTopicSpec(meta.annotations["kafka-eks/topic-spec"]), spec);
                });

                it("Job: after the scripts ConfigMap and the cluster, replaced delete-first, runs the spec", () => {
                    const cm = only(children, (c) => c.type === CONFIG_MAP, "ConfigMap");
                    assert.ok(job.dependencies.includes(cm.urn), "Job must wait for the scripts ConfigMap");
                    assert.ok(job.dependencies.includes(standIn), "Job must wait for the cluster (dependsOn)");
                    assert.strictEqual(job.deleteBeforeReplace, true);
                    const name = (job.inputs.metadata as { name: string }).name;
                    assert.match(name, new RegExp(`^kafka-topic-${spec.name}-[0-9a-f]{8}$`));
                    assert.strictEqual((outputs.topicJobNames as string[])[i], name);
                    const pod = (job.inputs.spec as { template: { spec: { containers: { args: string[]; image: string }[]; volumes: { name: string; configMap?: { name: string } }[] } } }).template.spec;
                    assert.strictEqual(pod.containers[0].image, stack === "dev" ? "apache/kafka:3.9.2" : "apache/kafka:4.3.1");
                    assert.deepStrictEqual(pod.containers[0].args.slice(0, 10), [
                        "--bootstrap-server", "kafka-bootstrap.kafka.svc.cluster.local:9092", "--command-config", "/tmp/client.properties",
                        "--topic", spec.name, "--partitions", String(spec.partitions), "--replication-factor", String(spec.replicationFactor),
                    ]);
                    assert.strictEqual(pod.volumes.find((v) => v.name === "scripts")?.configMap?.name, "kafka-topics-scripts");
                });
            });
        });

        it("guard: records every topic's partitions after all Jobs, names each config key, uses no Kubernetes provider", () => {
            const guard = only(children, (c) => c.type === PARTITION_GUARD_TYPE, "guard");
            for (const job of children.filter((c) => c.type === JOB)) {
                assert.ok(guard.dependencies.includes(job.urn), `guard must update only after ${job.name} succeeded`);
            }
            assert.deepStrictEqual(guard.inputs.topics, Object.fromEntries(expected[stack].map((t, i) => [t.name, { partitions: t.partitions, configKey: `kafka-eks:topics[${i}]` }])));
            assert.strictEqual(typeof guard.inputs.__provider, "string", "the serialised provider travels with the inputs");
            assert.notStrictEqual(guard.provider, provider);
        });

        it("refuses to run without an explicit provider", () => {
            assert.throws(
                () => new KafkaTopics("no-provider", { clusterName: "kafka", namespace: "kafka", topics: [{ name: "t", partitions: 1, replicationFactor: 2, config: {} }], image: "apache/kafka:3.9.2", clientSettings: plaintext }),
                /requires a kubernetes provider: pass \{ provider \}/,
            );
        });

        it("refuses an invalid topic with its config key in the message", () => {
            const p = new k8s.Provider(`p-${stack}`, { kubeconfig: "{}" });
            const good = { name: "ok", partitions: 1, replicationFactor: 2, config: {} };
            assert.throws(
                () =>
                    new KafkaTopics(
                        "bad",
                        { clusterName: "kafka", namespace: "kafka", topics: [good, { name: "t", partitions: 0, replicationFactor: 2, config: {} }], image: "apache/kafka:3.9.2", clientSettings: plaintext, configKey: "kafka-eks:topics" },
                        { provider: p },
                    ),
                /kafka-eks:topics\[1\]\.partitions: /,
            );
            assert.throws(
                () => new KafkaTopics("twice", { clusterName: "kafka", namespace: "kafka", topics: [good, good], image: "apache/kafka:3.9.2", clientSettings: plaintext }, { provider: p }),
                /topics\[1\]\.name: topic ok is declared twice \(also topics\[0\]\)/,
            );
        });
    });
}

describe("KafkaTopics under pulumi preview", () => {
    it("knows every Job name and argument at preview time, so the preview names the topic that changes", async () => {
        const { resources } = await runProgram({ stack: "dev", program: PROGRAM, preview: true });
        const jobs = resources.filter((r) => r.type === JOB);
        assert.deepStrictEqual(jobs.map((j) => j.name).sort(), ["topic-events", "topic-orders"]);
        for (const job of jobs) {
            assert.doesNotMatch(JSON.stringify(job.inputs), /\[unknown\]/);
            assert.match((job.inputs.metadata as { name: string }).name, /^kafka-topic-(orders|events)-[0-9a-f]{8}$/);
        }
    });
});
