/**
 * The shipped pod scripts, executed with bash/sh against stub binaries that record what they were
 * given. The env comes from the rendered container specs, so spec and script cannot drift apart.
 * Kafka's own tools (kafka-server-start.sh, kafka-storage.sh, kafka-configs.sh, zookeeper-shell.sh)
 * are the shared stubs of tests/kafka/stubs/, which reproduce the release the pod's image runs
 * (3.9.2 in ZooKeeper mode, 4.3.1 in KRaft mode); the rest (hostname, curl, the ZooKeeper image's
 * entrypoint) are plain recorders.
 */
import * as assert from "node:assert/strict";
import { spawn, spawnSync, SpawnSyncReturns } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseProperties } from "../../components/kafka/broker-config";
import { JVM_ALIVE, kafkaSpecs, NodePoolSpecs } from "../../components/kafka/kafka-spec";
import { SCRIPT, SCRIPTS_DIR } from "../../components/kafka/scripts";
import { NodeRole } from "../../components/kafka/topology";
import { zookeeperClientJaas } from "../../components/kafka/zookeeper-auth";
import { zookeeperSpecs } from "../../components/kafka/zookeeper-spec";
import { kraftCombined, kraftDedicated, plain, zookeeperMode } from "./fixtures";
import { FakeCluster, removeStubDirs, STUB_KAFKA_VERSIONS, StubKafkaVersion, stubBin } from "./stubs/cluster";

const CLUSTER_ID = "MkU3OEVBNTcwNTJENDM2Qk"; // 22 chars, base64url

let kafkaBin: string;
before(() => {
    kafkaBin = stubBin();
});
after(removeStubDirs);

/** The Kafka release of a container's apache/kafka image: the behaviour its stubs reproduce. */
function imageVersion(c: { image: string }): StubKafkaVersion {
    const v = c.image.replace(/^apache\/kafka:/, "");
    assert.ok((STUB_KAFKA_VERSIONS as readonly string[]).includes(v), `no stubs for ${c.image}`);
    return v as StubKafkaVersion;
}

/** The one call of `tool` the fake cluster saw: its PID (exec check) and arguments. */
function kafkaCall(cluster: FakeCluster, tool: string): { pid: number; args: string[] } {
    const calls = cluster.calls().filter((c) => c[0] === tool);
    assert.equal(calls.length, 1, `${tool} called once`);
    return { pid: cluster.pids(tool)[0], args: calls[0].slice(1) };
}

interface Sandbox {
    dir: string;
    bin: string;
    log: string;
}

