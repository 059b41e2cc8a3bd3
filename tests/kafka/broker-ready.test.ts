/**
 * The brokers' readiness probe, run as the rendered StatefulSet runs it (its exec command and the
 * Kafka container's env) against loopback stand-ins: a TCP listener for the client port and an
 * HTTP server answering like the JMX exporter agent. The exposition text is generated from the
 * exporter config the pods ship (tests/observability/jmx-exporter-sim.ts applies its rules to the
 * MBeans of Kafka 4.3.1 and 3.9.2), so the metric name the probe looks for is the one the agent
 * writes, not one copied into the test.
 */
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { kafkaSpecs } from "../../components/kafka/kafka-spec";
import { SCRIPT, SCRIPTS_DIR } from "../../components/kafka/scripts";
import { KAFKA_PATHS } from "../../components/kafka/topology";
import { jmxExporterConfig } from "../../components/observability/jmx-exporter";
import { MBEANS, simulate } from "../observability/jmx-exporter-sim";
import { kraftCombined, kraftDedicated, plain, zookeeperMode } from "./fixtures";

type Obj = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The MBean whose gauge says whether this broker's followers are caught up. */
const MAX_LAG_MBEAN = "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica";
/** The MBean counting followed partitions whose fetching failed (dropped from MaxLag, out of the ISR). */
const FAILED_MBEAN = "kafka.server:type=ReplicaFetcherManager,name=FailedPartitionsCount,clientId=Replica";

/** The name the shipped exporter config gives an MBean's Value, in `version`'s broker MBeans. */
function metricName(version: keyof typeof MBEANS, mbean: string): string {
    const samples = simulate(jmxExporterConfig(), MBEANS[version]).filter((s) => s.mbean === mbean);
    assert.equal(samples.length, 1, `${version}: the exporter writes ${mbean} once`);
    assert.deepEqual(samples[0].labels, {}, "no labels: the sample line is `name value`");
    return samples[0].name;
}
const lagMetricName = (version: keyof typeof MBEANS) => metricName(version, MAX_LAG_MBEAN);
const failedMetricName = (version: keyof typeof MBEANS) => metricName(version, FAILED_MBEAN);

/**
 * A scrape as jmx_exporter 1.6.0 writes it (text format 0.0.4 through client_java 1.7.0's
 * PrometheusTextFormatWriter): per metric `# HELP` and `# TYPE` lines, then `name{labels} value`
 * with the value as Java's Double.toString prints it. Every sample of the broker's MBeans is
 * there, the lag gauge with `lag` and the failed-partitions gauge with `failed` (null: the
 * sample is missing), plus a JVM gauge with labels.
 */
function exposition(version: keyof typeof MBEANS, lag: string | null, failed: string | null = "0.0"): string {
    const lagName = lagMetricName(version);
    const failedName = failedMetricName(version);
    const values = new Map([[lagName, lag], [failedName, failed]]);
    const samples = simulate(jmxExporterConfig(), MBEANS[version]).filter((s) => values.get(s.name) !== null);
    const lines: string[] = [];
    for (const s of samples) {
        const type = s.type === "COUNTER" ? "counter" : "gauge";
        const base = s.type === "COUNTER" ? s.name.replace(/_total$/, "") : s.name;
        lines.push(`# HELP ${base} ${s.mbean} ${s.attribute}`, `# TYPE ${base} ${type}`);
        const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(",");
        lines.push(`${s.name}${labels ? `{${labels}}` : ""} ${values.get(s.name) ?? "1.2345678E7"}`);
    }
    lines.push("# HELP jvm_memory_used_bytes Used bytes of a given JVM memory area.", "# TYPE jvm_memory_used_bytes gauge", 'jvm_memory_used_bytes{area="heap"} 1.23456789E8');
    return `${lines.join("\n")}\n`;
}

interface Endpoint {
    port: number;
    close(): Promise<void>;
}

