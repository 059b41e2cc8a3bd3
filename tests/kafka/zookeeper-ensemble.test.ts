/**
 * The ZooKeeper probes, ports and SASL login against a real ZooKeeper 3.8 ensemble: Debian's
 * `zookeeper` package (installed by .ci/install-system-packages), three members on loopback
 * addresses, started from the dev stack's rendered objects with `zookeeper.authentication: sasl`
 * (the default of every stack with SCRAM; the probes must work with logins enforced): the
 * ConfigMap's start script, the container's command and env (ZOO_SERVERS, ZOO_CFG_EXTRA, 4lw
 * whitelist, JVMFLAGS, JMXDISABLE, …), the JAAS file its Secret volume holds, and its probe commands.
 * The clients are Debian's zkCli.sh (ZooKeeperMain 3.8.0, the CLI Kafka 3.9.2's zookeeper-shell.sh
 * wraps at 3.8.4) logging in with the brokers' JAAS file, or with none.
 *
 * What stands in for the zookeeper:3.8.6 image, and why it is faithful enough:
 * - the image's /docker-entrypoint.sh: a stub below that writes the same zoo.cfg and myid;
 * - the image's zkServer.sh: Debian's copy, which differs from apache/zookeeper release-3.8.6
 *   (6df26081) bin/zkServer.sh only in cygwin handling (JMX block identical, lines 40-82);
 * - the server: Debian's ZooKeeper 3.8.0 jar; its four-letter-word path (NIOServerCnxn, server/command/)
 *   and zkServer.sh are unchanged from release-3.8.0-1 to release-3.8.6 but for EOF logging in doIO;
 * - nc: netcat-openbsd, which the image's `netcat` package brings on its Ubuntu 22.04 base
 *   (31z4/zookeeper-docker@52a83649 3.8.6/Dockerfile:1 `FROM eclipse-temurin:17-jre-jammy`, :32 `netcat`;
 *   jammy ships netcat-openbsd 1.218-4ubuntu1: -w, -N and Debian's -q exist; the probes use only -w).
 * Only addresses and paths differ: each member gets its own 127.x.y.N (ZOO_SERVERS hosts and
 * client-port addresses rewritten, `quorumListenOnAllIPs` dropped: three members on one host cannot
 * all bind 0.0.0.0:3888), data, conf and Secret-mount directories are temporary, and the probes'
 * `localhost` becomes the member's address.
 *
 * Skipped (with a message) when the packages are missing outside CI; with CI=true it fails instead.
 */
import * as assert from "node:assert/strict";
import { ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parseStackConfig } from "../../components/config";
import { ZOOKEEPER_PORTS } from "../../components/common/names";
import { zookeeperAuthentication } from "../../components/config/security";
import { readScript, SCRIPT } from "../../components/kafka/scripts";
import { ZOOKEEPER_JAAS_KEYS, zookeeperClientJaas, zookeeperServerJaas } from "../../components/kafka/zookeeper-auth";
import { ZOOKEEPER_PATHS, zookeeperSpecs } from "../../components/kafka/zookeeper-spec";
import { readStackFile } from "../../scripts/lib/stack-file";
import { stackSections } from "../harness";
import { plain, PROJECT, readList } from "./fixtures";

const ZK_SERVER_SH = "/usr/share/zookeeper/bin/zkServer.sh";
const ZK_CLI_SH = "/usr/share/zookeeper/bin/zkCli.sh";
/** The generated passwords stand in as fixed values of the same alphabet (RandomPassword, special: false). */
const PASSWORD = "Zk3SaslTestPassw0rdLettersDigits";
const QUORUM_PASSWORD = "Qu0rumPasswordOfTheServersAl0ne";
const ZK_JAR = "/usr/share/java/zookeeper.jar";
const PROBE_RUNS = 200;
/**
 * Given to zkServer.sh as SERVER_JVMFLAGS and to zkCli.sh in CLIENT_JVMFLAGS, which both put before
 * JVMFLAGS (the rendered one stays as the pod has it): the C1 compiler only and one GC thread cut the JVMs'
 * start-up CPU on a 2-core test machine; nothing tested here depends on either.
 */
