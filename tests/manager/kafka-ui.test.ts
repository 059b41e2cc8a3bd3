import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { KAFKA_UI_IMAGE } from "../../components/common/images";
import { KAFKA_UI_HEALTH_PATH, kafkaUiDeployment, kafkaUiEnv, KafkaUiInput } from "../../components/manager/kafka-ui-spec";
import { managerService } from "../../components/manager/workload-parts";
import { UPSTREAM } from "../harness";
import { PLAINTEXT, SASL_SSL, podTemplate } from "../autoscaling/fixtures";

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type Probe = { httpGet: { path: string; port: string }; failureThreshold: number };
type Container = {
    name: string;
    image: string;
    env: Env[];
    ports: Array<{ name: string; containerPort: number }>;
    resources: { requests: Record<string, string>; limits: Record<string, string> };
    securityContext: Record<string, unknown>;
    volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
    startupProbe: Probe;
    readinessProbe: Probe;
    livenessProbe: Probe;
};
type PodSpec = { securityContext: Record<string, unknown>; containers: Container[]; volumes: unknown[]; automountServiceAccountToken: boolean; enableServiceLinks: boolean };

/** env.txt names; `<...>` parts are free-form suffixes (Kafka client properties, map keys). */
const KNOWN = fs
    .readFileSync(path.join(UPSTREAM, "kafka-ui", "env.txt"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith("#"))
    .map((l) => l.split("|")[0].trim());
const PATTERNS = KNOWN.map((n) => new RegExp(`^${n.split(/<[^>]+>/).map((p) => p.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")).join("[A-Z0-9_]+")}$`));
const known = (name: string) => PATTERNS.some((p) => p.test(name));

const LOGIN = { secretName: "kafka-ui-login" };
const RESOURCES = { cpu: "250m", memoryMiB: 1024, heapMiB: 512 };
const base: KafkaUiInput = { name: "kafka-ui", cluster: "kafka", client: PLAINTEXT, image: KAFKA_UI_IMAGE, readOnly: false, login: LOGIN, resources: RESOURCES };

function pod(u: KafkaUiInput): PodSpec {
    return podTemplate<PodSpec>(kafkaUiDeployment(u)).spec;
}

describe("kafka-ui spec", () => {
    it("PLAINTEXT with login: exactly these env vars", () => {
        assert.deepEqual(kafkaUiEnv(base), [
            { name: "KAFKA_CLUSTERS_0_NAME", value: "kafka" },
            { name: "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", value: "kafka-bootstrap.kafka.svc.cluster.local:9092" },
            { name: "KAFKA_CLUSTERS_0_READONLY", value: "false" },
            { name: "KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", value: "PLAINTEXT" },
            { name: "AUTH_TYPE", value: "LOGIN_FORM" },
            { name: "SPRING_CONFIG_IMPORT", value: "configtree:/etc/kafka-ui/config-tree/login/" },
            { name: "JAVA_OPTS", value: "-Xms512m -Xmx512m" },
            { name: "GITHUB_RELEASE_INFO_ENABLED", value: "false" },
        ]);
    });

    it("SASL_SSL: SCRAM properties whose credentials Spring reads from mounted config trees, and a PEM truststore from the CA Secret", () => {
        const env = kafkaUiEnv({ ...base, client: SASL_SSL }) as Env[];
        const byName = (n: string) => env.find((e) => e.name === n)!;
        assert.equal(byName("KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL").value, "SASL_SSL");
        assert.equal(byName("KAFKA_CLUSTERS_0_PROPERTIES_SASL_MECHANISM").value, "SCRAM-SHA-512");
        // Spring placeholders, resolved from the config-tree properties (the file names below) when kafka-ui binds its config.
        assert.equal(
            byName("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG").value,
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="${kafka-eks.kafka-user.username}" password="${kafka-eks.kafka-user.password}";',
        );
        assert.equal(byName("SPRING_CONFIG_IMPORT").value, "configtree:/etc/kafka-ui/config-tree/kafka-user/,configtree:/etc/kafka-ui/config-tree/login/");
        assert.ok(!env.some((e) => e.valueFrom !== undefined), "nothing from a Secret in the environment");
        assert.equal(byName("KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE").value, "PEM");
        assert.equal(byName("KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION").value, "/etc/kafka-ui/ca/ca.crt");
        const p = pod({ ...base, client: SASL_SSL });
        assert.deepEqual(p.volumes.slice(1), [
            { name: "kafka-ca", secret: { secretName: "kafka-ca" } },
            { name: "kafka-user", secret: { secretName: "kafka-client-user", defaultMode: 0o440, items: [{ key: "user", path: "kafka-eks.kafka-user.username" }, { key: "pass", path: "kafka-eks.kafka-user.password" }] } },
            { name: "login", secret: { secretName: "kafka-ui-login", defaultMode: 0o440, items: [{ key: "username", path: "spring.security.user.name" }, { key: "password", path: "spring.security.user.password" }] } },
        ]);
        assert.deepEqual(p.containers[0].volumeMounts.slice(1), [
            { name: "kafka-ca", mountPath: "/etc/kafka-ui/ca", readOnly: true },
            { name: "kafka-user", mountPath: "/etc/kafka-ui/config-tree/kafka-user", readOnly: true },
            { name: "login", mountPath: "/etc/kafka-ui/config-tree/login", readOnly: true },
        ]);
        // Every placeholder names a file of a mounted tree.
        const files = p.volumes.flatMap((v) => ((v as { secret?: { items?: { path: string }[] } }).secret?.items ?? []).map((i) => i.path));
        for (const m of byName("KAFKA_CLUSTERS_0_PROPERTIES_SASL_JAAS_CONFIG").value!.matchAll(/\$\{([^}]+)\}/g)) assert.ok(files.includes(m[1]), m[1]);
    });

    it("read-only without login: AUTH_TYPE DISABLED, KAFKA_CLUSTERS_0_READONLY true, no login tree", () => {
        const env = kafkaUiEnv({ ...base, readOnly: true, login: undefined }) as Env[];
        assert.equal(env.find((e) => e.name === "AUTH_TYPE")!.value, "DISABLED");
        assert.equal(env.find((e) => e.name === "KAFKA_CLUSTERS_0_READONLY")!.value, "true");
        assert.ok(!env.some((e) => e.name.startsWith("SPRING_")));
        assert.ok(!pod({ ...base, readOnly: true, login: undefined }).volumes.some((v) => (v as { name: string }).name === "login"));
    });

    it("the env.txt matcher knows real names and rejects near misses", () => {
        assert.ok(known("KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE"));
        assert.ok(known("SPRING_SECURITY_USER_PASSWORD"));
        assert.ok(!known("KAFKA_CLUSTERS_0_BOOTSTRAP_SERVERS"));
        assert.ok(!known("AUTH_ENABLED"));
        assert.ok(!known("KAFKA_CLUSTERS_0_SSL_VERIFYSSL"));
    });

    for (const [label, client] of [["PLAINTEXT", PLAINTEXT], ["SASL_SSL", SASL_SSL]] as const) {
        it(`${label}: every env var is one kafka-ui v1.5.0 reads (env.txt)`, () => {
            for (const e of kafkaUiEnv({ ...base, client }) as Env[]) assert.ok(known(e.name), `${e.name} is not in kafka-ui/env.txt`);
        });
    }

    it("no credential in the environment, neither literal nor by secretKeyRef", () => {
        for (const e of kafkaUiEnv({ ...base, client: SASL_SSL }) as Env[]) {
            assert.ok(!/PASSWORD|USER_NAME|USERNAME/.test(e.name), e.name);
            assert.equal(e.valueFrom, undefined, e.name);
        }
    });

    it("Deployment: pinned image, one replica, port 8080, probes on /actuator/health, resources, restricted security", () => {
        const d = kafkaUiDeployment(base);
        assert.equal(d.metadata.name, "kafka-ui");
        assert.equal(d.metadata.namespace, "kafka");
        assert.equal((d.spec as { replicas: number }).replicas, 1);
        const p = pod(base);
        assert.equal(p.automountServiceAccountToken, false);
        assert.equal(p.enableServiceLinks, false);
        assert.deepEqual(p.securityContext, {
            runAsNonRoot: true,
            runAsUser: 100,
            runAsGroup: 100,
            fsGroup: 100,
            fsGroupChangePolicy: "OnRootMismatch",
            seccompProfile: { type: "RuntimeDefault" },
        });
        const [c] = p.containers;
        assert.equal(c.image, "ghcr.io/kafbat/kafka-ui:v1.5.0");
        assert.deepEqual(c.ports, [{ name: "http", containerPort: 8080, protocol: "TCP" }]);
        for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) assert.deepEqual(probe.httpGet, { path: KAFKA_UI_HEALTH_PATH, port: "http" });
        assert.equal(KAFKA_UI_HEALTH_PATH, "/actuator/health");
        assert.ok(c.startupProbe.failureThreshold * 5 >= 180, "startup budget of at least 3 minutes");
        assert.deepEqual(c.resources, { requests: { cpu: "250m", memory: "1024Mi" }, limits: { memory: "1024Mi" } });
        assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, readOnlyRootFilesystem: true, runAsNonRoot: true });
        assert.deepEqual(c.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }, { name: "login", mountPath: "/etc/kafka-ui/config-tree/login", readOnly: true }]);
    });

    it("Service: ClusterIP only, selecting the UI pods", () => {
        const s = managerService("kafka-ui", "kafka", "kafka", 8080);
        const spec = s.spec as { type: string; selector: Record<string, string>; ports: unknown[] };
        assert.equal(spec.type, "ClusterIP");
        assert.deepEqual(spec.ports, [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP" }]);
        const podLabels = podTemplate(kafkaUiDeployment(base)).metadata.labels;
        for (const [k, v] of Object.entries(spec.selector)) assert.equal(podLabels[k], v);
        assert.equal(podLabels["app.kubernetes.io/component"], "kafka-manager");
    });
});