const listen = (server: net.Server): Promise<number> =>
    new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as net.AddressInfo).port)));
const closeServer = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** The client listener: accepts and closes connections. */
async function clientPort(): Promise<Endpoint> {
    const server = net.createServer((socket) => socket.destroy());
    const port = await listen(server);
    return { port, close: () => closeServer(server) };
}

/** The agent's HTTP endpoint; records the request lines it got. */
async function metricsEndpoint(status: number, body: string, requests: string[] = []): Promise<Endpoint> {
    const server = http.createServer((req, res) => {
        requests.push(`${req.method} ${req.url} HTTP/${req.httpVersion}`);
        res.writeHead(status, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Content-Length": Buffer.byteLength(body) });
        res.end(body);
    });
    const port = await listen(server);
    return { port, close: () => closeServer(server) };
}

/** A port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
    const server = net.createServer();
    const port = await listen(server);
    await closeServer(server);
    return port;
}

let dir: string;
let agentJar: string;
before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "broker-ready-"));
    agentJar = path.join(dir, "jmx_prometheus_javaagent.jar");
    fs.writeFileSync(agentJar, "PK\u0003\u0004 stand-in for the agent jar");
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The kafka container of the broker pool of a stack with metrics on. */
function brokerContainer(cfg: Obj): Obj {
    const pool = plain(kafkaSpecs({ kafka: cfg.kafka, ...(cfg.zookeeper ? { zookeeper: cfg.zookeeper } : {}), metrics: {} })).pools.find((p: Obj) => p.pool.isBroker);
    return pool.statefulSet.spec.template.spec.containers.find((c: Obj) => c.name === "kafka");
}

interface Run {
    status: number | null;
    stdout: string;
}

/**
 * Runs the container's readiness command with the container's env, the config dir mapped to the
 * repo's scripts and the ports mapped to the stand-ins. `jar`: where METRICS_AGENT_JAR points
 * (undefined: metrics off, the variable is not set).
 */
function probe(container: Obj, ports: { client: number; metrics?: number }, jar: string | undefined): Promise<Run> {
    const [shell, script, clientPortArg, ...rest] = container.readinessProbe.exec.command as string[];
    assert.equal(script, `${KAFKA_PATHS.config}/${SCRIPT.brokerReady}`);
    const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
    for (const e of container.env as Array<{ name: string; value?: string }>) if (e.value !== undefined) env[e.name] = e.value;
    if (jar === undefined) delete env.METRICS_AGENT_JAR;
    else {
        assert.ok(env.METRICS_AGENT_JAR && env.METRICS_PORT, "metrics on: the container has the agent's variables");
        env.METRICS_AGENT_JAR = jar;
        env.METRICS_PORT = String(ports.metrics ?? 1);
    }
    assert.equal(clientPortArg, "9092");
    return new Promise((resolve, reject) => {
        const child = spawn(shell, [path.join(SCRIPTS_DIR, SCRIPT.brokerReady), String(ports.client), ...rest], { env });
        let stdout = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stdout += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.on("error", reject);
        child.on("close", (status) => {
            clearTimeout(timer);
            resolve({ status, stdout });
        });
    });
}

const stacks = {
    "KRaft 4.3.1 dedicated": { cfg: kraftDedicated(), version: "4.3.1" },
    "KRaft 4.3.1 combined": { cfg: kraftCombined(), version: "4.3.1" },
    "ZooKeeper 3.9.2": { cfg: zookeeperMode(), version: "3.9.2" },
} as const;

describe("broker readiness probe (broker-ready.sh)", () => {
    for (const [stack, { cfg, version }] of Object.entries(stacks)) {
        describe(stack, () => {
            const container = brokerContainer(cfg);
            const endpoints: Endpoint[] = [];
            let client: Endpoint;
            before(async () => {
                client = await clientPort();
                endpoints.push(client);
            });
            after(() => Promise.all(endpoints.map((e) => e.close())));
            const agent = async (status: number, body: string, requests?: string[]) => {
                const e = await metricsEndpoint(status, body, requests);
                endpoints.push(e);
                return e.port;
            };

            it("the probe reads the metrics the shipped exporter config writes for ReplicaFetcherManager MaxLag and FailedPartitionsCount", () => {
                assert.deepEqual(container.readinessProbe.exec.command.slice(3), [lagMetricName(version), failedMetricName(version)]);
            });

            it("Ready: client port open, agent running, follower lag 0.0", async () => {
                const requests: string[] = [];
                const r = await probe(container, { client: client.port, metrics: await agent(200, exposition(version, "0.0"), requests) }, agentJar);
                assert.equal(r.status, 0, r.stdout);
                assert.deepEqual(requests, ["GET /metrics HTTP/1.0"]);
            });

            for (const lag of ["3.0", "12345.0", "1.2345678E7"]) {
                it(`not Ready while a followed partition lags (${lag})`, async () => {
                    const r = await probe(container, { client: client.port, metrics: await agent(200, exposition(version, lag)) }, agentJar);
                    assert.equal(r.status, 1);
                    assert.match(r.stdout, new RegExp(`not ready: follower lag ${lag.replace(".", "\\.")} messages`));
                });
            }

            // A partition whose fetching failed leaves MaxLag (0.0 here) but stays out of the ISR.
            for (const failed of ["1.0", "12.0"]) {
                it(`not Ready while a followed partition's fetching has failed (${failed}), even with follower lag 0.0`, async () => {
                    const r = await probe(container, { client: client.port, metrics: await agent(200, exposition(version, "0.0", failed)) }, agentJar);
                    assert.equal(r.status, 1);
                    assert.match(r.stdout, new RegExp(`^not ready: ${failed.replace(".", "\\.")} partitions this broker follows failed fetching`));
                });
            }

            it("not Ready when the client port is closed, whatever the lag", async () => {
                const r = await probe(container, { client: await closedPort(), metrics: await agent(200, exposition(version, "0.0")) }, agentJar);
                assert.equal(r.status, 1);
                assert.match(r.stdout, /^not ready: port \d+ does not accept connections\n$/, "one line, without bash's own connect error");
            });

            it("not Ready when the agent runs but its endpoint does not answer, answers an error or lacks the gauge", async () => {
                const down = await probe(container, { client: client.port, metrics: await closedPort() }, agentJar);
                assert.equal(down.status, 1);
                assert.match(down.stdout, /^not ready: metrics endpoint 127\.0\.0\.1:\d+ does not answer\n$/);
                const error = await probe(container, { client: client.port, metrics: await agent(503, "") }, agentJar);
                assert.equal(error.status, 1);
                assert.match(error.stdout, /metrics endpoint answered 'HTTP\/1\.[01] 503/);
                const missing = await probe(container, { client: client.port, metrics: await agent(200, exposition(version, null)) }, agentJar);
                assert.equal(missing.status, 1);
                assert.match(missing.stdout, /reports no kafka_server_replicafetchermanager_maxlag/);
                const noFailedGauge = await probe(container, { client: client.port, metrics: await agent(200, exposition(version, "0.0", null)) }, agentJar);
                assert.equal(noFailedGauge.status, 1);
                assert.match(noFailedGauge.stdout, /reports no kafka_server_replicafetchermanager_failedpartitionscount/);
            });

            it("without the agent (metrics off, or its download failed) readiness is the open client port", async () => {
                const off = await probe(container, { client: client.port }, undefined);
                assert.equal(off.status, 0, off.stdout);
                const failedDownload = await probe(container, { client: client.port, metrics: await closedPort() }, path.join(dir, "absent.jar"));
                assert.equal(failedDownload.status, 0, failedDownload.stdout);
                const closed = await probe(container, { client: await closedPort() }, undefined);
                assert.equal(closed.status, 1);
            });
        });
    }
});
