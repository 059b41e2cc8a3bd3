/**
 * The smoke test: smoke-test.sh executed with bash against the stub Kafka tools of tests/kafka/stubs/
 * (each reproducing Kafka 3.9.2 or 4.3.1, cited line by line; a one-partition topic kept in files),
 * once per release, the Job's full command (shared client-properties wrapper first) with the env
 * the Job spec sets, and the pure builders field by field.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { KafkaClientSettings } from "../../../components/common/client";
import { CLIENT_PROPERTIES_SCRIPT_PATH, clientPropertiesScript } from "../../../components/common/client-config";
import { compareKafkaVersions, consoleClientFlags, COMMAND_CONFIG_CONSOLE_VERSION } from "../../../components/common/kafka-cli-flags";
import { LABEL } from "../../../components/common/labels";
import {
    DEFAULT_SMOKE_RESOURCES,
    SMOKE_PERMANENT_EXIT_CODES,
    SMOKE_TEST_SCRIPT_PATH,
    smokeTestArgs,
    smokeTestConfigMap,
    smokeTestJob,
    SmokeTestJobArgs,
    smokeTestScript,
    smokeTopic,
} from "../../../components/kafka/smoke-test/spec";
import { FakeCluster, removeStubDirs, STUB_KAFKA_VERSIONS, StubKafkaVersion, stubBin, tempDir } from "../stubs/cluster";

const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const TOPIC = "kafka-smoke";
const SASL_SSL: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls"> = {
    securityProtocol: "SASL_SSL",
    sasl: { mechanism: "SCRAM-SHA-512", secretName: "kafka-client-credentials", usernameKey: "username", passwordKey: "password" },
    tls: { caSecretName: "kafka-ca", caKey: "ca.crt" },
};

let stubDir: string;
before(() => {
    stubDir = stubBin();
});
after(removeStubDirs);

/** A cluster with the smoke topic holding `existing` records, and the client.properties the wrapper wrote. */
function smokeCluster(
    opts: { existing?: string[]; drop?: number; lose?: number; corrupt?: string; offsetFailures?: number; noLeader?: number; pollError?: string } = {},
): { cluster: FakeCluster; props: string } {
    const cluster = new FakeCluster({
        topics: { [TOPIC]: { partitions: 1, rf: 3, log: opts.existing } },
        drop: opts.drop,
        lose: opts.lose,
        corrupt: opts.corrupt,
        noLeader: opts.noLeader,
        pollError: opts.pollError,
        unreachable: { "kafka-get-offsets.sh": opts.offsetFailures ?? 0 },
    });
    const props = path.join(cluster.dir, "client.properties");
    fs.writeFileSync(props, "security.protocol=PLAINTEXT\n");
    return { cluster, props };
}

function run(t: { cluster: FakeCluster }, version: StubKafkaVersion, args: string[], env: Record<string, string> = {}, bin = stubDir) {
    return spawnSync("bash", [SMOKE_TEST_SCRIPT_PATH, ...args], {
        encoding: "utf8",
        env: { PATH: `${bin}:${process.env.PATH}`, ...t.cluster.env(version), SMOKE_RUN_ID: "run-1", SMOKE_POLL_SECONDS: "0", ...env },
        timeout: 30000,
    });
}

/** The Job's arguments, with the client.properties path of the test. */
const args = (t: { props: string }, kafkaVersion: string, messages = 5, timeoutSeconds = 60) =>
    smokeTestArgs({ bootstrapServers: BOOTSTRAP, topic: TOPIC, messages, timeoutSeconds, kafkaVersion }).map((a) => (a === "/tmp/client.properties" ? t.props : a));
const sent = (n: number, run = "run-1") => Array.from({ length: n }, (_, i) => `smoke-test ${run} ${i + 1}/${n}`);

