/**
 * Metrics from every node: the JMX exporter agent's way into the Kafka JVM (init container script
 * run against a stub curl, kafka-node.sh against the shared stub Kafka tools) and ZooKeeper's
 * provider lines, all read from the rendered pod specs so spec and script cannot drift apart.
 */
import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kafkaSpecs } from "../../components/kafka/kafka-spec";
import { SCRIPT, SCRIPTS_DIR as KAFKA_SCRIPTS_DIR } from "../../components/kafka/scripts";
import { NodeRole } from "../../components/kafka/topology";
import { zookeeperSpecs } from "../../components/kafka/zookeeper-spec";
import { METRICS_PORT_NAME, METRICS_PORTS } from "../../components/observability/endpoints";
import { JMX_EXPORTER } from "../../components/observability/jmx-exporter";
import { METRICS_AGENT, METRICS_AGENT_SCRIPT, NodeMetricsOptions, SCRIPTS_DIR } from "../../components/observability/node-metrics";
import { kraftCombined, kraftDedicated, plain, zookeeperMode } from "../kafka/fixtures";
import { FakeCluster, removeStubDirs, StubKafkaVersion, stubBin } from "../kafka/stubs/cluster";

const STUBS = path.join(__dirname, "stubs");
const dirs: string[] = [];
const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "node-metrics-"));
    dirs.push(d);
    return d;
};
let kafkaBin: string;
before(() => {
    kafkaBin = stubBin();
});
after(() => {
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
    removeStubDirs();
});

type Pod = { initContainers?: Container[]; containers: Container[]; volumes: Array<{ name: string; emptyDir?: object }> };
type Container = { name: string; image: string; command: string[]; env?: Array<{ name: string; value?: string }>; ports?: Array<{ name: string; containerPort: number }>; volumeMounts?: Array<{ name: string; mountPath: string; readOnly?: boolean }> };

const configs = { "zookeeper-broker": zookeeperMode, "kraft-controller": kraftDedicated, "kraft-broker": kraftDedicated, "kraft-combined": kraftCombined } as const;

/** `metrics: null` renders the pool with metrics off. */
function pool(role: NodeRole, metrics: NodeMetricsOptions | null = {}) {
    const cfg = configs[role]();
    const p = kafkaSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper, metrics: metrics ?? undefined }).pools.find((x) => x.pool.role === role)!;
    const spec = plain(p.statefulSet).spec.template as { metadata: { annotations: Record<string, string> }; spec: Pod };
    return { p, pod: spec.spec, annotations: spec.metadata.annotations };
}

const envOf = (c: Container) => Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
const container = (pod: Pod, name: string) => [...(pod.initContainers ?? []), ...pod.containers].find((c) => c.name === name)!;
const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Runs metrics-agent.sh as the init container would, with the stub curl first on PATH. */
function runAgent(opts: { status?: string; sha?: string; body?: string } = {}) {
    const dir = tmp();
    const init = container(pool("kraft-broker").pod, "metrics-agent");
    const body = path.join(dir, "served.jar");
    fs.writeFileSync(body, opts.body ?? "PK\u0003\u0004 a jar");
    const jar = path.join(dir, "volume", "jmx_prometheus_javaagent.jar");
    fs.mkdirSync(path.dirname(jar));
    const log = path.join(dir, "curl.log");
    const env = { ...envOf(init), AGENT_JAR: jar, ...(opts.sha ? { AGENT_SHA256: opts.sha } : {}) };
    const result = spawnSync("sh", [path.join(SCRIPTS_DIR, METRICS_AGENT_SCRIPT)], {
        encoding: "utf8",
        env: { PATH: `${STUBS}:${process.env.PATH}`, ...env, STUB_CURL_BODY: body, STUB_CURL_LOG: log, STUB_CURL_STATUS: opts.status ?? "200" },
        timeout: 20000,
    });
    const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").map((l) => l.split("\x1f").slice(1)) : [];
    return { result, jar, body, calls, volume: path.dirname(jar) };
}

