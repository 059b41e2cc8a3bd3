/** The pure spec builders, field by field: the spec text, names, the scripts ConfigMap, the Job. */
import * as assert from "assert";
import * as fs from "fs";
import { clientPropertiesScript } from "../../../components/common/client-config";
import { LABEL } from "../../../components/common/labels";
import { applyTopicArgs, DEFAULT_TOPIC_JOB_RESOURCES, topicJob, TopicJobArgs, topicJobFingerprint, TOPIC_ANNOTATIONS } from "../../../components/kafka/topics/job";
import { topicJobName, topicObjectName, topicScriptsName, topicSlug } from "../../../components/kafka/topics/names";
import { applyTopicScript, APPLY_TOPIC_SCRIPT_PATH, topicScriptsConfigMap } from "../../../components/kafka/topics/script";
import { parseTopicSpec, shortHash, topicSpec, topicSpecJson } from "../../../components/kafka/topics/spec";

const ORDERS = topicSpec({ name: "orders", partitions: 6, replicationFactor: 2, config: { "retention.ms": 604800000, "cleanup.policy": "delete", "unclean.leader.election.enable": false } });
const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";

function jobArgs(over: Partial<TopicJobArgs> = {}): TopicJobArgs {
    return {
        cluster: "kafka",
        namespace: "kafka",
        objectName: "kafka-topic-orders",
        configMap: "kafka-topics-scripts",
        spec: ORDERS,
        script: "#!/bin/bash\n",
        clientScript: "#!/bin/sh\n",
        image: "apache/kafka:3.9.2",
        bootstrapServers: BOOTSTRAP,
        client: { securityProtocol: "PLAINTEXT" },
        waitSeconds: 300,
        resources: DEFAULT_TOPIC_JOB_RESOURCES,
        ...over,
    };
}

describe("topic spec", () => {
    it("normalises config values to strings and sorts keys", () => {
        assert.deepStrictEqual(ORDERS, {
            name: "orders",
            partitions: 6,
            replicationFactor: 2,
            config: { "cleanup.policy": "delete", "retention.ms": "604800000", "unclean.leader.election.enable": "false" },
        });
        assert.deepStrictEqual(Object.keys(ORDERS.config), ["cleanup.policy", "retention.ms", "unclean.leader.election.enable"]);
    });

    it("serialises the spec with a fixed field order and parses it back", () => {
        const json = topicSpecJson(ORDERS);
        assert.strictEqual(
            json,
            '{\n  "name": "orders",\n  "partitions": 6,\n  "replicationFactor": 2,\n  "config": {\n' +
                '    "cleanup.policy": "delete",\n    "retention.ms": "604800000",\n    "unclean.leader.election.enable": "false"\n  }\n}\n',
        );
        assert.deepStrictEqual(parseTopicSpec(json), ORDERS);
        assert.strictEqual(topicSpecJson(topicSpec({ ...ORDERS, config: { "retention.ms": "604800000", "unclean.leader.election.enable": "false", "cleanup.policy": "delete" } })), json);
    });

    it("parseTopicSpec rejects what is not a spec", () => {
        assert.throws(() => parseTopicSpec('{"name":"a","partitions":"6","replicationFactor":2,"config":{}}'), /partitions must be an integer/);
        assert.throws(() => parseTopicSpec('{"name":"a","partitions":6,"replicationFactor":2,"config":{"x":1}}'), /config.x must be a string/);
        assert.throws(() => parseTopicSpec("[]"), /replicationFactor|name/);
    });
});

describe("topic object names", () => {
    it("keeps a DNS-safe topic name as is", () => {
        assert.strictEqual(topicObjectName("kafka", "orders"), "kafka-topic-orders");
        assert.strictEqual(topicJobName("kafka-topic-orders", "0123456789abcdef"), "kafka-topic-orders-01234567");
    });

    it("slugs other names and adds a hash of the exact name, so slugs cannot collide", () => {
        assert.strictEqual(topicSlug("Orders.V1__x"), "orders-v1-x");
        assert.strictEqual(topicObjectName("kafka", "Orders.V1"), `kafka-topic-orders-v1-${shortHash("Orders.V1", 6)}`);
        const names = ["a.b", "a_b", "A.b", "a-b"].map((t) => topicObjectName("kafka", t));
        assert.strictEqual(new Set(names).size, 4, names.join(" "));
    });

    it("leaves room for the Job hash within 63 characters, even for long cluster and topic names", () => {
        for (const cluster of ["kafka", "a".repeat(40)]) {
            for (const topic of ["x".repeat(249), "orders", "y".repeat(60) + ".z"]) {
                const name = topicObjectName(cluster, topic);
                assert.ok(name.length <= 54, `${name} (${name.length})`);
                assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
                assert.ok(topicJobName(name, "f".repeat(64)).length <= 63);
            }
        }
        assert.notStrictEqual(topicObjectName("kafka", "x".repeat(249)), topicObjectName("kafka", "x".repeat(248)));
    });
});

