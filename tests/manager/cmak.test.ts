import { strict as assert } from "assert";
import { execFileSync, spawn } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CMAK_IMAGE } from "../../components/common/images";
import { podTemplate } from "../autoscaling/fixtures";
import { CMAK_HEALTH_PATH, CMAK_REGISTER_SCRIPT, cmakConfig, cmakDeployment, zookeeperHostsOf } from "../../components/manager/cmak-spec";

type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };
type Container = { name: string; image: string; command?: string[]; env: Env[]; securityContext: Record<string, unknown>; readinessProbe?: { httpGet: { path: string } } };

const ZK = "kafka-zookeeper-0.kafka-zookeeper-headless.kafka.svc.cluster.local:2181,kafka-zookeeper-1.kafka-zookeeper-headless.kafka.svc.cluster.local:2181";
const input = {
    name: "kafka-ui",
    cluster: "kafka",
    namespace: "kafka",
    image: CMAK_IMAGE,
    zookeeperConnect: `${ZK}/kafka`,
    zookeeperHosts: ZK,
    login: { secretName: "kafka-ui-login" },
    resources: { cpu: "250m", memoryMiB: 1024, heapMiB: 512 },
};

function containers(): Container[] {
    return podTemplate<{ containers: Container[] }>(cmakDeployment(input)).spec.containers;
}

const PASSWORD = "s3cretLoginPw";

interface Seen {
    method: string;
    url: string;
    authorization?: string;
    body: string;
}

/**
 * Runs one loop of the registration sidecar (bash, as the container does) against a loopback HTTP
 * server standing in for CMAK; returns what the server saw and the argv of every external command
 * the script ran (shims on PATH record them, then exec the real tool).
 */