for (const version of STUB_KAFKA_VERSIONS) {
    describe(`smoke-test.sh against Kafka ${version}'s tools`, () => {
        const f = consoleClientFlags(version);

        it("reads the end offset, produces N records with acks=all, reads exactly those back, with no deprecated flag", () => {
            const t = smokeCluster({ existing: ["old 1", "old 2", "old 3"] });
            const r = run(t, version, args(t, version, 5));
            assert.strictEqual(r.status, 0, r.stderr);
            const c = t.cluster.calls();
            assert.deepStrictEqual(c[0], ["kafka-get-offsets.sh", "--bootstrap-server", BOOTSTRAP, "--command-config", t.props, "--topic", TOPIC, "--partitions", "0", "--time", "-1"]);
            assert.deepStrictEqual(c[1].slice(0, 6), ["kafka-console-producer.sh", "--bootstrap-server", BOOTSTRAP, "--topic", TOPIC, f.producerConfig]);
            assert.strictEqual(c[1].length, 7);
            assert.deepStrictEqual(c[2].slice(0, 15), [
                "kafka-console-consumer.sh", "--bootstrap-server", BOOTSTRAP, "--topic", TOPIC, f.consumerConfig, t.props,
                f.formatterProperty, "print.offset=true", "--partition", "0", "--offset", "3", "--max-messages", "5",
            ]);
            assert.strictEqual(c[2][15], "--timeout-ms");
            assert.strictEqual(c.length, 3);
            assert.deepStrictEqual(t.cluster.chatter(), [], "no tool printed a deprecation line");
            // The producer got the client's own settings plus the durability settings under test.
            assert.strictEqual(t.cluster.file("producer.properties"), "security.protocol=PLAINTEXT\nacks=all\nenable.idempotence=true\ndelivery.timeout.ms=60000\n");
            assert.deepStrictEqual(t.cluster.topic(TOPIC)!.log, ["old 1", "old 2", "old 3", ...sent(5)]);
            assert.match(r.stdout, /5 records written to kafka-smoke with acks=all \(offsets 3-7\) and read back intact/);
        });

        it("fails with exit 5 when acknowledged records do not come back", () => {
            const t = smokeCluster({ lose: 2 });
            const r = run(t, version, args(t, version, 5));
            assert.strictEqual(r.status, 5);
            assert.match(r.stderr, /sent 5 records to kafka-smoke from offset 0, read back 3 that do not match \(2 sent records missing, 0 records read back that were not sent\)/);
        });

        it("fails with retryable exit 6 when the cluster refuses a write (the producer exits 0 but logs the send error), before reading back", () => {
            const t = smokeCluster({ drop: 2 });
            const r = run(t, version, args(t, version, 5));
            assert.strictEqual(r.status, 6, r.stderr);
            assert.ok(!SMOKE_PERMANENT_EXIT_CODES.includes(6), "a refused write is retried");
            assert.match(r.stderr, /ERROR Error when sending message to topic kafka-smoke .*\norg.apache.kafka.common.errors.NotEnoughReplicasException/, "the producer's errors are still shown");
            assert.match(r.stderr, /the cluster refused 2 of 5 writes to kafka-smoke/);
            assert.deepStrictEqual(t.cluster.calls().map((c) => c[0]), ["kafka-get-offsets.sh", "kafka-console-producer.sh"]);
        });

        it("fails with a retryable tool error when the consumer stops on an error other than its timeout (it exits 0)", () => {
            const t = smokeCluster({ pollError: "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [kafka-smoke]" });
            const r = run(t, version, args(t, version, 3));
            assert.strictEqual(r.status, 1, r.stderr);
            assert.ok(!SMOKE_PERMANENT_EXIT_CODES.includes(1));
            assert.match(r.stderr, /Processed a total of 0 messages/, "the consumer's stderr is still shown");
            assert.match(r.stderr, /stopped on an error, not its timeout: org\.apache\.kafka\.common\.errors\.TopicAuthorizationException: Not authorized/);
        });

        it("keeps waiting while kafka-get-offsets.sh skips partition 0 (no leader yet), and gives up with exit 4 at the deadline", () => {
            const t = smokeCluster({ noLeader: 2 });
            const r = run(t, version, args(t, version, 1));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(t.cluster.calls().map((c) => c[0]), ["kafka-get-offsets.sh", "kafka-get-offsets.sh", "kafka-get-offsets.sh", "kafka-console-producer.sh", "kafka-console-consumer.sh"]);
            assert.match(r.stderr, /Skip getting offsets for topic-partition kafka-smoke-0/);
            const never = smokeCluster({ noLeader: 100000 });
            const gaveUp = run(never, version, args(never, version, 1, 1), { SMOKE_POLL_SECONDS: "0.2" });
            assert.strictEqual(gaveUp.status, 4, gaveUp.stderr);
            assert.match(gaveUp.stderr, /no end offset for kafka-smoke partition 0 from kafka-bootstrap\.kafka\.svc\.cluster\.local:9092 after 1s/);
            assert.ok(!never.cluster.calls().some((c) => c[0] !== "kafka-get-offsets.sh"), "nothing produced");
        });

        it("fails with exit 5 when other records come back (content is compared, not just the count)", () => {
            const t = smokeCluster({ existing: ["old 1"], corrupt: "s/ 2\\/3$/ 2\\/3 (damaged)/" });
            const r = run(t, version, args(t, version, 3));
            assert.strictEqual(r.status, 5);
            assert.match(r.stderr, /read back 3 that do not match \(1 sent records missing, 1 records read back that were not sent\)/);
            assert.match(r.stderr, /Offset:2\tsmoke-test run-1 2\/3 \(damaged\)/);
        });

        it("a second run reads only its own records, from the new end offset", () => {
            const t = smokeCluster();
            assert.strictEqual(run(t, version, args(t, version, 2)).status, 0);
            const again = run(t, version, args(t, version, 2), { SMOKE_RUN_ID: "run-2" });
            assert.strictEqual(again.status, 0, again.stderr);
            assert.match(again.stdout, /\(offsets 2-3\)/);
            assert.deepStrictEqual(t.cluster.topic(TOPIC)!.log, [...sent(2), ...sent(2, "run-2")]);
        });

        it("counts only records: other lines a tool prints on stdout are neither records nor differences", () => {
            // A consumer that prints a line of its own before the records (as 4.2+ does for a deprecated flag).
            const bin = tempDir("smoke-noisy-");
            for (const tool of fs.readdirSync(stubDir)) fs.symlinkSync(path.join(stubDir, tool), path.join(bin, tool));
            fs.rmSync(path.join(bin, "kafka-console-consumer.sh"));
            fs.writeFileSync(path.join(bin, "kafka-console-consumer.sh"), `#!/bin/bash\necho "Option --consumer.config is deprecated"\nexec "${stubDir}/kafka-console-consumer.sh" "$@"\n`, { mode: 0o755 });
            const t = smokeCluster();
            const r = run(t, version, args(t, version, 4), {}, bin);
            assert.strictEqual(r.status, 0, r.stderr);
            const lost = smokeCluster({ lose: 1 });
            const l = run(lost, version, args(lost, version, 4), {}, bin);
            assert.strictEqual(l.status, 5);
            assert.match(l.stderr, /read back 3 that do not match/);
        });

        it("waits for the cluster, and gives up with exit 4 when it never answers", () => {
            const t = smokeCluster({ offsetFailures: 2 });
            const r = run(t, version, args(t, version, 1));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(t.cluster.calls().map((c) => c[0]), ["kafka-get-offsets.sh", "kafka-get-offsets.sh", "kafka-get-offsets.sh", "kafka-console-producer.sh", "kafka-console-consumer.sh"]);
            const never = smokeCluster({ offsetFailures: 100000 });
            const gaveUp = run(never, version, args(never, version, 1, 1), { SMOKE_POLL_SECONDS: "0.2" });
            assert.strictEqual(gaveUp.status, 4);
            assert.match(gaveUp.stderr, /no end offset for kafka-smoke partition 0 from kafka-bootstrap\.kafka\.svc\.cluster\.local:9092 after 1s/);
            assert.ok(!never.cluster.calls().some((c) => c[0] !== "kafka-get-offsets.sh"), "nothing produced");
        });

        it("rejects bad arguments with exit 2 before calling Kafka", () => {
            const t = smokeCluster();
            const good = args(t, version);
            const bad = [
                good.map((a) => (a === "5" ? "0" : a)),
                good.map((a) => (a === t.props ? "/nonexistent" : a)),
                good.map((a) => (a === version ? "4.3" : a)),
                good.filter((a, i) => a !== "--kafka-version" && good[i - 1] !== "--kafka-version"),
                [...good, "--bogus", "x"],
                ["--topic"],
            ];
            for (const b of bad) {
                const r = run(t, version, b);
                assert.strictEqual(r.status, 2, `${b.join(" ")}: ${r.stderr}`);
            }
            assert.deepStrictEqual(t.cluster.calls(), []);
        });
    });
}