const TEST_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
const PROBES_AT_ONCE = 4;

interface Probe {
    exec: { command: string[] };
    timeoutSeconds: number;
}
interface Container {
    command: string[];
    volumeMounts: { name: string; mountPath: string }[];
    env: { name: string; value?: string }[];
    ports: { name: string; containerPort: number }[];
    readinessProbe: Probe;
    livenessProbe: Probe;
    startupProbe: Probe;
}

/** The dev stack's ZooKeeper objects with `zookeeper.authentication: sasl`, built by the same builder the program uses. */
function devStackZooKeeper() {
    const sections = stackSections("dev");
    const zookeeper = { ...(sections.zookeeper as Record<string, unknown>), authentication: "sasl" };
    const cfg = parseStackConfig({ ...sections, zookeeper }, PROJECT, { awsRegion: readStackFile("dev").config["aws:region"] });
    assert.equal(cfg.kafka.mode, "zookeeper", "the dev stack runs ZooKeeper mode");
    const specs = plain(zookeeperSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper, authentication: zookeeperAuthentication(cfg.zookeeper, cfg.security) }));
    const container: Container = specs.statefulSet.spec.template.spec.containers[0];
    const volumes: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] } }[] = specs.statefulSet.spec.template.spec.volumes;
    return { specs, container, volumes, stsName: specs.statefulSet.metadata.name as string, replicas: specs.statefulSet.spec.replicas as number };
}

/** The ACL kafka-node.sh scram-users gives the chroot when it logs in to ZooKeeper (the argument after the empty data). */
function chrootAcl(): string {
    const m = /create\+=\(""\s+"([^"]+)"\)/.exec(readScript(SCRIPT.kafkaNode));
    assert.ok(m, "kafka-node.sh creates the chroot with an ACL when it logs in");
    return m[1];
}

function netcatOpenbsd(): boolean {
    // `nc -h` prints "OpenBSD netcat (Debian patchlevel …)" first (on stderr).
    const r = spawnSync("nc", ["-h"], { encoding: "utf8" });
    return !r.error && /^OpenBSD netcat/.test(`${r.stderr}${r.stdout}`);
}

/** Skips the suite when a system package is missing outside CI; in CI (CI=true) fails it. */
function requirePackages(ctx: Mocha.Context, needs: { zookeeper: boolean }): void {
    const missing: string[] = [];
    if (!netcatOpenbsd()) missing.push("netcat-openbsd (`nc -h` does not say OpenBSD netcat)");
    if (needs.zookeeper && ![ZK_SERVER_SH, ZK_CLI_SH, ZK_JAR].every((f) => fs.existsSync(f))) missing.push(`zookeeper (${ZK_SERVER_SH}, ${ZK_CLI_SH}, ${ZK_JAR})`);
    if (missing.length === 0) return;
    const message = `missing system packages: ${missing.join(", ")}; install them with .ci/install-system-packages (root, apt)`;
    if (process.env.CI === "true") throw new Error(`${message}. CI=true: this test must run.`);
    console.warn(`    skipped: ${message}`);
    ctx.skip();
}

/** A random 127.x.y.0/24 (loopback only) so a run never collides with anything on 127.0.0.1. */
function loopbackNet(): string {
    const octet = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));
    return `127.${octet(100, 250)}.${octet(1, 250)}`;
}

/** A rendered probe pointed at `host` instead of the pod's `localhost` (exactly one occurrence). */
function probeAt(probe: Probe, host: string): string[] {
    const [shell, flag, script] = probe.exec.command;
    assert.equal(flag, "-c");
    assert.equal(script.split(" localhost ").length, 2, `one "localhost" in: ${script}`);
    return [shell, flag, script.replace(" localhost ", ` ${host} `)];
}

/** Runs a probe argv as the kubelet would (bounded by the probe's timeoutSeconds); true = success. */
function runProbe(argv: string[], timeoutSeconds: number): boolean {
    const r = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: timeoutSeconds * 1000 });
    return r.status === 0;
}