describe("metrics: the JMX exporter agent's init container (metrics-agent.sh)", () => {
    it("the rendered init container pins the jmx_exporter release and its sha256, in the project's curl image", () => {
        const { pod, p } = pool("kraft-broker");
        const init = container(pod, "metrics-agent");
        assert.match(init.image, /^curlimages\/curl:\d+\.\d+\.\d+$/);
        assert.deepEqual(envOf(init), { AGENT_URL: JMX_EXPORTER.url, AGENT_SHA256: JMX_EXPORTER.sha256, AGENT_JAR: METRICS_AGENT.jar });
        assert.ok(JMX_EXPORTER.url.includes(`/${JMX_EXPORTER.version}/jmx_prometheus_javaagent-${JMX_EXPORTER.version}.jar`));
        // Its script reaches the pod through the pool's ConfigMap, mounted where the command looks.
        assert.equal(plain(p.configMap).data[METRICS_AGENT_SCRIPT], fs.readFileSync(path.join(SCRIPTS_DIR, METRICS_AGENT_SCRIPT), "utf8"));
        assert.deepEqual(init.command, ["/bin/sh", `${init.volumeMounts!.find((m) => m.name === "config")!.mountPath}/${METRICS_AGENT_SCRIPT}`]);
        const agentUrl = "https://artifacts.example.com/jmx_prometheus_javaagent-1.6.0.jar";
        assert.equal(envOf(container(pool("kraft-broker", { agentUrl }).pod, "metrics-agent")).AGENT_URL, agentUrl);
        assert.equal(envOf(container(pool("kraft-broker", { agentUrl }).pod, "metrics-agent")).AGENT_SHA256, JMX_EXPORTER.sha256, "a mirror serves the same bytes");
    });

    it("leaves a jar whose sha256 matches in the shared volume (the only file there)", () => {
        const dir = tmp();
        const fixture = path.join(dir, "fixture.jar");
        fs.writeFileSync(fixture, "PK\u0003\u0004 a jar");
        const run = runAgent({ sha: sha256(fixture) });
        assert.equal(run.result.status, 0, run.result.stderr);
        assert.equal(sha256(run.jar), sha256(fixture));
        assert.deepEqual(fs.readdirSync(run.volume), [path.basename(run.jar)]);
        assert.deepEqual(run.calls.length, 1);
        assert.ok(run.calls[0].includes("-fsSL") && run.calls[0].includes(JMX_EXPORTER.url), run.calls[0].join(" "));
    });

    it("refuses bytes with another sha256: exit 1, no jar, both digests named", () => {
        const run = runAgent();
        assert.equal(run.result.status, 1);
        assert.ok(!fs.existsSync(run.jar));
        assert.deepEqual(fs.readdirSync(run.volume), []);
        assert.match(run.result.stderr, new RegExp(`has sha256 ${sha256(run.body)}, expected ${JMX_EXPORTER.sha256}`));
    });

    it("a failed download (HTTP error, no route) leaves no jar and lets the node start without metrics", () => {
        for (const status of ["404", "unreachable"]) {
            const run = runAgent({ status });
            assert.equal(run.result.status, 0, `${status}: ${run.result.stderr}`);
            assert.deepEqual(fs.readdirSync(run.volume), [], status);
            assert.match(run.result.stderr, /could not download .*starts without metrics/);
        }
    });

    it("a stalling server holds the node back for minutes, not for every retry's full --max-time", () => {
        const args = runAgent({ status: "unreachable" }).calls[0];
        const value = (flag: string) => (args.includes(flag) ? Number(args[args.indexOf(flag) + 1]) : undefined);
        const maxTime = value("--max-time")!, retries = value("--retry") ?? 0, delay = value("--retry-delay") ?? 1;
        // curl starts no retry once --retry-max-time has passed (curl-8_16_0 docs/cmdline-opts/retry-max-time.md:20-24); the attempt
        // under way still runs to --max-time. Without it, every retry gets the full --max-time.
        const retryMaxTime = value("--retry-max-time");
        const worst = retryMaxTime === undefined ? (retries + 1) * maxTime + retries * delay : retryMaxTime + maxTime;
        assert.ok(maxTime > 0 && worst <= 180, `worst case ${worst} s: ${args.join(" ")}`);
    });

    it("(control) without -f the stub would save an error page: the script's -f is what keeps it out", () => {
        const dir = tmp();
        const out = path.join(dir, "page");
        const r = spawnSync(path.join(STUBS, "curl"), ["-sSL", "-o", out, "https://example.com/x"], { encoding: "utf8", env: { ...process.env, STUB_CURL_STATUS: "404", STUB_CURL_LOG: path.join(dir, "log") } });
        assert.equal(r.status, 0);
        assert.match(fs.readFileSync(out, "utf8"), /error 404/);
    });
});