describe("topic scripts ConfigMap", () => {
    const cm = topicScriptsConfigMap({ cluster: "kafka", namespace: "kafka", name: topicScriptsName("kafka"), script: applyTopicScript(), clientScript: clientPropertiesScript() });

    it("carries the labels contract with component kafka-topic", () => {
        assert.deepStrictEqual(cm.metadata.labels, {
            [LABEL.partOf]: "kafka",
            [LABEL.managedBy]: "pulumi",
            [LABEL.component]: "kafka-topic",
            [LABEL.name]: "kafka-topic",
            [LABEL.instance]: "kafka-topics-scripts",
        });
        assert.strictEqual(cm.metadata.name, "kafka-topics-scripts");
        assert.strictEqual(cm.metadata.namespace, "kafka");
    });

    it("holds the apply script and the shared client-properties wrapper, and nothing of any topic", () => {
        assert.deepStrictEqual(Object.keys(cm.data).sort(), ["apply-topic.sh", "client-properties.sh"]);
        assert.strictEqual(cm.data["client-properties.sh"], clientPropertiesScript());
        assert.strictEqual(cm.data["apply-topic.sh"], fs.readFileSync(APPLY_TOPIC_SCRIPT_PATH, "utf8"));
        assert.ok(!("annotations" in cm.metadata), "the ConfigMap is the same for every topic");
    });
});