async function registerOnce(clustersJson: string, postStatus = 303): Promise<{ seen: Seen[]; argv: string[]; stdout: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cmak-"));
    const login = path.join(dir, "login");
    fs.mkdirSync(login);
    fs.writeFileSync(path.join(login, "username"), "admin");
    fs.writeFileSync(path.join(login, "password"), PASSWORD);
    const argvLog = path.join(dir, "argv");
    for (const tool of ["base64", "tr", "cat", "grep"]) {
        const real = execFileSync("/bin/sh", ["-c", `command -v ${tool}`], { encoding: "utf8" }).trim();
        fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\necho "${tool} $*" >> ${argvLog}\nexec ${real} "$@"\n`, { mode: 0o755 });
    }
    // The loop's \`sleep 30\` ends the test run: the fake sleep signals the script (trap → exit 0).
    fs.writeFileSync(path.join(dir, "sleep"), "#!/bin/sh\nkill -TERM $PPID\n", { mode: 0o755 });
    const seen: Seen[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
            seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
            if (req.headers.authorization !== `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`) res.writeHead(401).end();
            else if (req.method === "GET" && req.url === "/api/status/clusters") res.writeHead(200, { "Content-Type": "application/json" }).end(clustersJson);
            else if (req.method === "POST" && req.url === "/clusters") res.writeHead(postStatus, { Location: "/" }).end();
            else res.writeHead(404).end();
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
        const child = spawn("/bin/bash", ["-c", CMAK_REGISTER_SCRIPT], {
            env: { PATH: `${dir}:${process.env.PATH}`, LOGIN_DIR: login, CMAK_PORT: String(port), CLUSTER_NAME: "kafka", KAFKA_ZK_CONNECT: `${ZK}/kafka`, CMAK_KAFKA_VERSION: "3.1.0" },
        });
        let stdout = "";
        child.stdout.on("data", (d) => (stdout += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
        const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
        clearTimeout(timer);
        assert.equal(code, 0);
        return { seen, argv: fs.existsSync(argvLog) ? fs.readFileSync(argvLog, "utf8").trim().split("\n") : [], stdout };
    } finally {
        server.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("CMAK spec", () => {
    it("keeps CMAK's own state at the ZooKeeper root (no hand-made znode) and reads Kafka under its chroot", () => {
        assert.equal(zookeeperHostsOf(`${ZK}/kafka`), ZK);
        assert.equal(zookeeperHostsOf(ZK), ZK);
        const [cmak, register] = containers();
        assert.equal(cmak.image, "quay.io/panubo/cmak:3.0.0.6-2");
        assert.equal(cmak.env.find((e) => e.name === "ZK_HOSTS")!.value, ZK);
        assert.equal(register.env.find((e) => e.name === "KAFKA_ZK_CONNECT")!.value, `${ZK}/kafka`);
        assert.equal(register.image, cmak.image, "the sidecar needs no extra image");
    });

    it("login and Play secret only in mounted files (config file for CMAK, user and password for the sidecar); health probe on the auth-excluded /api/health", () => {
        const [cmak, register] = containers();
        for (const c of [cmak, register]) assert.ok(!c.env.some((e) => e.valueFrom !== undefined), `${c.name}: nothing from a Secret in the env`);
        assert.match(cmak.env.find((e) => e.name === "JAVA_OPTS")!.value!, / -Dconfig\.file=\/etc\/cmak\/config\/cmak\.conf$/);
        const pod = podTemplate<{ volumes: { name: string; secret?: { secretName: string; items: { key: string; path: string }[] } }[] }>(cmakDeployment(input)).spec;
        assert.deepEqual(pod.volumes.find((v) => v.name === "config")!.secret!.items, [{ key: "cmak.conf", path: "cmak.conf" }]);
        assert.deepEqual(pod.volumes.find((v) => v.name === "login")!.secret!.items, [{ key: "username", path: "username" }, { key: "password", path: "password" }]);
        assert.deepEqual(register.command!.slice(0, 2), ["/bin/bash", "-c"]);
        assert.equal(register.env.find((e) => e.name === "LOGIN_DIR")!.value, "/etc/cmak/login");
        assert.equal(cmak.readinessProbe!.httpGet.path, CMAK_HEALTH_PATH);
        for (const c of [cmak, register]) {
            assert.equal(c.securityContext.allowPrivilegeEscalation, false);
            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
        }
    });

    it("the registration script is valid bash", () => {
        execFileSync("/bin/bash", ["-n", "-c", CMAK_REGISTER_SCRIPT]);
    });

    it("registers the cluster through POST /clusters when CMAK does not list it, logged in from the mounted files", async () => {
        const { seen, argv, stdout } = await registerOnce('{"clusters":{"active":[],"pending":[]}}');
        const auth = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`;
        assert.deepEqual(
            seen.map((r) => [r.method, r.url, r.authorization]),
            [["GET", "/api/status/clusters", auth], ["POST", "/clusters", auth]],
        );
        assert.equal(seen[1].body, `name=kafka&zkHosts=${ZK}/kafka&kafkaVersion=3.1.0&pollConsumers=true&activeOffsetCacheEnabled=true&displaySizeEnabled=true&securityProtocol=PLAINTEXT`);
        assert.match(stdout, /registered cluster kafka/);
        assert.ok(argv.length >= 3, argv.join("\n"));
        for (const a of argv) assert.ok(!a.includes(PASSWORD) && !a.includes(auth.slice(6)), `credential in an argv: ${a}`);
    });

    it("does nothing when the cluster is already registered; a rejected POST is not reported as registered", async () => {
        const { seen } = await registerOnce('{"clusters":{"active":[{"name" : "kafka","enabled":true}],"pending":[]}}');
        assert.deepEqual(seen.map((r) => r.method), ["GET"]);
        const rejected = await registerOnce('{"clusters":{"active":[],"pending":[]}}', 400);
        assert.doesNotMatch(rejected.stdout, /registered cluster/);
    });

    it("CMAK's configuration file: CMAK's own application.conf, then the login and Play's secret", () => {
        assert.equal(
            cmakConfig("admin", "pw", "app-secret"),
            '# Written by kafka-eks: CMAK\'s application.conf with this deployment\'s login.\ninclude required(classpath("application.conf"))\nbasicAuthentication.enabled = true\nbasicAuthentication.username = "admin"\nbasicAuthentication.password = "pw"\nplay.crypto.secret = "app-secret"\n',
        );
    });
});