describe("metrics: kafka-node.sh loads the agent into the broker JVM only", () => {
    const roles: Array<[NodeRole, StubKafkaVersion]> = [
        ["zookeeper-broker", "3.9.2"],
        ["kraft-controller", "4.3.1"],
        ["kraft-broker", "4.3.1"],
        ["kraft-combined", "4.3.1"],
    ];

    /** Runs the Kafka container's command (kafka-node.sh start) with the rendered env. */
    function start(role: NodeRole, version: StubKafkaVersion, opts: { jar?: boolean; metrics?: NodeMetricsOptions | null } = {}) {
        const dir = tmp();
        const { p, pod } = pool(role, opts.metrics === undefined ? {} : opts.metrics);
        const kafka = container(pod, "kafka");
        const template = path.join(dir, "server.properties");
        fs.writeFileSync(template, p.serverProperties);
        const env: Record<string, string> = { ...envOf(kafka), CONFIG_TEMPLATE: template, CONFIG_FILE: path.join(dir, "run", "server.properties"), BIN_DIR: kafkaBin, POD_NAME: `${p.pool.statefulSet}-0` };
        if (env.RACK_FILE) env.RACK_FILE = path.join(dir, "zone");
        if (env.METRICS_AGENT_JAR) {
            env.METRICS_AGENT_JAR = path.join(dir, "jmx_prometheus_javaagent.jar");
            if (opts.jar ?? true) fs.writeFileSync(env.METRICS_AGENT_JAR, "PK");
        }
        const cluster = new FakeCluster();
        const result = spawnSync("bash", [path.join(KAFKA_SCRIPTS_DIR, SCRIPT.kafkaNode), "start"], { encoding: "utf8", env: { PATH: process.env.PATH, ...env, ...cluster.env(version) }, timeout: 20000 });
        const jvm = fs.existsSync(path.join(cluster.dir, "kafka-server-start.jvm-options")) ? cluster.file("kafka-server-start.jvm-options").split("\n").filter((l) => l !== "") : [];
        return { result, jvm, env, kafka, p, pod };
    }

    for (const [role, version] of roles) {
        it(`${role} (Kafka ${version}): -javaagent:<jar>=<metrics port>:<exporter config from the ConfigMap>`, () => {
            const { result, jvm, env, kafka, p } = start(role, version);
            assert.equal(result.status, 0, result.stderr);
            const port = kafka.ports!.find((x) => x.name === METRICS_PORT_NAME)!.containerPort;
            assert.equal(port, METRICS_PORTS.kafka);
            assert.deepEqual(jvm, [`-javaagent:${env.METRICS_AGENT_JAR}=${port}:${env.METRICS_CONFIG}`]);
            // The config path is where the pod mounts the ConfigMap that holds it.
            const configMount = kafka.volumeMounts!.find((m) => m.name === "config")!.mountPath;
            assert.equal(env.METRICS_CONFIG, `${configMount}/${METRICS_AGENT.configFile}`);
            assert.ok(plain(p.configMap).data[METRICS_AGENT.configFile].includes("rules:"));
        });
    }

    it("the jar sits where the init container writes it: the same emptyDir, read-only in the Kafka container", () => {
        const { pod } = pool("kraft-broker");
        const init = container(pod, "metrics-agent");
        const kafka = container(pod, "kafka");
        const initMount = init.volumeMounts!.find((m) => m.name === METRICS_AGENT.volume)!;
        const kafkaMount = kafka.volumeMounts!.find((m) => m.name === METRICS_AGENT.volume)!;
        assert.equal(path.dirname(envOf(init).AGENT_JAR), initMount.mountPath);
        assert.equal(path.dirname(envOf(kafka).METRICS_AGENT_JAR), kafkaMount.mountPath);
        assert.equal(envOf(init).AGENT_JAR, envOf(kafka).METRICS_AGENT_JAR);
        assert.equal(kafkaMount.readOnly, true);
        assert.ok(pod.volumes.find((v) => v.name === METRICS_AGENT.volume)!.emptyDir);
    });

    it("other containers of the pod never get the agent (a second JVM would fail on the port)", () => {
        for (const role of ["kraft-broker", "kraft-controller", "zookeeper-broker"] as NodeRole[]) {
            const { pod } = pool(role);
            for (const c of [...(pod.initContainers ?? []), ...pod.containers].filter((x) => x.name !== "kafka")) {
                assert.ok(!Object.keys(envOf(c)).some((k) => k.startsWith("METRICS_") || k === "KAFKA_OPTS"), `${role}/${c.name}`);
            }
            assert.ok(!("KAFKA_OPTS" in envOf(container(pod, "kafka"))), "KAFKA_OPTS is set by the start script, not the container env");
        }
    });

    it("no jar (the download failed): the node starts without the agent and says why", () => {
        const { result, jvm } = start("kraft-broker", "4.3.1", { jar: false });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(jvm, []);
        assert.match(result.stderr, /no metrics agent at .*starting without metrics/);
    });

    it("metrics off: no init container, volume, port or variables", () => {
        const { pod, result, jvm } = start("kraft-broker", "4.3.1", { metrics: null });
        assert.equal(result.status, 0, result.stderr);
        assert.deepEqual(jvm, []);
        assert.ok(!(pod.initContainers ?? []).some((c) => c.name === "metrics-agent"));
        assert.ok(!pod.volumes.some((v) => v.name === METRICS_AGENT.volume));
        assert.ok(!container(pod, "kafka").ports!.some((x) => x.name === METRICS_PORT_NAME));
    });

    it("scrape annotations only when asked (no Prometheus Operator)", () => {
        assert.equal(pool("kraft-broker", { scrapeAnnotations: true }).annotations["prometheus.io/port"], String(METRICS_PORTS.kafka));
        assert.equal(pool("kraft-broker", {}).annotations["prometheus.io/scrape"], undefined);
    });
});

