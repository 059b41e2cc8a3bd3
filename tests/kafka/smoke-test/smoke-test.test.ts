/**
 * The smoke test: smoke-test.sh executed with bash against stub kafka-get-offsets.sh /
 * kafka-console-producer.sh / kafka-console-consumer.sh (stubs/, a one-partition topic kept in a
 * file), the Job's full command (shared client-properties wrapper first) with the env the Job spec
 * sets, and the pure builders field by field.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { KafkaClientSettings } from "../../../components/common/client";
import { CLIENT_PROPERTIES_SCRIPT_PATH, clientPropertiesScript } from "../../../components/common/client-config";
import { LABEL } from "../../../components/common/labels";
import {
    DEFAULT_SMOKE_RESOURCES,
    SMOKE_TEST_SCRIPT_PATH,
    smokeTestArgs,
    smokeTestConfigMap,
    smokeTestJob,
    SmokeTestJobArgs,
    smokeTestScript,
    smokeTopic,
} from "../../../components/kafka/smoke-test/spec";

const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const TOPIC = "kafka-smoke";
const SASL_SSL: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls"> = {
    securityProtocol: "SASL_SSL",
    sasl: { mechanism: "SCRAM-SHA-512", secretName: "kafka-client-credentials", usernameKey: "username", passwordKey: "password" },
    tls: { caSecretName: "kafka-ca", caKey: "ca.crt" },
};

let stubDir: string;
const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(prefix: string): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temps.push(d);
    return d;
}

interface Topic {
    state: string;
    props: string;
}

/** A fake one-partition topic holding `existing` records; `drop` records are lost by the producer. */
function topic(opts: { existing?: string[]; drop?: number; offsetFailures?: number } = {}): Topic {
    const state = tempDir("smoke-state-");
    fs.writeFileSync(path.join(state, "records"), (opts.existing ?? []).map((r) => r + "\n").join(""));
    fs.writeFileSync(path.join(state, "drop"), `${opts.drop ?? 0}\n`);
    fs.writeFileSync(path.join(state, "offset_failures"), `${opts.offsetFailures ?? 0}\n`);
    const props = path.join(state, "client.properties");
    fs.writeFileSync(props, "security.protocol=PLAINTEXT\n");
    return { state, props };
}

function calls(state: string): string[][] {
    const log = path.join(state, "calls");
    return fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter((l) => l).map((l) => l.split("\x1f")) : [];
}

function records(state: string): string[] {
    return fs.readFileSync(path.join(state, "records"), "utf8").split("\n").filter((l) => l);
}

function run(t: Topic, args: string[], env: Record<string, string> = {}) {
    return spawnSync("bash", [SMOKE_TEST_SCRIPT_PATH, ...args], {
        encoding: "utf8",
        env: { PATH: `${stubDir}:${process.env.PATH}`, STUB_STATE: t.state, SMOKE_RUN_ID: "run-1", SMOKE_POLL_SECONDS: "0", ...env },
        timeout: 30000,
    });
}

const args = (t: Topic, messages = 5, timeoutSeconds = 60) => smokeTestArgs({ bootstrapServers: BOOTSTRAP, topic: TOPIC, messages, timeoutSeconds }).map((a) => (a === "/tmp/client.properties" ? t.props : a));
const sent = (n: number) => Array.from({ length: n }, (_, i) => `smoke-test run-1 ${i + 1}/${n}`);