/** runProbe without blocking the event loop, so several can run at once. */
function runProbeAsync(argv: string[], timeoutSeconds: number): Promise<boolean> {
    return new Promise((resolve) => {
        const child = spawn(argv[0], argv.slice(1), { stdio: "ignore", timeout: timeoutSeconds * 1000 });
        child.on("error", () => resolve(false));
        child.on("exit", (code) => resolve(code === 0));
    });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` every 200 ms until it returns true or `seconds` pass. */
async function waitFor(seconds: number, check: () => boolean): Promise<boolean> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
        if (check()) return true;
        await sleep(200);
    }
    return check();
}

/** TCP ports `pid` listens on (its socket inodes matched against /proc/<pid>/net/tcp{,6} in state LISTEN). */
function listeningPorts(pid: number): number[] {
    const inodes = new Set<string>();
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
        let link = "";
        try {
            link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        } catch {
            continue; // closed meanwhile
        }
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m) inodes.add(m[1]);
    }
    const ports = new Set<number>();
    for (const table of ["tcp", "tcp6"]) {
        for (const line of fs.readFileSync(`/proc/${pid}/net/${table}`, "utf8").split("\n").slice(1)) {
            const cols = line.trim().split(/\s+/);
            if (cols.length > 9 && cols[3] === "0A" && inodes.has(cols[9])) ports.add(parseInt(cols[1].split(":").pop()!, 16));
        }
    }
    return [...ports].sort((a, b) => a - b);
}

// Stand-in for the image's /docker-entrypoint.sh (31z4/zookeeper-docker@52a83649 3.8.6/docker-entrypoint.sh):
// zoo.cfg is written only if absent (:12), with these keys from these variables (:14-27), each
// whitespace-separated ZOO_SERVERS word as a line, default server.1=localhost:2888:3888;2181 (:28-34),
// the 4lw whitelist only if set (:36-38), each ZOO_CFG_EXTRA word as a line (:40-42); myid = ZOO_MY_ID,
// default 1, only if absent (:45-48); then exec "$@" (:50). Left out: the root → gosu re-exec (:5-9),
// the pod runs as uid 1000 already.
const ENTRYPOINT = `#!/bin/bash
set -e
cfg="$ZOO_CONF_DIR/zoo.cfg"
if [[ ! -f $cfg ]]; then
    printf '%s\\n' "dataDir=$ZOO_DATA_DIR" "dataLogDir=$ZOO_DATA_LOG_DIR" "tickTime=$ZOO_TICK_TIME" \\
        "initLimit=$ZOO_INIT_LIMIT" "syncLimit=$ZOO_SYNC_LIMIT" "autopurge.snapRetainCount=$ZOO_AUTOPURGE_SNAPRETAINCOUNT" \\
        "autopurge.purgeInterval=$ZOO_AUTOPURGE_PURGEINTERVAL" "maxClientCnxns=$ZOO_MAX_CLIENT_CNXNS" \\
        "standaloneEnabled=$ZOO_STANDALONE_ENABLED" "admin.enableServer=$ZOO_ADMINSERVER_ENABLED" >> "$cfg"
    for word in \${ZOO_SERVERS:-server.1=localhost:2888:3888;2181}; do echo "$word"; done >> "$cfg"
    [[ -z $ZOO_4LW_COMMANDS_WHITELIST ]] || echo "4lw.commands.whitelist=$ZOO_4LW_COMMANDS_WHITELIST" >> "$cfg"
    for word in $ZOO_CFG_EXTRA; do echo "$word"; done >> "$cfg"
fi
[[ -f $ZOO_DATA_DIR/myid ]] || echo "\${ZOO_MY_ID:-1}" > "$ZOO_DATA_DIR/myid"
exec "$@"
`;

// The image puts the release's bin/ on PATH (3.8.6/Dockerfile:79) and the entrypoint execs
// \`zkServer.sh start-foreground\`. The release's zkEnv.sh reads \$ZOOCFGDIR/zoo.cfg
// (apache/zookeeper release-3.8.6 bin/zkEnv.sh:43-61); Debian's zkEnv.sh pins /etc/zookeeper/conf
// instead, so that file is handed to Debian's zkServer.sh as its config argument (zkServer.sh:89-98).
const ZK_SERVER_WRAPPER = `#!/bin/bash
exec ${ZK_SERVER_SH} "$1" "$ZOOCFGDIR/zoo.cfg"
`;

/** `NAME=default` lines of the image's ENV (upstream/zookeeper/image-env-3.8.txt), set before the pod's env as Docker does. */
function imageEnv(): Record<string, string> {
    return Object.fromEntries([...readList("zookeeper/image-env-3.8.txt")].map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

interface Member {
    id: number;
    address: string;
    process: ChildProcess;
    output: string;
    /** How it was started: the container's command and env, as rendered (restarts reuse them). */
    command: string[];
    env: Record<string, string>;
}

describe("ZooKeeper probes and SASL logins against a real 3.8 ensemble built from the dev stack's objects (zookeeper.authentication sasl)", function () {
    const { specs, container, volumes, stsName, replicas } = devStackZooKeeper();
    const { client } = ZOOKEEPER_PORTS;
    const subnet = loopbackNet();
    const members: Member[] = [];
    let tmp = "";

    const kill = (m: Member) => {
        try {
            process.kill(-m.process.pid!, "SIGKILL"); // its own process group (detached)
        } catch {
            /* already gone */
        }
    };
    const killAll = () => members.forEach(kill);
    process.once("exit", killAll); // even if mocha is interrupted

    /** Starts (or restarts, appending to its output) a member as its container would start. */
    const spawnMember = (m: Pick<Member, "output" | "command" | "env">, flags: "w" | "a" = "w"): ChildProcess => {
        const fd = fs.openSync(m.output, flags);
        const child = spawn(m.command[0], m.command.slice(1), { env: { ...m.env, SERVER_JVMFLAGS: TEST_JVM_FLAGS }, stdio: ["ignore", fd, fd], detached: true });
        fs.closeSync(fd);
        return child;
    };
    const exited = (m: Member) => (m.process.exitCode !== null || m.process.signalCode !== null ? Promise.resolve() : new Promise((r) => m.process.once("exit", r)));
    let secretDir = "";

    const tail = () => members.map((m) => `--- server.${m.id} (${m.address}) ---\n${fs.existsSync(m.output) ? fs.readFileSync(m.output, "utf8").slice(-1500) : ""}`).join("\n");

    before(async function () {
        requirePackages(this, { zookeeper: true });
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zk-ensemble-"));
        const bin = path.join(tmp, "bin");
        fs.mkdirSync(bin);
        fs.writeFileSync(path.join(bin, "docker-entrypoint.sh"), ENTRYPOINT, { mode: 0o755 });
        fs.writeFileSync(path.join(bin, "zkServer.sh"), ZK_SERVER_WRAPPER, { mode: 0o755 });
        // The scripts ConfigMap, mounted as the container's command expects it.
        const scriptsDir = path.join(tmp, "scripts");
        fs.mkdirSync(scriptsDir);
        for (const [name, text] of Object.entries(specs.scripts.data as Record<string, string>)) fs.writeFileSync(path.join(scriptsDir, name), text, { mode: 0o555 });
        assert.deepEqual(container.command, ["/bin/bash", `${ZOOKEEPER_PATHS.scripts}/${SCRIPT.zookeeperStart}`]);
        const command = [container.command[0], path.join(scriptsDir, SCRIPT.zookeeperStart)];

        const rendered = Object.fromEntries(container.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
        // server.<id>=<pod dns>:<peer>:<election>;<client>: the member's own address for both.
        const servers = rendered.ZOO_SERVERS.split(" ").map((s) => {
            const m = /^server\.(\d+)=[a-z0-9.-]+:(\d+):(\d+);(\d+)$/.exec(s);
            assert.ok(m, `ZOO_SERVERS entry shape: ${s}`);
            return `server.${m[1]}=${subnet}.${m[1]}:${m[2]}:${m[3]};${subnet}.${m[1]}:${m[4]}`;
        });
        assert.equal(servers.length, replicas);
        const extra = rendered.ZOO_CFG_EXTRA.split(/\s+/).filter((e) => e !== "quorumListenOnAllIPs=true");
        // The credentials Secret as the pod mounts it: the one item its volume selects, holding what
        // ZooKeeperEnsemble writes under that key, in a directory standing in for the mount path.
        const jaasVolume = volumes.find((v) => v.secret?.secretName === specs.credentialsSecret?.metadata.name);
        assert.ok(jaasVolume, "the pod mounts the ZooKeeper credentials Secret");
        assert.deepEqual(jaasVolume.secret!.items, [{ key: ZOOKEEPER_JAAS_KEYS.server, path: ZOOKEEPER_JAAS_KEYS.server }], "only the server's JAAS file");
        const jaasMount = container.volumeMounts.find((m) => m.name === jaasVolume.name)!;
        secretDir = path.join(tmp, "secret");
        fs.mkdirSync(secretDir);
        fs.writeFileSync(path.join(secretDir, ZOOKEEPER_JAAS_KEYS.server), zookeeperServerJaas(PASSWORD, QUORUM_PASSWORD), { mode: 0o440 });
        assert.equal(rendered.JVMFLAGS.split(`${jaasMount.mountPath}/`).length, 2, `JVMFLAGS names the mounted JAAS file once: ${rendered.JVMFLAGS}`);
        const jvmFlags = rendered.JVMFLAGS.replace(`${jaasMount.mountPath}/`, `${secretDir}/`);

        for (let ordinal = 0; ordinal < replicas; ordinal++) {
            const id = ordinal + 1;
            const dir = path.join(tmp, `member-${id}`);
            const dirs = { data: path.join(dir, "data"), dataLog: path.join(dir, "datalog"), conf: path.join(dir, "conf"), logs: path.join(dir, "logs"), imageConf: path.join(dir, "image-conf") };
            Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));
            const env: Record<string, string> = {
                PATH: `${bin}:${process.env.PATH}`,
                ...imageEnv(),
                ...rendered,
                POD_NAME: `${stsName}-${ordinal}`, // fieldRef metadata.name
                ZOO_SERVERS: servers.join(" "),
                ZOO_CFG_EXTRA: extra.join(" "),
                JVMFLAGS: jvmFlags,
                ZOO_DATA_DIR: dirs.data,
                ZOO_DATA_LOG_DIR: dirs.dataLog,
                ZOO_LOG_DIR: dirs.logs,
                ZOO_CONF_DIR: dirs.conf,
                ZOOCFGDIR: dirs.conf,
                IMAGE_CONF_DIR: dirs.imageConf,
                ZK_ENTRYPOINT: path.join(bin, "docker-entrypoint.sh"),
            };
            const started = { output: path.join(dir, "output.log"), command, env };
            members.push({ id, address: `${subnet}.${id}`, process: spawnMember(started), ...started });
        }
        const ready = await waitFor(30, () => members.every((m) => runProbe(probeAt(container.readinessProbe, m.address), container.readinessProbe.timeoutSeconds)));
        assert.ok(ready, `the ensemble did not form within 30 s:\n${tail()}`);
    });

    after(async () => {
        killAll();
        await Promise.all(members.map(exited));
        process.removeListener("exit", killAll);
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it(`the rendered readiness, liveness and startup probes answer right ${PROBE_RUNS} times each on a healthy ensemble`, async function () {
        this.timeout(150_000);
        const probes = { readiness: container.readinessProbe, liveness: container.livenessProbe, startup: container.startupProbe };
        const runs = Object.entries(probes).flatMap(([kind, probe]) => Array.from({ length: PROBE_RUNS }, (_, i) => ({ kind, i, probe, m: members[i % members.length] })));
        // A few at a time, as the kubelet runs each container's probes on schedules of their own.
        // (The liveness probe as it was at f28d4f9, `echo ruok | nc`, whose newline is a fifth byte
        // ZooKeeper leaves unread, failed 13 to 39 of 200 runs here.)
        const failures: string[] = [];
        let next = 0;
        await Promise.all(
            Array.from({ length: PROBES_AT_ONCE }, async () => {
                for (let run = runs[next++]; run; run = runs[next++]) {
                    if (!(await runProbeAsync(probeAt(run.probe, run.m.address), run.probe.timeoutSeconds))) failures.push(`${run.kind} #${run.i} on server.${run.m.id}`);
                }
            }),
        );
        assert.deepEqual(failures, [], `${failures.length} of ${runs.length} probes failed on a healthy ensemble`);
    });

    it("each member listens only on ports its container declares (no JMX port)", () => {
        // With JMX on, zkServer.sh starts the JVM with -Dcom.sun.management.jmxremote
        // (release-3.8.6 bin/zkServer.sh:45-53) and its connector listens on a random port on every
        // address; local.only is false unless JMXLOCALONLY is set (:40-43; Debian's zkEnv.sh sets it).
        const declared = container.ports.map((p) => p.containerPort);
        for (const m of members) {
            const ports = listeningPorts(m.process.pid!);
            assert.ok(ports.includes(client), `server.${m.id} listens on ${client}: ${ports}`);
            assert.deepEqual(
                ports.filter((p) => !declared.includes(p)),
                [],
                `server.${m.id} listens on undeclared ports (declared ${declared}): ${ports}\ncmdline: ${fs.readFileSync(`/proc/${m.process.pid}/cmdline`, "utf8").replace(/\0/g, " ")}`,
            );
        }
    });

    let clientFiles = 0;
    /** zkCli.sh with `commands` on stdin (one JVM, one session) against a member, logged in with the JAAS file `jaas` or not at all. */
    function zkCli(m: Member, commands: string[], jaas?: string): string {
        const env: Record<string, string> = { ...(process.env as Record<string, string>), ZOO_LOG_DIR: tmp, CLIENT_JVMFLAGS: "" };
        if (jaas !== undefined) {
            const file = path.join(tmp, `client-${++clientFiles}.jaas`);
            fs.writeFileSync(file, jaas);
            env.CLIENT_JVMFLAGS = `-Djava.security.auth.login.config=${file}`;
        }
        const r = spawnSync(ZK_CLI_SH, ["-server", `${m.address}:${client}`], { input: commands.join("\n") + "\n", encoding: "utf8", env: { ...env, CLIENT_JVMFLAGS: `${TEST_JVM_FLAGS} ${env.CLIENT_JVMFLAGS}` }, timeout: 60_000 });
        assert.equal(r.error, undefined, `zkCli.sh: ${r.error}`);
        // Drop the JVM's logging and stack traces; keep what the CLI prints.
        return `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => !/^(SLF4J|\s+at |\d{4}-\d\d-\d\d)/.test(l)).join("\n");
    }
    // Kafka's ACLs (3.9.2 core/src/main/scala/kafka/zk/ZkData.scala:1117-1135): CREATOR_ALL_ACL (the "auth"
    // scheme) on every znode, plus world read except under /config/users, /config/brokers and /delegation_token/tokens.
    const KAFKA_OPEN_READ = "auth::cdrwa,world:anyone:r";
    const KAFKA_SENSITIVE = "auth::cdrwa";

    it("logged in as the brokers (their JAAS file), a client creates the chroot and SCRAM znodes with Kafka's ACLs and reads them back", function () {
        this.timeout(60_000);
        assert.equal(chrootAcl(), KAFKA_OPEN_READ, "kafka-node.sh gives the chroot Kafka's ACL for a non-sensitive path");
        const out = zkCli(members[0], [
            `create /kafka "" ${chrootAcl()}`,
            `create /kafka/config "" ${KAFKA_OPEN_READ}`,
            `create /kafka/config/users "" ${KAFKA_SENSITIVE}`,
            `create /kafka/config/users/admin scram-credential ${KAFKA_SENSITIVE}`,
            "getAcl /kafka",
            "getAcl /kafka/config/users/admin",
            "get /kafka/config/users/admin",
        ], zookeeperClientJaas(PASSWORD));
        assert.match(out, /state:SaslAuthenticated/, out);
        for (const p of ["/kafka", "/kafka/config", "/kafka/config/users", "/kafka/config/users/admin"]) assert.match(out, new RegExp(`^Created ${p}$`, "m"), out);
        // getAcl prints each ACL as 'scheme,'id then ": perms" (cli/GetAclCommand.java); "auth" became the login, sasl:kafka.
        assert.match(out, /^'sasl,'kafka\n: cdrwa\n'world,'anyone\n: r\n'sasl,'kafka\n: cdrwa\nscram-credential$/m, out);
    });

    it("without a login a client can neither read nor write, not even what Kafka leaves world-readable; a digest login does not count", function () {
        this.timeout(60_000);
        const refused = (p: string) => new RegExp(`^KeeperErrorCode = Session closed because client failed to authenticate for ${p}$`, "m");
        const anonymous = zkCli(members[1], ["ls /kafka/config/users"]);
        assert.match(anonymous, refused("/kafka/config/users"), anonymous);
        const reader = zkCli(members[1], ["get /kafka"]);
        assert.match(reader, refused("/kafka"), reader);
        const writer = zkCli(members[2], ["create /kafka/config/users/intruder x world:anyone:cdrwa"]);
        assert.match(writer, refused("/kafka/config/users/intruder"), writer);
        // enforce.auth.schemes=sasl: an id of another scheme (the digest provider, always on) is not a login.
        const digest = zkCli(members[2], [`addauth digest kafka:${PASSWORD}`, "get /kafka/config/users/admin"]);
        assert.match(digest, refused("/kafka/config/users/admin"), digest);
        assert.doesNotMatch(`${anonymous}${reader}${writer}${digest}`, /scram-credential|^Created /m);
    });

    it("a login with a wrong password fails and gets nothing", function () {
        this.timeout(60_000);
        const out = zkCli(members[0], ["get /kafka/config/users/admin"], zookeeperClientJaas("WrongPassword123"));
        assert.match(out, /state:AuthFailed/, out);
        assert.match(out, /^KeeperErrorCode = AuthFailed for \/kafka\/config\/users\/admin$/m, out);
        assert.doesNotMatch(out, /scram-credential/);
    });

    it("the servers authenticate each other: one restarted with a wrong quorum password stays out; with the right one it rejoins", async function () {
        this.timeout(120_000);
        const probe = (p: Probe, m: Member) => runProbe(probeAt(p, m.address), p.timeoutSeconds);
        const m = members[2];
        const restart = async (env: Record<string, string>) => {
            kill(m);
            await exited(m);
            m.process = spawnMember({ ...m, env }, "a");
        };
        // The same Secret, but the server file's quorum user has another password: its peers reject
        // its logins (quorum.auth.serverRequireSasl) and it rejects theirs (learnerRequireSasl).
        const wrong = path.join(tmp, "secret-wrong-quorum");
        fs.mkdirSync(wrong);
        fs.writeFileSync(path.join(wrong, ZOOKEEPER_JAAS_KEYS.server), zookeeperServerJaas(PASSWORD, "WrongQuorumPassword123"));
        const rightEnv = m.env;
        await restart({ ...rightEnv, JVMFLAGS: rightEnv.JVMFLAGS.replace(`${secretDir}/`, `${wrong}/`) });
        // Staying out for OUT_SECONDS means something only if a server with the right password
        // joins well within it: measured below, on the same member, from live to ready.
        const OUT_SECONDS = 6;
        assert.ok(await waitFor(30, () => probe(container.livenessProbe, m)), `server.${m.id} did not come up:\n${tail()}`);
        assert.equal(await waitFor(OUT_SECONDS, () => probe(container.readinessProbe, m)), false, `server.${m.id} joined the quorum with a wrong quorum password`);
        assert.ok(members.slice(0, 2).every((o) => probe(container.readinessProbe, o)), "the other two keep their quorum");
        await restart(rightEnv);
        assert.ok(await waitFor(30, () => probe(container.livenessProbe, m)), `server.${m.id} did not come up:\n${tail()}`);
        const live = Date.now();
        assert.ok(await waitFor(30, () => probe(container.readinessProbe, m)), `server.${m.id} did not rejoin with the right password:\n${tail()}`);
        const joinMs = Date.now() - live;
        assert.ok(joinMs * 3 <= OUT_SECONDS * 1000, `with the right password server.${m.id} joined ${joinMs} ms after coming up: ${OUT_SECONDS} s out with the wrong one proves nothing`);
    });

    it("a member that lost its quorum turns unready but stays live (no restart for it)", async () => {
        const mode = (m: Member) => spawnSync("/bin/bash", ["-c", `printf srvr | nc -w 3 ${m.address} ${client}`], { encoding: "utf8" }).stdout.match(/^Mode: (\w+)/m)?.[1];
        // Stop the leader and one follower: the last follower sees its leader go at once.
        const leader = members.find((m) => mode(m) === "leader");
        assert.ok(leader, "one member leads");
        const survivor = members.find((m) => m !== leader)!;
        members.filter((m) => m !== survivor).forEach(kill);
        const unready = await waitFor(15, () => !runProbe(probeAt(container.readinessProbe, survivor.address), container.readinessProbe.timeoutSeconds));
        assert.ok(unready, `server.${survivor.id} still reports ready without a quorum`);
        for (let i = 0; i < 20; i++) assert.ok(runProbe(probeAt(container.livenessProbe, survivor.address), container.livenessProbe.timeoutSeconds), `liveness #${i} without quorum`);
    });
});