describe("metrics: ZooKeeper's Prometheus provider", () => {
    const cfg = zookeeperMode();
    const zk = (metrics?: NodeMetricsOptions) => plain(zookeeperSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper, metrics }).statefulSet).spec.template;

    it("ZOO_CFG_EXTRA adds the provider's class and port as zoo.cfg lines, after the existing one", () => {
        const c = zk({}).spec.containers[0] as Container;
        // The image's entrypoint appends each space-separated word of ZOO_CFG_EXTRA to zoo.cfg as a line (upstream/zookeeper/image-env-3.8.txt).
        const lines = envOf(c).ZOO_CFG_EXTRA.split(" ");
        assert.deepEqual(lines, ["quorumListenOnAllIPs=true", "metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider", `metricsProvider.httpPort=${METRICS_PORTS.zookeeper}`]);
        assert.ok(lines.every((l) => /^[A-Za-z.]+=[^\s=]+$/.test(l)), "each word is one key=value line");
        assert.equal(c.ports!.find((p) => p.name === METRICS_PORT_NAME)!.containerPort, METRICS_PORTS.zookeeper);
    });

    it("metrics off: ZOO_CFG_EXTRA is unchanged and no metrics port is declared", () => {
        const c = zk(undefined).spec.containers[0] as Container;
        assert.equal(envOf(c).ZOO_CFG_EXTRA, "quorumListenOnAllIPs=true");
        assert.ok(!c.ports!.some((p) => p.name === METRICS_PORT_NAME));
        assert.equal(zk({ scrapeAnnotations: true }).metadata.annotations["prometheus.io/port"], String(METRICS_PORTS.zookeeper));
    });
});