describe("smoke-test.sh chooses the console tools' flags by --kafka-version", () => {
    // Before 4.2 the tools behave as 3.9.2's (old flags only), from 4.2 as 4.3.1's.
    for (const v of ["3.9.2", "4.0.0", "4.1.2", "4.2.0", "4.3.1", "5.0.0"]) {
        it(`${v}: the flags of consoleClientFlags("${v}"), accepted and silent`, () => {
            const behaviour: StubKafkaVersion = compareKafkaVersions(v, COMMAND_CONFIG_CONSOLE_VERSION) < 0 ? "3.9.2" : "4.3.1";
            const t = smokeCluster();
            const r = run(t, behaviour, args(t, v, 2));
            assert.strictEqual(r.status, 0, r.stderr);
            const [, producer, consumer] = t.cluster.calls();
            const f = consoleClientFlags(v);
            assert.strictEqual(producer[5], f.producerConfig);
            assert.deepStrictEqual([consumer[5], consumer[7]], [f.consumerConfig, f.formatterProperty]);
            assert.deepStrictEqual(t.cluster.chatter(), []);
        });
    }
});

describe("smoke-test Job spec", () => {
    const base: SmokeTestJobArgs = {
        cluster: "kafka",
        namespace: "kafka",
        topic: TOPIC,
        messages: 100,
        timeoutSeconds: 300,
        kafkaVersion: "4.3.1",
        bootstrapServers: BOOTSTRAP,
        client: SASL_SSL,
        script: smokeTestScript(),
        clientScript: clientPropertiesScript(),
        clusterRevision: "rev-1",
        resources: DEFAULT_SMOKE_RESOURCES,
    };
    const job = smokeTestJob(base);
    const pod = job.spec.template.spec!;
    const c = pod.containers[0];

    it("the smoke topic: one partition, the cluster's RF and min ISR, an hour or 32 MiB of retention", () => {
        assert.deepStrictEqual(smokeTopic("kafka", 3, 2), {
            name: "kafka-smoke", partitions: 1, replicationFactor: 3,
            config: { "min.insync.replicas": 2, "retention.ms": 3600000, "retention.bytes": 33554432, "segment.bytes": 8388608 },
        });
    });

    it("ConfigMap ships smoke-test.sh and the shared client-properties wrapper, labelled smoke-test", () => {
        const cm = smokeTestConfigMap(base);
        assert.strictEqual(cm.metadata.name, "kafka-smoke-test");
        assert.deepStrictEqual(Object.keys(cm.data).sort(), ["client-properties.sh", "smoke-test.sh"]);
        assert.strictEqual(cm.data["smoke-test.sh"], fs.readFileSync(SMOKE_TEST_SCRIPT_PATH, "utf8"));
        assert.strictEqual(cm.data["client-properties.sh"], fs.readFileSync(CLIENT_PROPERTIES_SCRIPT_PATH, "utf8"));
        assert.strictEqual(cm.metadata.labels[LABEL.component], "smoke-test");
    });

    it("is named after its inputs: same inputs same Job, any change (incl. the cluster revision) a new run", () => {
        assert.match(job.metadata.name, /^kafka-smoke-test-[0-9a-f]{8}$/);
        assert.strictEqual(smokeTestJob(base).metadata.name, job.metadata.name);
        const variants: Partial<SmokeTestJobArgs>[] = [
            { messages: 101 },
            { clusterRevision: "rev-2" },
            { kafkaVersion: "4.3.0" },
            { client: { securityProtocol: "PLAINTEXT" } },
            { script: "#!/bin/bash\n" },
            { clientScript: "#!/bin/sh\n" },
            { bootstrapServers: "other:9092" },
        ];
        const names = variants.map((v) => smokeTestJob({ ...base, ...v }).metadata.name);
        assert.strictEqual(new Set([job.metadata.name, ...names]).size, variants.length + 1);
    });

    it("runs the wrapper then the script, with paths (never credentials) in env and the Secrets mounted", () => {
        assert.deepStrictEqual(c.command, ["sh", "/opt/kafka-eks/client-properties.sh", "bash", "/opt/kafka-eks/smoke-test.sh"]);
        assert.strictEqual(c.image, "apache/kafka:4.3.1");
        assert.deepStrictEqual(c.args, ["--bootstrap-server", BOOTSTRAP, "--command-config", "/tmp/client.properties", "--kafka-version", "4.3.1", "--topic", TOPIC, "--messages", "100", "--timeout-seconds", "300"]);
        assert.deepStrictEqual(c.env, [
            { name: "CLIENT_PROPERTIES", value: "/tmp/client.properties" },
            { name: "SECURITY_PROTOCOL", value: "SASL_SSL" },
            { name: "SASL_MECHANISM", value: "SCRAM-SHA-512" },
            { name: "SASL_USERNAME_FILE", value: "/etc/kafka-client/sasl/username" },
            { name: "SASL_PASSWORD_FILE", value: "/etc/kafka-client/sasl/password" },
            { name: "CA_FILE", value: "/etc/kafka-client/ca/ca.crt" },
            { name: "SMOKE_RUN_ID", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
            { name: "KAFKA_HEAP_OPTS", value: "-Xms128m -Xmx384m" },
            { name: "LOG_DIR", value: "/tmp/kafka-logs" },
        ]);
        assert.deepStrictEqual(pod.volumes!.map((v) => v.name), ["scripts", "tmp", "kafka-client-sasl", "kafka-client-ca"]);
        assert.deepStrictEqual(c.volumeMounts!.map((m) => [m.name, m.mountPath, m.readOnly ?? false]), [
            ["scripts", "/opt/kafka-eks", true],
            ["tmp", "/tmp", false],
            ["kafka-client-sasl", "/etc/kafka-client/sasl", true],
            ["kafka-client-ca", "/etc/kafka-client/ca", true],
        ]);
    });

    it("fails fast and for good on lost records, is replaced when unready, keeps the finished Job", () => {
        assert.strictEqual(job.spec.backoffLimit, 1);
        assert.strictEqual(job.spec.activeDeadlineSeconds, 480);
        assert.deepStrictEqual(job.spec.podFailurePolicy, { rules: [{ action: "FailJob", onExitCodes: { containerName: "smoke-test", operator: "In", values: [2, 5] } }] });
        assert.ok(!("ttlSecondsAfterFinished" in job.spec));
        assert.strictEqual(job.metadata.annotations!["pulumi.com/replaceUnready"], "true");
        assert.strictEqual(pod.restartPolicy, "Never");
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.strictEqual(c.securityContext!.readOnlyRootFilesystem, true);
    });

    for (const version of STUB_KAFKA_VERSIONS) {
        it(`the Job's whole command chain (wrapper, then script) at ${version}, with SASL_SSL files: the tools get the written client.properties`, () => {
            const vc = smokeTestJob({ ...base, kafkaVersion: version, messages: 3, timeoutSeconds: 30 }).spec.template.spec!.containers[0];
            assert.strictEqual(vc.image, `apache/kafka:${version}`);
            const t = smokeCluster();
            const secrets = tempDir("smoke-secrets-");
            const files: Record<string, string> = { SASL_USERNAME_FILE: "client", SASL_PASSWORD_FILE: "s3cret", CA_FILE: "-----BEGIN CERTIFICATE-----\n" };
            const env: Record<string, string> = { PATH: `${stubDir}:${process.env.PATH}`, ...t.cluster.env(version), SMOKE_RUN_ID: "run-1", SMOKE_POLL_SECONDS: "0" };
            for (const e of vc.env!) if (e.value !== undefined) env[e.name] = e.value;
            env.CLIENT_PROPERTIES = path.join(secrets, "client.properties");
            for (const [k, v] of Object.entries(files)) {
                env[k] = path.join(secrets, k);
                fs.writeFileSync(env[k], v);
            }
            const scriptDir = tempDir("smoke-scripts-");
            fs.writeFileSync(path.join(scriptDir, "client-properties.sh"), clientPropertiesScript());
            fs.writeFileSync(path.join(scriptDir, "smoke-test.sh"), smokeTestScript());
            const command = vc.command!.map((a) => a.replace("/opt/kafka-eks", scriptDir));
            const cargs = vc.args!.map((a) => (a === "/tmp/client.properties" ? env.CLIENT_PROPERTIES : a));
            const r = spawnSync(command[0], [...command.slice(1), ...cargs], { encoding: "utf8", env, timeout: 30000 });
            assert.strictEqual(r.status, 0, r.stderr);
            const props = fs.readFileSync(env.CLIENT_PROPERTIES, "utf8");
            assert.strictEqual(
                props,
                [
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=SCRAM-SHA-512",
                    'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="client" password="s3cret";',
                    "ssl.truststore.type=PEM",
                    `ssl.truststore.location=${env.CA_FILE}`,
                    "",
                ].join("\n"),
            );
            assert.strictEqual(fs.statSync(env.CLIENT_PROPERTIES).mode & 0o777, 0o600);
            assert.strictEqual(t.cluster.file("producer.properties"), props + "acks=all\nenable.idempotence=true\ndelivery.timeout.ms=60000\n");
            assert.deepStrictEqual(t.cluster.chatter(), []);
            assert.ok(!r.stdout.includes("s3cret") && !r.stderr.includes("s3cret"), "the password is never printed");
        });
    }
});