const sandboxes: string[] = [];
after(() => sandboxes.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function sandbox(): Sandbox {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-scripts-"));
    sandboxes.push(dir);
    const bin = path.join(dir, "bin");
    const log = path.join(dir, "log");
    fs.mkdirSync(bin);
    fs.mkdirSync(log);
    return { dir, bin, log };
}

/** A stub executable that records its PID, arguments, selected env and (optionally) a file it was given. */
function stub(sb: Sandbox, name: string, body = ""): void {
    const file = path.join(sb.bin, name);
    fs.writeFileSync(
        file,
        `#!/bin/bash
{ echo "pid=$$"; for a in "$@"; do echo "arg=$a"; done; echo "ZOO_MY_ID=\${ZOO_MY_ID:-}"; } > "${sb.log}/${name}.log"
${body}
`,
    );
    fs.chmodSync(file, 0o755);
}

function record(sb: Sandbox, name: string): { pid: number; args: string[]; env: Record<string, string> } {
    const lines = fs.readFileSync(path.join(sb.log, `${name}.log`), "utf8").trim().split("\n");
    const pid = Number(lines.find((l) => l.startsWith("pid="))!.slice(4));
    const args = lines.filter((l) => l.startsWith("arg=")).map((l) => l.slice(4));
    const env = Object.fromEntries(lines.filter((l) => /^[A-Z_]+=/.test(l) && !l.startsWith("pid")).map((l) => [l.split("=")[0], l.slice(l.indexOf("=") + 1)]));
    return { pid, args, env };
}

/** Plain env of a container spec (valueFrom entries are left to the test to supply). */
function specEnv(container: { env?: { name: string; value?: string }[] }): Record<string, string> {
    return Object.fromEntries((container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

function run(shell: "bash" | "sh", script: string, args: string[], env: Record<string, string>, sb: Sandbox): SpawnSyncReturns<string> {
    return spawnSync(shell, [path.join(SCRIPTS_DIR, script), ...args], {
        encoding: "utf8",
        env: { PATH: `${sb.bin}:${process.env.PATH}`, ...env },
        timeout: 20000,
    });
}

function pool(role: NodeRole): NodePoolSpecs {
    const cfg = role === "zookeeper-broker" ? zookeeperMode() : role === "kraft-combined" ? kraftCombined() : kraftDedicated();
    return kafkaSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper }).pools.find((p) => p.pool.role === role)!;
}

/** Runs kafka-node.sh as the given container of the pool's pod would. */
function runKafkaNode(role: NodeRole, container: "kafka" | "format-storage", pod: string | undefined, opts: { zone?: string; clusterId?: string; hostname?: string } = {}) {
    const sb = sandbox();
    const p = pool(role);
    const spec = plain(p.statefulSet).spec.template.spec;
    const c = [...(spec.initContainers ?? []), ...spec.containers].find((x: { name: string }) => x.name === container);
    const template = path.join(sb.dir, "template.properties");
    fs.writeFileSync(template, p.serverProperties);
    const cluster = new FakeCluster();
    const env: Record<string, string> = {
        ...specEnv(c),
        CONFIG_TEMPLATE: template,
        CONFIG_FILE: path.join(sb.dir, "run", "server.properties"),
        BIN_DIR: kafkaBin,
        ...cluster.env(imageVersion(c)),
    };
    if (env.RACK_FILE !== undefined) {
        env.RACK_FILE = path.join(sb.dir, "run", "zone");
        if (opts.zone !== undefined) {
            fs.mkdirSync(path.join(sb.dir, "run"), { recursive: true });
            fs.writeFileSync(env.RACK_FILE, opts.zone);
        }
    }
    if (pod !== undefined) env.POD_NAME = pod;
    if (opts.clusterId !== undefined) env.CLUSTER_ID = opts.clusterId;
    if (opts.hostname !== undefined) stub(sb, "hostname", `echo ${opts.hostname}`);
    const args = c.command.slice(2);
    const result = run("bash", SCRIPT.kafkaNode, args, env, sb);
    // The copy of the config the tool was given, as it was at exec time.
    const seen = cluster.file(container === "format-storage" ? "kafka-storage.properties" : "kafka-server-start.properties");
    return { sb, p, result, seen, props: parseProperties(seen), env, cluster };
}

describe("scripts: kafka-node.sh", () => {
    it("ZooKeeper-mode broker: broker.id = ordinal, per-pod advertised listeners, rack = zone, execs kafka-server-start.sh", () => {
        for (const ordinal of [0, 2]) {
            const pod = `kafka-broker-${ordinal}`;
            const { sb, p, result, seen, props, cluster } = runKafkaNode("zookeeper-broker", "kafka", pod, { zone: "eu-west-1b\n" });
            assert.equal(result.status, 0, result.stderr);
            const call = kafkaCall(cluster, "kafka-server-start.sh");
            assert.equal(call.pid, result.pid, "the script must exec the broker (same PID), not fork it");
            assert.deepEqual(call.args, [path.join(sb.dir, "run", "server.properties")]);
            const expected = p.serverProperties.replace(/@@NODE_ID@@/g, String(ordinal)).replace(/@@POD_NAME@@/g, pod).replace(/@@RACK@@/g, "eu-west-1b");
            assert.equal(seen, expected);
            assert.equal(props.get("broker.id"), String(ordinal));
            assert.equal(props.get("broker.rack"), "eu-west-1b");
            assert.equal(
                props.get("advertised.listeners"),
                `CLIENT://${pod}.kafka-broker-headless.kafka.svc.cluster.local:9092,INTERNAL://${pod}.kafka-broker-headless.kafka.svc.cluster.local:9091`,
            );
            assert.ok(!seen.includes("@@"));
        }
    });

    it("KRaft controller: node.id = 1000 + ordinal and the static voters list reaches the process", () => {
        const { result, props, cluster } = runKafkaNode("kraft-controller", "kafka", "kafka-controller-1");
        assert.equal(result.status, 0, result.stderr);
        assert.equal(kafkaCall(cluster, "kafka-server-start.sh").pid, result.pid);
        assert.equal(props.get("node.id"), "1001");
        assert.equal(props.get("process.roles"), "controller");
        assert.equal(
            props.get("controller.quorum.voters"),
            "1000@kafka-controller-0.kafka-controller-headless.data.svc.cluster.local:9093,1001@kafka-controller-1.kafka-controller-headless.data.svc.cluster.local:9093,1002@kafka-controller-2.kafka-controller-headless.data.svc.cluster.local:9093",
        );
        assert.equal(props.has("broker.rack"), false);
    });

    it("KRaft broker and combined nodes: ids 0.. (disjoint from controllers)", () => {
        const b = runKafkaNode("kraft-broker", "kafka", "kafka-broker-2", { zone: "eu-west-1c" });
        assert.equal(b.result.status, 0, b.result.stderr);
        assert.equal(b.props.get("node.id"), "2");
        assert.equal(b.props.get("broker.rack"), "eu-west-1c");
        const c = runKafkaNode("kraft-combined", "kafka", "events-broker-1", { zone: "us-east-1a" });
        assert.equal(c.result.status, 0, c.result.stderr);
        assert.equal(c.props.get("node.id"), "1");
        assert.equal(c.props.get("advertised.listeners")!.split(",")[0], "CLIENT://events-broker-1.events-broker-headless.streaming.svc.cluster.local:9092");
    });

    it("format init: idempotent kafka-storage.sh format with the cluster id, exec'ed", () => {
        const { sb, result, props, cluster } = runKafkaNode("kraft-controller", "format-storage", "kafka-controller-2", { clusterId: CLUSTER_ID });
        assert.equal(result.status, 0, result.stderr);
        const call = kafkaCall(cluster, "kafka-storage.sh");
        assert.equal(call.pid, result.pid);
        assert.deepEqual(call.args, ["format", `--cluster-id=${CLUSTER_ID}`, "--config", path.join(sb.dir, "run", "server.properties"), "--ignore-formatted"]);
        assert.equal(cluster.file("kafka-storage.cluster-id"), `${CLUSTER_ID}\n`);
        assert.equal(props.get("node.id"), "1002");
        assert.deepEqual(cluster.calls().map((c) => c[0]), ["kafka-storage.sh"], "format does not start the broker");
    });

    it("format: a cluster id that begins with '-' reaches kafka-storage.sh as the id, not as a flag (KAFKA-19988)", () => {
        // RandomId b64Url is unpadded base64url of 16 random bytes (terraform-provider-random
        // internal/provider/resource_id.go, Create: base64.RawURLEncoding): its first character is '-'
        // whenever the first byte is 0xf8-0xfb, one cluster in 64.
        const id = Buffer.from([0xf8, ...Buffer.from(CLUSTER_ID, "base64url").subarray(1)]).toString("base64url");
        assert.match(id, /^-[A-Za-z0-9_-]{21}$/);
        for (const role of ["kraft-controller", "kraft-broker", "kraft-combined"] as const) {
            const { result, cluster } = runKafkaNode(role, "format-storage", `${pool(role).pool.statefulSet}-0`, { zone: "a", clusterId: id });
            assert.equal(result.status, 0, `${role}: ${result.stderr}`);
            assert.equal(cluster.file("kafka-storage.cluster-id"), `${id}\n`);
        }
    });

    it("format refuses a missing or malformed cluster id (it would silently fork a new cluster)", () => {
        for (const id of [undefined, "", "short", "MkU3OEVBNTcwNTJENDM2Qk="]) {
            const { result, cluster } = runKafkaNode("kraft-broker", "format-storage", "kafka-broker-0", { zone: "a", clusterId: id });
            assert.notEqual(result.status, 0, `cluster id ${id}`);
            assert.deepEqual(cluster.calls(), []);
        }
    });

    it("no zone known: broker.rack is dropped rather than left as a placeholder", () => {
        for (const zone of [undefined, ""]) {
            const { result, seen, props } = runKafkaNode("kraft-broker", "kafka", "kafka-broker-0", { zone });
            assert.equal(result.status, 0, result.stderr);
            assert.equal(props.has("broker.rack"), false);
            assert.ok(!seen.includes("@@"));
        }
    });

    it("derives the ordinal from `hostname` when POD_NAME is unset", () => {
        const { result, props } = runKafkaNode("zookeeper-broker", "kafka", undefined, { zone: "z1", hostname: "kafka-broker-7" });
        assert.equal(result.status, 0, result.stderr);
        assert.equal(props.get("broker.id"), "7");
    });

    it("fails on a pod name without an ordinal, or a zone that is not a rack id", () => {
        const bad = runKafkaNode("kraft-broker", "kafka", "kafka-broker", { zone: "z1" });
        assert.notEqual(bad.result.status, 0);
        assert.match(bad.result.stderr, /ordinal/);
        const zone = runKafkaNode("kraft-broker", "kafka", "kafka-broker-0", { zone: "a b/c" });
        assert.notEqual(zone.result.status, 0);
    });
});

describe("scripts: node-zone.sh", () => {
    const nodeJson = (labels: Record<string, string>) =>
        JSON.stringify({
            kind: "Node",
            metadata: {
                name: "ip-10-0-1-5.ec2.internal",
                labels,
                managedFields: [{ fieldsV1: { "f:metadata": { "f:labels": { "f:topology.kubernetes.io/zone": {} } } } }],
            },
        });

    function runZone(response: string | undefined) {
        const sb = sandbox();
        const sa = path.join(sb.dir, "sa");
        fs.mkdirSync(sa);
        fs.writeFileSync(path.join(sa, "token"), "tok-123");
        fs.writeFileSync(path.join(sa, "ca.crt"), "ca");
        // Keeps what curl got on stdin (its -K - config), then answers.
        const body = `cat > "${sb.log}/curl.stdin"\n` + (response === undefined ? "exit 22" : `cat <<'JSON'\n${response}\nJSON`);
        stub(sb, "curl", body);
        const rack = path.join(sb.dir, "run", "zone");
        const result = run("sh", SCRIPT.nodeZone, [], { NODE_NAME: "ip-10-0-1-5.ec2.internal", RACK_FILE: rack, SA_DIR: sa, KUBE_API: "https://10.100.0.1:443" }, sb);
        return { sb, result, rack, sa };
    }

    it("reads the node's topology.kubernetes.io/zone label with the pod's token", () => {
        const { sb, result, rack, sa } = runZone(nodeJson({ "kubernetes.io/hostname": "ip-10-0-1-5", "topology.kubernetes.io/zone": "eu-west-1a", "topology.kubernetes.io/region": "eu-west-1" }));
        assert.equal(result.status, 0, result.stderr);
        assert.equal(fs.readFileSync(rack, "utf8"), "eu-west-1a");
        const args = record(sb, "curl").args;
        assert.ok(args.includes("https://10.100.0.1:443/api/v1/nodes/ip-10-0-1-5.ec2.internal"));
        assert.ok(args.includes(path.join(sa, "ca.crt")));
        // The token travels as a curl config on stdin (-K -), never in curl's argv.
        assert.ok(!args.some((a) => a.includes("tok-123")), `token on the command line: ${args.join(" ")}`);
        assert.deepEqual(args.slice(args.indexOf("-K"), args.indexOf("-K") + 2), ["-K", "-"]);
        assert.equal(fs.readFileSync(path.join(sb.log, "curl.stdin"), "utf8"), 'header = "Authorization: Bearer tok-123"\n');
    });

    it("a token file that is not a bearer token stops the step before curl runs", () => {
        const sb = sandbox();
        const sa = path.join(sb.dir, "sa");
        fs.mkdirSync(sa);
        fs.writeFileSync(path.join(sa, "token"), 'tok" -o /x');
        stub(sb, "curl", "exit 0");
        const result = run("sh", SCRIPT.nodeZone, [], { NODE_NAME: "n", RACK_FILE: path.join(sb.dir, "zone"), SA_DIR: sa }, sb);
        assert.notEqual(result.status, 0);
        assert.match(result.stderr, /does not hold a bearer token/);
        assert.equal(fs.existsSync(path.join(sb.log, "curl.log")), false);
    });

    it("pretty-printed JSON works too", () => {
        const { result, rack } = runZone(JSON.stringify(JSON.parse(nodeJson({ "topology.kubernetes.io/zone": "us-east-1f" })), null, 2));
        assert.equal(result.status, 0, result.stderr);
        assert.equal(fs.readFileSync(rack, "utf8"), "us-east-1f");
    });

    it("a node without the label gives an empty zone (kind); an API failure fails the init container", () => {
        const none = runZone(nodeJson({ "kubernetes.io/hostname": "kind-worker" }));
        assert.equal(none.result.status, 0, none.result.stderr);
        assert.equal(fs.readFileSync(none.rack, "utf8"), "");
        const failed = runZone(undefined);
        assert.notEqual(failed.result.status, 0);
        assert.match(failed.result.stderr, /cannot read node/);
    });
});

describe("scripts: zookeeper-start.sh", () => {
    function runZk(pod: string | undefined, hostname?: string) {
        const sb = sandbox();
        const imageConf = path.join(sb.dir, "image-conf");
        const conf = path.join(sb.dir, "conf");
        fs.mkdirSync(imageConf);
        fs.mkdirSync(conf);
        fs.writeFileSync(path.join(imageConf, "logback.xml"), "<configuration/>");
        fs.writeFileSync(path.join(conf, "zoo.cfg"), "stale"); // left by a previous container of the pod
        stub(sb, "docker-entrypoint.sh", `ls "$ZOO_CONF_DIR" > "${sb.log}/conf.txt"`);
        if (hostname) stub(sb, "hostname", `echo ${hostname}`);
        const cfg = zookeeperMode();
        const container = plain(zookeeperSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper }).statefulSet).spec.template.spec.containers[0];
        const env: Record<string, string> = {
            ...specEnv(container),
            ZOO_CONF_DIR: conf,
            IMAGE_CONF_DIR: imageConf,
            ZK_ENTRYPOINT: path.join(sb.bin, "docker-entrypoint.sh"),
        };
        if (pod !== undefined) env.POD_NAME = pod;
        const result = run("bash", SCRIPT.zookeeperStart, [], env, sb);
        return { sb, result };
    }

    it("ZOO_MY_ID = ordinal + 1, and the image entrypoint is exec'ed with zkServer.sh start-foreground", () => {
        for (const ordinal of [0, 1, 2]) {
            const { sb, result } = runZk(`kafka-zookeeper-${ordinal}`);
            assert.equal(result.status, 0, result.stderr);
            const call = record(sb, "docker-entrypoint.sh");
            assert.equal(call.pid, result.pid, "exec, so ZooKeeper gets SIGTERM directly");
            assert.deepEqual(call.args, ["zkServer.sh", "start-foreground"]);
            assert.equal(call.env.ZOO_MY_ID, String(ordinal + 1));
            // The conf dir is seeded from the image and the stale zoo.cfg is gone (the entrypoint rewrites it).
            assert.equal(fs.readFileSync(path.join(sb.log, "conf.txt"), "utf8").trim(), "logback.xml");
        }
    });

    it("falls back to hostname and rejects a name without an ordinal", () => {
        const { sb, result } = runZk(undefined, "kafka-zookeeper-4");
        assert.equal(result.status, 0, result.stderr);
        assert.equal(record(sb, "docker-entrypoint.sh").env.ZOO_MY_ID, "5");
        const bad = runZk("zookeeper");
        assert.notEqual(bad.result.status, 0);
    });
});