describe("smoke-test.sh", () => {
    before(() => {
        stubDir = tempDir("smoke-stubs-");
        for (const f of fs.readdirSync(path.join(__dirname, "stubs"))) {
            fs.copyFileSync(path.join(__dirname, "stubs", f), path.join(stubDir, f));
            fs.chmodSync(path.join(stubDir, f), 0o755);
        }
    });

    it("reads the end offset, produces N records with acks=all, reads exactly those back", () => {
        const t = topic({ existing: ["old 1", "old 2", "old 3"] });
        const r = run(t, args(t, 5));
        assert.strictEqual(r.status, 0, r.stderr);
        const c = calls(t.state);
        assert.deepStrictEqual(c[0], ["kafka-get-offsets.sh", "--bootstrap-server", BOOTSTRAP, "--command-config", t.props, "--topic", TOPIC, "--partitions", "0", "--time", "-1"]);
        assert.deepStrictEqual(c[1].slice(0, 5), ["kafka-console-producer.sh", "--bootstrap-server", BOOTSTRAP, "--topic", TOPIC]);
        assert.strictEqual(c[1][5], "--producer.config");
        assert.strictEqual(c[1].length, 7);
        assert.deepStrictEqual(c[2].slice(0, 13), [
            "kafka-console-consumer.sh", "--bootstrap-server", BOOTSTRAP, "--topic", TOPIC, "--consumer.config", t.props,
            "--partition", "0", "--offset", "3", "--max-messages", "5",
        ]);
        assert.strictEqual(c[2][13], "--timeout-ms");
        assert.strictEqual(c.length, 3);
        // The producer got the client's own settings plus the durability settings under test.
        assert.strictEqual(fs.readFileSync(path.join(t.state, "producer.properties"), "utf8"), "security.protocol=PLAINTEXT\nacks=all\nenable.idempotence=true\ndelivery.timeout.ms=60000\n");
        assert.deepStrictEqual(records(t.state), ["old 1", "old 2", "old 3", ...sent(5)]);
        assert.match(r.stdout, /5 records written to kafka-smoke with acks=all \(offsets 3-7\) and read back intact/);
    });

    it("fails with exit 5 when fewer records come back than were sent", () => {
        const t = topic({ drop: 2 });
        const r = run(t, args(t, 5));
        assert.strictEqual(r.status, 5);
        assert.match(r.stderr, /sent 5 records to kafka-smoke from offset 0, read back 3 that do not match/);
    });

    it("fails with exit 5 when other records come back (content is compared, not just the count)", () => {
        const t = topic();
        // A producer that writes something else: the stub stores what it reads, so feed a different run id.
        const r = spawnSync("bash", [SMOKE_TEST_SCRIPT_PATH, ...args(t, 2)], {
            encoding: "utf8",
            env: { PATH: `${stubDir}:${process.env.PATH}`, STUB_STATE: t.state, SMOKE_RUN_ID: "run-1", SMOKE_POLL_SECONDS: "0" },
        });
        assert.strictEqual(r.status, 0, r.stderr);
        const again = run(t, args(t, 2), { SMOKE_RUN_ID: "run-2" });
        assert.strictEqual(again.status, 0, "a second run reads only its own records, from the new end offset");
        // Now corrupt the log behind the consumer's back: rewrite the records the next run will read.
        const consumer = path.join(stubDir, "kafka-console-consumer.sh");
        const original = fs.readFileSync(consumer, "utf8");
        fs.writeFileSync(consumer, original.replace('head -n "$max"', 'head -n "$max" | sed s/run-3/run-X/'));
        try {
            const bad = run(t, args(t, 2), { SMOKE_RUN_ID: "run-3" });
            assert.strictEqual(bad.status, 5);
            assert.match(bad.stderr, /read back 2 that do not match/);
        } finally {
            fs.writeFileSync(consumer, original);
        }
    });

    it("waits for the cluster, and gives up with exit 4 when it never answers", () => {
        const t = topic({ offsetFailures: 2 });
        const r = run(t, args(t, 1));
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(calls(t.state).map((c) => c[0]), ["kafka-get-offsets.sh", "kafka-get-offsets.sh", "kafka-get-offsets.sh", "kafka-console-producer.sh", "kafka-console-consumer.sh"]);
        const never = topic({ offsetFailures: 100000 });
        const gaveUp = run(never, args(never, 1, 1), { SMOKE_POLL_SECONDS: "0.2" });
        assert.strictEqual(gaveUp.status, 4);
        assert.match(gaveUp.stderr, /no answer from kafka-bootstrap\.kafka\.svc\.cluster\.local:9092 after 1s/);
        assert.ok(!calls(never.state).some((c) => c[0] !== "kafka-get-offsets.sh"), "nothing produced");
    });

    it("rejects bad arguments with exit 2 before calling Kafka", () => {
        const t = topic();
        for (const bad of [args(t, 5).map((a) => (a === "5" ? "0" : a)), args(t).map((a) => (a === t.props ? "/nonexistent" : a)), [...args(t), "--bogus", "x"], ["--topic"]]) {
            const r = run(t, bad);
            assert.strictEqual(r.status, 2, r.stderr);
        }
        assert.deepStrictEqual(calls(t.state), []);
    });
});

describe("smoke-test Job spec", () => {
    const base: SmokeTestJobArgs = {
        cluster: "kafka",
        namespace: "kafka",
        topic: TOPIC,
        messages: 100,
        timeoutSeconds: 300,
        image: "apache/kafka:4.3.1",
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
            { image: "apache/kafka:4.3.0" },
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
        assert.deepStrictEqual(c.args, ["--bootstrap-server", BOOTSTRAP, "--command-config", "/tmp/client.properties", "--topic", TOPIC, "--messages", "100", "--timeout-seconds", "300"]);
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

    it("the Job's whole command chain (wrapper, then script) with SASL_SSL files: the tools get the written client.properties", () => {
        const t = topic();
        const secrets = tempDir("smoke-secrets-");
        const files: Record<string, string> = { SASL_USERNAME_FILE: "client", SASL_PASSWORD_FILE: "s3cret", CA_FILE: "-----BEGIN CERTIFICATE-----\n" };
        const env: Record<string, string> = { PATH: `${stubDir}:${process.env.PATH}`, STUB_STATE: t.state, SMOKE_RUN_ID: "run-1", SMOKE_POLL_SECONDS: "0" };
        for (const e of c.env!) if (e.value !== undefined) env[e.name] = e.value;
        env.CLIENT_PROPERTIES = path.join(secrets, "client.properties");
        for (const [k, v] of Object.entries(files)) {
            env[k] = path.join(secrets, k);
            fs.writeFileSync(env[k], v);
        }
        const scriptDir = tempDir("smoke-scripts-");
        fs.writeFileSync(path.join(scriptDir, "client-properties.sh"), clientPropertiesScript());
        fs.writeFileSync(path.join(scriptDir, "smoke-test.sh"), smokeTestScript());
        const command = c.command!.map((a) => a.replace("/opt/kafka-eks", scriptDir));
        const cargs = smokeTestArgs({ bootstrapServers: BOOTSTRAP, topic: TOPIC, messages: 3, timeoutSeconds: 30 }).map((a) => (a === "/tmp/client.properties" ? env.CLIENT_PROPERTIES : a));
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
        assert.strictEqual(fs.readFileSync(path.join(t.state, "producer.properties"), "utf8"), props + "acks=all\nenable.idempotence=true\ndelivery.timeout.ms=60000\n");
        assert.ok(!r.stdout.includes("s3cret") && !r.stderr.includes("s3cret"), "the password is never printed");
    });
});
