/**
 * The ZooKeeper probes and ports against a real ZooKeeper 3.8 ensemble: Debian's `zookeeper`
 * package (installed by .ci/install-system-packages), three members on loopback addresses,
 * started from the dev stack's rendered objects: the ConfigMap's start script, the container's
 * command and env (ZOO_SERVERS, 4lw whitelist, JVMFLAGS, JMXDISABLE, …) and its probe commands.
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
 * Only addresses differ: each member gets its own 127.x.y.N (ZOO_SERVERS hosts and client-port
 * addresses rewritten, `quorumListenOnAllIPs` dropped: three members on one host cannot all bind
 * 0.0.0.0:3888), data and conf directories are temporary, and the probes' `localhost` becomes the
 * member's address.
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
import { SCRIPT } from "../../components/kafka/scripts";
import { ZOOKEEPER_PATHS, zookeeperSpecs } from "../../components/kafka/zookeeper-spec";
import { readStackFile } from "../../scripts/lib/stack-file";
import { stackSections } from "../harness";
import { plain, PROJECT, readList } from "./fixtures";

const ZK_SERVER_SH = "/usr/share/zookeeper/bin/zkServer.sh";
const ZK_JAR = "/usr/share/java/zookeeper.jar";
const PROBE_RUNS = 200;

interface Probe {
    exec: { command: string[] };
    timeoutSeconds: number;
}
interface Container {
    command: string[];
    env: { name: string; value?: string }[];
    ports: { name: string; containerPort: number }[];
    readinessProbe: Probe;
    livenessProbe: Probe;
    startupProbe: Probe;
}

/** The dev stack's ZooKeeper objects, built by the same builder the program uses. */
function devStackZooKeeper() {
    const cfg = parseStackConfig(stackSections("dev"), PROJECT, { awsRegion: readStackFile("dev").config["aws:region"] });
    assert.equal(cfg.kafka.mode, "zookeeper", "the dev stack runs ZooKeeper mode");
    const specs = plain(zookeeperSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper }));
    const container: Container = specs.statefulSet.spec.template.spec.containers[0];
    return { specs, container, stsName: specs.statefulSet.metadata.name as string, replicas: specs.statefulSet.spec.replicas as number };
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
    if (needs.zookeeper && !(fs.existsSync(ZK_SERVER_SH) && fs.existsSync(ZK_JAR))) missing.push(`zookeeper (${ZK_SERVER_SH}, ${ZK_JAR})`);
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
}

describe("ZooKeeper probes against a real 3.8 ensemble built from the dev stack's objects", function () {
    const { specs, container, stsName, replicas } = devStackZooKeeper();
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
                ZOO_DATA_DIR: dirs.data,
                ZOO_DATA_LOG_DIR: dirs.dataLog,
                ZOO_LOG_DIR: dirs.logs,
                ZOO_CONF_DIR: dirs.conf,
                ZOOCFGDIR: dirs.conf,
                IMAGE_CONF_DIR: dirs.imageConf,
                ZK_ENTRYPOINT: path.join(bin, "docker-entrypoint.sh"),
            };
            const output = path.join(dir, "output.log");
            const fd = fs.openSync(output, "w");
            const child = spawn(command[0], command.slice(1), { env, stdio: ["ignore", fd, fd], detached: true });
            fs.closeSync(fd);
            members.push({ id, address: `${subnet}.${id}`, process: child, output });
        }
        const ready = await waitFor(30, () => members.every((m) => runProbe(probeAt(container.readinessProbe, m.address), container.readinessProbe.timeoutSeconds)));
        assert.ok(ready, `the ensemble did not form within 30 s:\n${tail()}`);
    });

    after(async () => {
        killAll();
        await Promise.all(members.map((m) => (m.process.exitCode !== null || m.process.signalCode !== null ? undefined : new Promise((r) => m.process.once("exit", r)))));
        process.removeListener("exit", killAll);
        if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    });

    it(`the rendered readiness, liveness and startup probes answer right ${PROBE_RUNS} times each on a healthy ensemble`, function () {
        // spawnSync blocks mocha's own timeout: stop at a deadline instead, well inside it. 800
        // spawns of bash and nc took over 75 s with mocha's other parallel worker on a loaded
        // 2-core machine (523 of 600 runs), so the budget is 110 s in a 150 s timeout.
        this.timeout(150_000);
        const deadline = Date.now() + 110_000;
        /** Names of the failed runs of `argv(member)` over the members in turn. */
        const failedRuns = (label: string, argv: (m: Member) => string[], timeoutSeconds: number) => {
            const failed: string[] = [];
            for (let i = 0; i < PROBE_RUNS; i++) {
                const m = members[i % members.length];
                if (Date.now() > deadline) return [...failed, `${label}: stopped after ${i} runs, over the time budget`];
                if (!runProbe(argv(m), timeoutSeconds)) failed.push(`${label} #${i} on server.${m.id}`);
            }
            return failed;
        };
        const probes = { readiness: container.readinessProbe, liveness: container.livenessProbe, startup: container.startupProbe };
        const failures = Object.entries(probes).flatMap(([kind, probe]) => failedRuns(kind, (m) => probeAt(probe, m.address), probe.timeoutSeconds));
        // For the record, not asserted (a race): the liveness probe as it was at f28d4f9, whose `echo` sends a fifth byte.
        const old = failedRuns("echo ruok", (m) => ["/bin/bash", "-c", `echo ruok | nc -w 3 ${m.address} ${client} | grep -q imok`], 5);
        console.log(`      (for comparison, \`echo ruok | nc …\` failed ${old.length}/${PROBE_RUNS} times)`);
        assert.deepEqual(failures, [], `${failures.length} of ${3 * PROBE_RUNS} probes failed on a healthy ensemble`);
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