describe("scripts: Kafka liveness command", () => {
    /** The probe, pointed at `pid` instead of PID 1. */
    const probe = (pid: number) => spawnSync("bash", ["-c", JVM_ALIVE.replace("/proc/1/", `/proc/${pid}/`)], { encoding: "utf8" });

    it("passes while a process with Kafka's main class argument runs, fails for anything else", () => {
        // detached: own process group, so the sleep children go too.
        const kafkaLike = spawn("bash", ["-c", "sleep 20; true", "kafka.Kafka"], { stdio: "ignore", detached: true });
        const other = spawn("bash", ["-c", "sleep 20; true", "kafka.KafkaNot"], { stdio: "ignore", detached: true });
        try {
            assert.equal(probe(kafkaLike.pid!).status, 0);
            assert.notEqual(probe(other.pid!).status, 0);
        } finally {
            process.kill(-kafkaLike.pid!);
            process.kill(-other.pid!);
        }
    });
});

describe("scripts: kafka-node.sh with SCRAM and TLS", () => {
    const SASL_SSL = { authentication: "scram-sha-512", tls: true } as const;
    // What the pods mount (the projected credentials volume, checked below): the inter-broker users only.
    const USERS = { "admin-username": "admin", "admin-password": "AdminPw123", "admin-b-username": "admin-b", "admin-b-password": "AdminBPw456" };

    function securePool(role: NodeRole, zookeeperAuthentication: "none" | "sasl" = "none"): NodePoolSpecs {
        const cfg = role === "zookeeper-broker" ? zookeeperMode() : kraftDedicated();
        return kafkaSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper, security: { ...SASL_SSL, zookeeperAuthentication } }).pools.find((p) => p.pool.role === role)!;
    }

    /**
     * Runs kafka-node.sh as `container` of the pool's pod, with the credential files it would mount.
     * `zookeeperJaas`: the pool logs in to ZooKeeper, and its mounted JAAS file holds this (null: the file is missing).
     */
    function runSecure(role: NodeRole, container: string, users: Record<string, string> = USERS, zkNodes?: string[], zookeeperJaas?: string | null) {
        const sb = sandbox();
        const p = securePool(role, zookeeperJaas === undefined ? "none" : "sasl");
        const spec = plain(p.statefulSet).spec.template.spec;
        const c = [...(spec.initContainers ?? []), ...spec.containers].find((x: { name: string }) => x.name === container);
        const template = path.join(sb.dir, "template.properties");
        fs.writeFileSync(template, p.serverProperties);
        const secrets = path.join(sb.dir, "users");
        fs.mkdirSync(secrets);
        for (const [f, v] of Object.entries(users)) fs.writeFileSync(path.join(secrets, f), v);
        const cluster = new FakeCluster({ zkNodes });
        const env: Record<string, string> = {
            ...specEnv(c),
            CONFIG_TEMPLATE: template,
            CONFIG_FILE: path.join(sb.dir, "run", "server.properties"),
            BIN_DIR: kafkaBin,
            POD_NAME: `${p.pool.statefulSet}-1`,
            CLUSTER_ID,
            ...cluster.env(imageVersion(c)),
        };
        if (env.RACK_FILE !== undefined) env.RACK_FILE = path.join(sb.dir, "run", "zone");
        assert.equal(env.SECRETS_DIR, "/etc/kafka-eks-users", "the container points kafka-node.sh at the mounted credentials");
        env.SECRETS_DIR = secrets;
        if (zookeeperJaas !== undefined) {
            // The Secret item as the pod mounts it (same file name, another directory).
            const mount = c.volumeMounts.find((m: { name: string }) => m.name === "zookeeper-jaas");
            assert.equal(env.ZOOKEEPER_JAAS_FILE, `${mount.mountPath}/client-jaas.conf`, "kafka-node.sh is pointed at the mounted JAAS file");
            env.ZOOKEEPER_JAAS_FILE = path.join(sb.dir, "client-jaas.conf");
            if (zookeeperJaas !== null) fs.writeFileSync(env.ZOOKEEPER_JAAS_FILE, zookeeperJaas);
        }
        const result = run("bash", SCRIPT.kafkaNode, c.command.slice(2), env, sb);
        const seen = cluster.file(container === "format-storage" ? "kafka-storage.properties" : "kafka-server-start.properties");
        return { sb, p, result, seen, props: parseProperties(seen), env, container: c, cluster };
    }

    it("the template holds placeholders, never passwords; start fills the admin login from the mounted files", () => {
        const { result, seen, props, p, env } = runSecure("kraft-broker", "kafka");
        assert.equal(result.status, 0, result.stderr);
        assert.ok(!p.serverProperties.includes("AdminPw123"));
        assert.match(p.serverProperties, /password="@@SECRET:admin-password@@"/);
        assert.equal(
            props.get("listener.name.internal.scram-sha-512.sasl.jaas.config"),
            'org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="AdminPw123";',
        );
        assert.ok(!seen.includes("@@"));
        assert.equal(fs.statSync(env.CONFIG_FILE).mode & 0o077, 0, "the rendered file is private to the Kafka user");
        assert.ok(!result.stderr.includes("AdminPw123"), "the password is never printed");
    });

    it("a missing or unsafe credential file stops the node, naming the file, not the value", () => {
        const missing = runSecure("kraft-broker", "kafka", { "admin-username": "admin" });
        assert.notEqual(missing.result.status, 0);
        assert.match(missing.result.stderr, /admin-password is missing or empty/);
        assert.deepEqual(missing.cluster.calls(), []);
        const unsafe = runSecure("kraft-broker", "kafka", { ...USERS, "admin-password": 'x" y' });
        assert.notEqual(unsafe.result.status, 0);
        assert.ok(!unsafe.result.stderr.includes('x" y'));
    });

    it("KRaft format: --add-scram for every generated user from an argument file, never on the command line", () => {
        const { sb, result, cluster } = runSecure("kraft-controller", "format-storage");
        assert.equal(result.status, 0, result.stderr);
        const call = kafkaCall(cluster, "kafka-storage.sh");
        const argsFile = path.join(sb.dir, "run", "format-scram.args");
        assert.deepEqual(call.args, ["format", `--cluster-id=${CLUSTER_ID}`, "--config", path.join(sb.dir, "run", "server.properties"), "--ignore-formatted", `@${argsFile}`]);
        for (const password of ["AdminPw123", "AdminBPw456"]) {
            assert.ok(!cluster.calls().flat().some((a) => a.includes(password)), "no password in any tool's argv");
            assert.ok(!result.stderr.includes(password) && !result.stdout.includes(password), "nor in the output");
        }
        // The tool expanded the file into the credentials (argparse4j fromFilePrefix, modelled by the stub).
        assert.equal(cluster.file("kafka-storage.scram"), "SCRAM-SHA-512=[name=admin-b,password=AdminBPw456]\nSCRAM-SHA-512=[name=admin,password=AdminPw123]\n");
        assert.equal(fs.existsSync(argsFile), false, "the argument file is removed once the tool has run");
    });

    it("ZooKeeper mode: an init container upserts the users in ZooKeeper under the chroot, before the broker", () => {
        const { sb, result, p, cluster } = runSecure("zookeeper-broker", "scram-users");
        assert.equal(result.status, 0, result.stderr);
        const init = plain(p.statefulSet).spec.template.spec.initContainers.map((c: { name: string }) => c.name);
        assert.deepEqual(init, ["node-zone", "scram-users"]);
        const zk = [0, 1, 2].map((i) => `kafka-zookeeper-${i}.kafka-zookeeper-headless.kafka.svc.cluster.local:2181`).join(",");
        // The password travels in a file in the in-memory run directory, never on the command line;
        // the file holds the value without brackets (a properties file is not split like --add-config).
        const file = path.join(sb.dir, "run", "scram.properties");
        assert.deepEqual(cluster.calls(), [
            ["zookeeper-shell.sh", zk, "create", "/kafka"],
            ["kafka-configs.sh", "--zookeeper", `${zk}/kafka`, "--alter", "--entity-type", "users", "--entity-name", "admin-b", "--add-config-file", file],
            ["kafka-configs.sh", "--zookeeper", `${zk}/kafka`, "--alter", "--entity-type", "users", "--entity-name", "admin", "--add-config-file", file],
        ]);
        assert.equal(cluster.file("zk/users/admin"), "SCRAM-SHA-512=password=AdminPw123\n");
        assert.equal(cluster.file("zk/users/admin-b"), "SCRAM-SHA-512=password=AdminBPw456\n");
        assert.equal(fs.existsSync(file), false, "the password file is removed");
        // A restart: the chroot exists (zookeeper-shell.sh fails, ignored) and the users are upserted again.
        const again = runSecure("zookeeper-broker", "scram-users", USERS, ["/kafka"]);
        assert.equal(again.result.status, 0, again.result.stderr);
        assert.equal(again.cluster.calls().filter((c) => c[0] === "kafka-configs.sh").length, 2);
        assert.ok(!result.stderr.includes("Pw"), "passwords are never printed");
    });

    it("ZooKeeper mode with SASL: scram-users logs in to ZooKeeper, so the chroot and the credentials get Kafka's ACLs; the broker logs in too", () => {
        const jaas = zookeeperClientJaas("ZkPw789");
        const { sb, result, cluster, env } = runSecure("zookeeper-broker", "scram-users", USERS, undefined, jaas);
        assert.equal(result.status, 0, result.stderr);
        const zk = [0, 1, 2].map((i) => `kafka-zookeeper-${i}.kafka-zookeeper-headless.kafka.svc.cluster.local:2181`).join(",");
        const file = path.join(sb.dir, "run", "scram.properties");
        assert.deepEqual(cluster.calls(), [
            ["zookeeper-shell.sh", zk, "create", "/kafka", "", "auth::cdrwa,world:anyone:r"],
            ["kafka-configs.sh", "--zookeeper", `${zk}/kafka`, "--alter", "--entity-type", "users", "--entity-name", "admin-b", "--add-config-file", file],
            ["kafka-configs.sh", "--zookeeper", `${zk}/kafka`, "--alter", "--entity-type", "users", "--entity-name", "admin", "--add-config-file", file],
        ]);
        // Logged in as the ZooKeeper user: the chroot is the broker's with world read, the credentials the broker's alone.
        assert.equal(cluster.file("zk/acl-_kafka"), "sasl:kafka:cdrwa,world:anyone:r\n");
        assert.equal(cluster.file("zk/acl-users/admin-b"), "sasl:kafka:cdrwa\n");
        assert.equal(cluster.file("zk/acl-users/admin"), "sasl:kafka:cdrwa\n");
        assert.ok(!`${result.stdout}${result.stderr}`.includes("ZkPw789"), "the ZooKeeper password is never printed");

        const broker = runSecure("zookeeper-broker", "kafka", USERS, undefined, jaas);
        assert.equal(broker.result.status, 0, broker.result.stderr);
        assert.equal(broker.props.get("zookeeper.set.acl"), "true");
        // kafka-run-class.sh word-splits KAFKA_OPTS into JVM options (3.9.2 bin/kafka-run-class.sh:353).
        assert.deepEqual(broker.cluster.file("kafka-server-start.jvm-options").split("\n").filter((l) => l !== ""), [`-Djava.security.auth.login.config=${broker.env.ZOOKEEPER_JAAS_FILE}`]);
        assert.ok(!Object.values(env).some((v) => v.includes("ZkPw789")), "the password is in no env value");
    });

    it("ZooKeeper mode with SASL: a missing JAAS file stops scram-users and the broker before any tool runs, naming the file", () => {
        for (const container of ["scram-users", "kafka"]) {
            const { result, cluster } = runSecure("zookeeper-broker", container, USERS, undefined, null);
            assert.notEqual(result.status, 0, container);
            assert.match(result.stderr, /ZooKeeper JAAS file .*client-jaas\.conf is missing or empty/);
            assert.deepEqual(cluster.calls(), [], container);
        }
    });

    it("ZooKeeper mode without SASL: nothing logs in, so what scram-users creates is open (the stubs model the difference)", () => {
        const { result, cluster } = runSecure("zookeeper-broker", "scram-users");
        assert.equal(result.status, 0, result.stderr);
        assert.equal(cluster.file("zk/acl-_kafka"), "world:anyone:cdrwa\n");
        assert.equal(cluster.file("zk/acl-users/admin"), "world:anyone:cdrwa\n");
    });

    it("the pods mount the credentials (projected, group-readable) and the broker TLS Secret read-only", () => {
        const spec = plain(securePool("kraft-broker").statefulSet).spec.template.spec;
        const volumes = Object.fromEntries(spec.volumes.map((v: { name: string }) => [v.name, v]));
        assert.deepEqual(volumes.credentials.projected, {
            defaultMode: 0o440,
            sources: [
                { secret: { name: "kafka-admin-credentials", items: [{ key: "username", path: "admin-username" }, { key: "password", path: "admin-password" }] } },
                { secret: { name: "kafka-admin-b-credentials", items: [{ key: "username", path: "admin-b-username" }, { key: "password", path: "admin-b-password" }] } },
            ],
        }, "the inter-broker users only: no shared client user is mounted, so none is written at bootstrap");
        assert.deepEqual(volumes.tls, { name: "tls", secret: { secretName: "kafka-broker-tls", defaultMode: 0o440 } });
        assert.deepEqual(volumes.run.emptyDir, { medium: "Memory", sizeLimit: "1Mi" }, "the rendered config with the admin password stays in memory");
        const mounts = spec.containers[0].volumeMounts.filter((m: { name: string }) => ["credentials", "tls"].includes(m.name));
        assert.deepEqual(mounts, [
            { name: "credentials", mountPath: "/etc/kafka-eks-users", readOnly: true },
            { name: "tls", mountPath: "/etc/kafka-eks-tls", readOnly: true },
        ]);
        // Probes are unchanged by security: readiness and startup connect to the client port over
        // TCP (a TLS port still accepts TCP), JVM liveness.
        assert.deepEqual(spec.containers[0].readinessProbe.exec.command.slice(2, 3), ["9092"]);
        assert.deepEqual(spec.containers[0].livenessProbe.exec.command, ["/bin/bash", "-c", JVM_ALIVE]);
    });
});