describe("ZooKeeper probes send exactly the four letters", function () {
    const { container } = devStackZooKeeper();
    const { client } = ZOOKEEPER_PORTS;

    before(function () {
        requirePackages(this, { zookeeper: false });
    });

    /**
     * A listener shaped like ZooKeeper's NIOServerCnxn for one four-letter word: it answers once
     * 4 bytes are in (apache/zookeeper release-3.8.6 NIOServerCnxn.java:74 and :334 read into a 4-byte
     * lenBuffer, :554-555 treats those 4 bytes as the command, :485-543 answers and closes).
     * Unlike ZooKeeper it also keeps whatever else arrives, so the test sees every byte sent:
     * ZooKeeper never reads a fifth byte, and closing with unread input sends a TCP reset
     * (:645-675) that makes nc drop the answer.
     */
    async function bytesSent(probe: Probe, answer: string): Promise<{ sent: string; ok: boolean }> {
        const address = `${loopbackNet()}.1`;
        const received: Buffer[] = [];
        const server = net.createServer((socket) => {
            let answered = false;
            socket.on("data", (chunk) => {
                received.push(chunk);
                if (answered || Buffer.concat(received).length < 4) return;
                answered = true;
                // Give a trailing byte sent with the command the time to arrive, then answer and close.
                setTimeout(() => socket.end(answer), 100);
            });
            socket.on("error", () => undefined);
        });
        await new Promise<void>((resolve, reject) => server.once("error", reject).listen(client, address, resolve));
        try {
            const argv = probeAt(probe, address);
            const ok = await new Promise<boolean>((resolve) => {
                const child = spawn(argv[0], argv.slice(1), { stdio: "ignore", timeout: probe.timeoutSeconds * 1000 });
                child.once("exit", (code) => resolve(code === 0));
            });
            return { sent: Buffer.concat(received).toString("latin1"), ok };
        } finally {
            await new Promise((r) => server.close(r));
        }
    }

    it("readiness sends `srvr` and passes on a `Mode:` line", async () => {
        const { sent, ok } = await bytesSent(container.readinessProbe, "Zookeeper version: 3.8.6\nLatency min/avg/max: 0/0.0/0\nMode: follower\nNode count: 5\n");
        assert.equal(JSON.stringify(sent), JSON.stringify("srvr"));
        assert.ok(ok);
    });

    it("liveness and startup send `ruok` and pass on `imok`", async () => {
        for (const probe of [container.livenessProbe, container.startupProbe]) {
            const { sent, ok } = await bytesSent(probe, "imok");
            assert.equal(JSON.stringify(sent), JSON.stringify("ruok"));
            assert.ok(ok);
        }
    });
});