describe("topic Job", () => {
    const job = topicJob(jobArgs());
    const pod = job.spec.template.spec!;
    const c = pod.containers[0];

    it("is named after the topic plus a fingerprint, and labelled with the labels contract", () => {
        assert.strictEqual(job.metadata.name, `kafka-topic-orders-${topicJobFingerprint(jobArgs()).slice(0, 8)}`);
        assert.deepStrictEqual(job.metadata.labels, {
            [LABEL.partOf]: "kafka",
            [LABEL.managedBy]: "pulumi",
            [LABEL.component]: "kafka-topic",
            [LABEL.name]: "kafka-topic",
            [LABEL.instance]: "kafka-topic-orders",
        });
        assert.strictEqual(job.metadata.namespace, "kafka");
        assert.deepStrictEqual(job.spec.template.metadata!.labels, job.metadata.labels);
        assert.strictEqual(job.metadata.annotations["pulumi.com/replaceUnready"], "true");
    });

    it("carries the spec (parseable to it) and its hash in annotations; the pod only the topic and the hash", () => {
        const text = job.metadata.annotations[TOPIC_ANNOTATIONS.spec];
        assert.strictEqual(TOPIC_ANNOTATIONS.spec, "kafka-eks/topic-spec");
        assert.strictEqual(text, topicSpecJson(ORDERS));
        assert.deepStrictEqual(parseTopicSpec(text), ORDERS);
        assert.deepStrictEqual(job.metadata.annotations, {
            [TOPIC_ANNOTATIONS.topic]: "orders",
            [TOPIC_ANNOTATIONS.spec]: text,
            [TOPIC_ANNOTATIONS.specSha256]: shortHash(text, 64),
            "pulumi.com/replaceUnready": "true",
        });
        assert.deepStrictEqual(job.spec.template.metadata!.annotations, { [TOPIC_ANNOTATIONS.topic]: "orders", [TOPIC_ANNOTATIONS.specSha256]: shortHash(text, 64) });
    });

    it("gets a new name when anything it runs changes, and keeps it otherwise", () => {
        const base = topicJob(jobArgs()).metadata.name;
        assert.strictEqual(topicJob(jobArgs()).metadata.name, base);
        const variants: Partial<TopicJobArgs>[] = [
            { spec: { ...ORDERS, partitions: 7 } },
            { spec: { ...ORDERS, config: { ...ORDERS.config, "retention.ms": "1" } } },
            { spec: { ...ORDERS, replicationFactor: 3 } },
            { script: "#!/bin/bash\necho changed\n" },
            { clientScript: "#!/bin/sh\necho changed\n" },
            { client: { securityProtocol: "SASL_SSL", sasl: { mechanism: "SCRAM-SHA-512", secretName: "kafka-client-credentials", usernameKey: "username", passwordKey: "password" }, tls: { caSecretName: "kafka-ca", caKey: "ca.crt" } } },
            { image: "apache/kafka:3.9.1" },
            { bootstrapServers: "other:9092" },
            { waitSeconds: 60 },
            { resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } } },
            { configMap: "kafka-smoke-test-topic-scripts" },
        ];
        const names = variants.map((v) => topicJob(jobArgs(v)).metadata.name);
        assert.strictEqual(new Set([base, ...names]).size, variants.length + 1);
    });

    it("runs the script from the shared scripts ConfigMap behind the client-properties wrapper, with the spec as arguments and no secrets", () => {
        assert.strictEqual(c.image, "apache/kafka:3.9.2");
        assert.deepStrictEqual(c.command, ["sh", "/opt/kafka-eks/client-properties.sh", "bash", "/opt/kafka-eks/apply-topic.sh"]);
        assert.deepStrictEqual(c.args, [
            "--bootstrap-server", BOOTSTRAP, "--command-config", "/tmp/client.properties", "--topic", "orders", "--partitions", "6", "--replication-factor", "2",
            "--config", "cleanup.policy=delete", "--config", "retention.ms=604800000", "--config", "unclean.leader.election.enable=false",
            "--wait-seconds", "300",
        ]);
        assert.deepStrictEqual(c.args, applyTopicArgs(ORDERS, BOOTSTRAP, 300));
        assert.deepStrictEqual(c.env, [
            { name: "CLIENT_PROPERTIES", value: "/tmp/client.properties" },
            { name: "SECURITY_PROTOCOL", value: "PLAINTEXT" },
            { name: "KAFKA_HEAP_OPTS", value: "-Xms64m -Xmx256m" },
            { name: "LOG_DIR", value: "/tmp/kafka-logs" },
        ]);
        assert.deepStrictEqual(pod.volumes, [
            {
                name: "scripts",
                configMap: {
                    name: "kafka-topics-scripts",
                    items: [{ key: "apply-topic.sh", path: "apply-topic.sh" }, { key: "client-properties.sh", path: "client-properties.sh" }],
                    defaultMode: 0o444,
                },
            },
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        ]);
        assert.deepStrictEqual(c.volumeMounts, [
            { name: "scripts", mountPath: "/opt/kafka-eks", readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
        ]);
    });

    it("retries little, fails fast on permanent errors and keeps the finished Job", () => {
        assert.strictEqual(job.spec.backoffLimit, 2);
        assert.strictEqual(job.spec.activeDeadlineSeconds, 600);
        assert.ok(!("ttlSecondsAfterFinished" in job.spec), "ttlSecondsAfterFinished would delete the Job under Pulumi");
        assert.deepStrictEqual(job.spec.podFailurePolicy, {
            rules: [{ action: "FailJob", onExitCodes: { containerName: "apply-topic", operator: "In", values: [2, 3] } }],
        });
        assert.strictEqual(pod.restartPolicy, "Never");
    });

    it("runs under the restricted pod security standard with resources set", () => {
        assert.deepStrictEqual(pod.securityContext, {
            runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, fsGroupChangePolicy: "OnRootMismatch", seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(c.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
        assert.strictEqual(pod.automountServiceAccountToken, false);
        assert.strictEqual(pod.enableServiceLinks, false);
        assert.deepStrictEqual(c.resources, { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
    });

    it("SASL_SSL: mounts the client user's Secret and the CA as files, passes only their paths", () => {
        const sasl = topicJob(
            jobArgs({
                client: {
                    securityProtocol: "SASL_SSL",
                    sasl: { mechanism: "SCRAM-SHA-512", secretName: "kafka-client-credentials", usernameKey: "username", passwordKey: "password" },
                    tls: { caSecretName: "kafka-ca", caKey: "ca.crt" },
                },
            }),
        );
        const p = sasl.spec.template.spec!;
        const cc = p.containers[0];
        assert.deepStrictEqual(cc.env!.slice(0, 6), [
            { name: "CLIENT_PROPERTIES", value: "/tmp/client.properties" },
            { name: "SECURITY_PROTOCOL", value: "SASL_SSL" },
            { name: "SASL_MECHANISM", value: "SCRAM-SHA-512" },
            { name: "SASL_USERNAME_FILE", value: "/etc/kafka-client/sasl/username" },
            { name: "SASL_PASSWORD_FILE", value: "/etc/kafka-client/sasl/password" },
            { name: "CA_FILE", value: "/etc/kafka-client/ca/ca.crt" },
        ]);
        assert.deepStrictEqual(p.volumes!.slice(2), [
            { name: "kafka-client-sasl", secret: { secretName: "kafka-client-credentials", items: [{ key: "username", path: "username" }, { key: "password", path: "password" }], defaultMode: 0o440 } },
            { name: "kafka-client-ca", secret: { secretName: "kafka-ca", items: [{ key: "ca.crt", path: "ca.crt" }], defaultMode: 0o440 } },
        ]);
        assert.deepStrictEqual(cc.volumeMounts!.slice(2), [
            { name: "kafka-client-sasl", mountPath: "/etc/kafka-client/sasl", readOnly: true },
            { name: "kafka-client-ca", mountPath: "/etc/kafka-client/ca", readOnly: true },
        ]);
        assert.notStrictEqual(sasl.metadata.name, job.metadata.name, "a security change is a new run");
    });
});
