/**
 * The example consumer's pod: the container's command run as the pod would (shared wrapper inline,
 * then the consumer script) against the stub kafka-console-consumer.sh of tests/kafka/stubs/, which
 * reproduces Kafka 3.9.2 and 4.3.1 (flags, and the deprecation lines 4.2+ print on stdout, where the
 * script's reader would take them for records).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { consumerScript } from "../../components/autoscaling/consumer-script";
import { consumerDeployment, consumerEnv } from "../../components/autoscaling/consumer-workload-spec";
import { clientPropertiesScript } from "../../components/common/client-config";
import { consoleClientFlags } from "../../components/common/kafka-cli-flags";
import { FakeCluster, removeStubDirs, STUB_KAFKA_VERSIONS, StubKafkaVersion, stubBin, tempDir } from "../kafka/stubs/cluster";
import { PLAINTEXT, SASL_SSL, podTemplate } from "./fixtures";

const workload = {
    name: "orders-consumer",
    cluster: "kafka",
    topic: "orders",
    group: "orders-processor",
    kafkaVersion: "3.9.2",
    processingDelayMs: 10,
    resources: { cpu: "100m", memoryMiB: 512, heapMiB: 256 },
};

type Container = { image: string; command: string[]; env: { name: string; value?: string }[] };

function containerOf(client: typeof PLAINTEXT, kafkaVersion = workload.kafkaVersion): Container {
    return podTemplate<{ containers: Container[] }>(consumerDeployment({ ...workload, kafkaVersion, client })).spec.containers[0];
}

let stubDir: string;
before(() => {
    stubDir = stubBin();
});
after(removeStubDirs);

/**
 * Runs the container's command with the stub consumer in place of /opt/kafka/bin's, a topic of three
 * records, and the Secret files the pod would mount placed in a temp dir.
 */
function runContainer(client: typeof PLAINTEXT, version: StubKafkaVersion, files: Record<string, string> = {}): { props: string; call: string[]; cluster: FakeCluster } {
    const dir = tempDir("consumer-");
    const cluster = new FakeCluster({ topics: { orders: { partitions: 6, rf: 3, log: ["a", "b", "c"] } } });
    const c = containerOf(client, version);
    const command = c.command.map((a) => a.replace("/opt/kafka/bin/kafka-console-consumer.sh", path.join(stubDir, "kafka-console-consumer.sh")));
    const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...cluster.env(version) };
    for (const e of c.env) if (e.value !== undefined) env[e.name] = e.value;
    // Mounted paths → temp files with the same base names.
    for (const key of ["CLIENT_PROPERTIES", "SASL_USERNAME_FILE", "SASL_PASSWORD_FILE", "CA_FILE"]) {
        if (env[key] === undefined) continue;
        const local = path.join(dir, path.basename(env[key]));
        if (files[key] !== undefined) fs.writeFileSync(local, files[key]);
        env[key] = local;
    }
    execFileSync(command[0], command.slice(1), { env, timeout: 10000, stdio: ["ignore", "pipe", "pipe"] });
    const calls = cluster.calls();
    assert.equal(calls.length, 1);
    return { props: fs.readFileSync(env.CLIENT_PROPERTIES, "utf8"), call: calls[0], cluster };
}

for (const version of STUB_KAFKA_VERSIONS) {
    describe(`example consumer on Kafka ${version}`, () => {
        it("runs its image's kafka-console-consumer in its group with that version's flags: nothing but records on stdout", () => {
            const f = consoleClientFlags(version);
            assert.equal(containerOf(PLAINTEXT, version).image, `apache/kafka:${version}`);
            const { props, call, cluster } = runContainer(PLAINTEXT, version);
            assert.equal(props, "security.protocol=PLAINTEXT\n");
            assert.deepEqual(call.slice(0, 7), ["kafka-console-consumer.sh", "--bootstrap-server", "kafka-bootstrap.kafka.svc.cluster.local:9092", "--topic", "orders", "--group", "orders-processor"]);
            assert.equal(call[7], f.consumerConfig);
            assert.match(call[8], /client\.properties$/);
            assert.deepEqual(call.slice(9), [f.consumerProperty, "max.poll.records=50"]);
            assert.deepEqual(cluster.chatter(), [], "a deprecation line would reach the reader as a record");
        });
    });
}

describe("example consumer", () => {
    it("runs the shared client-properties wrapper inline, then the consumer script of its Kafka version", () => {
        for (const v of STUB_KAFKA_VERSIONS) {
            const c = containerOf(PLAINTEXT, v);
            assert.deepEqual(c.command, ["/bin/sh", "-c", clientPropertiesScript(), "client-properties", "/bin/sh", "-c", consumerScript(v)]);
        }
    });

    it("SASL_SSL: SCRAM JAAS line from the mounted Secret files, PEM truststore from the mounted CA", () => {
        const { props } = runContainer(SASL_SSL, "4.3.1", { SASL_USERNAME_FILE: "svc", SASL_PASSWORD_FILE: "p4ss", CA_FILE: "-----BEGIN CERTIFICATE-----\n" });
        const lines = props.split("\n");
        assert.deepEqual(lines.slice(0, 3), [
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="p4ss";',
        ]);
        assert.equal(lines[3], "ssl.truststore.type=PEM");
        assert.match(lines[4], /^ssl\.truststore\.location=\S+\/ca\.crt$/);
    });

    it("credentials reach the pod as mounted files; the env holds only their paths", () => {
        const env = consumerEnv({ ...workload, client: SASL_SSL });
        for (const e of env) assert.ok(e.valueFrom === undefined, `${e.name} is not a plain value`);
        assert.deepEqual(
            env.filter((e) => /SASL|CA_FILE/.test(e.name as string)),
            [
                { name: "SASL_MECHANISM", value: "SCRAM-SHA-512" },
                { name: "SASL_USERNAME_FILE", value: "/etc/kafka-client/sasl/username" },
                { name: "SASL_PASSWORD_FILE", value: "/etc/kafka-client/sasl/password" },
                { name: "CA_FILE", value: "/etc/kafka-client/ca/ca.crt" },
            ],
        );
    });

    it("the Deployment mounts the client Secret and the CA read-only and /tmp as the only writable path", () => {
        const d = consumerDeployment({ ...workload, client: SASL_SSL });
        const pod = podTemplate<{ volumes: unknown[]; containers: Array<{ volumeMounts: unknown[]; securityContext: { readOnlyRootFilesystem: boolean } }> }>(d).spec;
        assert.deepEqual(pod.volumes, [
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            { name: "kafka-client-sasl", secret: { secretName: "kafka-client-user", items: [{ key: "user", path: "username" }, { key: "pass", path: "password" }], defaultMode: 0o440 } },
            { name: "kafka-client-ca", secret: { secretName: "kafka-ca", items: [{ key: "ca.crt", path: "ca.crt" }], defaultMode: 0o440 } },
        ]);
        assert.deepEqual(pod.containers[0].volumeMounts, [
            { name: "tmp", mountPath: "/tmp" },
            { name: "kafka-client-sasl", mountPath: "/etc/kafka-client/sasl", readOnly: true },
            { name: "kafka-client-ca", mountPath: "/etc/kafka-client/ca", readOnly: true },
        ]);
        assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
        assert.equal((d.spec as { replicas?: number }).replicas, undefined);
    });
});
