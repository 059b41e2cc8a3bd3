import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CMAK_IMAGE } from "../../components/common/images";
import { podTemplate } from "../autoscaling/fixtures";
import { CMAK_HEALTH_PATH, CMAK_REGISTER_SCRIPT, cmakDeployment, zookeeperHostsOf } from "../../components/manager/cmak-spec";

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

/** Runs one loop of the registration sidecar against a fake wget; returns the wget calls. */
function registerOnce(clustersJson: string): string[] {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cmak-"));
    const log = path.join(dir, "calls");
    fs.writeFileSync(
        path.join(dir, "wget"),
        `#!/bin/sh\necho "$*" >> ${log}\nout=\nwhile [ $# -gt 0 ]; do [ "$1" = -O ] && out=$2; shift; done\n[ -n "$out" ] && [ "$out" != /dev/null ] && printf '%s' '${clustersJson}' > "$out"\nexit 0\n`,
        { mode: 0o755 },
    );
    // The loop's `sleep 30` ends the test run: the fake sleep signals the script (trap → exit 0).
    fs.writeFileSync(path.join(dir, "sleep"), "#!/bin/sh\nkill -TERM $PPID\n", { mode: 0o755 });
    const script = CMAK_REGISTER_SCRIPT.replace(/\/tmp\/clusters\.json/g, path.join(dir, "clusters.json"));
    execFileSync("/bin/sh", ["-c", script], {
        env: { PATH: `${dir}:${process.env.PATH}`, CMAK_USERNAME: "admin", CMAK_PASSWORD: "secret", CLUSTER_NAME: "kafka", KAFKA_ZK_CONNECT: `${ZK}/kafka`, CMAK_KAFKA_VERSION: "3.1.0" },
        timeout: 10000,
    });
    return fs.readFileSync(log, "utf8").trim().split("\n");
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

    it("login and Play secret only by secretKeyRef; health probe on the auth-excluded /api/health", () => {
        const [cmak, register] = containers();
        const ref = (c: Container, n: string) => c.env.find((e) => e.name === n)!;
        assert.equal(ref(cmak, "KAFKA_MANAGER_AUTH_ENABLED").value, "true");
        assert.deepEqual(ref(cmak, "KAFKA_MANAGER_PASSWORD").valueFrom, { secretKeyRef: { name: "kafka-ui-login", key: "password" } });
        assert.deepEqual(ref(cmak, "APPLICATION_SECRET").valueFrom, { secretKeyRef: { name: "kafka-ui-login", key: "application-secret" } });
        assert.deepEqual(ref(register, "CMAK_PASSWORD").valueFrom, { secretKeyRef: { name: "kafka-ui-login", key: "password" } });
        assert.equal(cmak.readinessProbe!.httpGet.path, CMAK_HEALTH_PATH);
        for (const c of [cmak, register]) {
            assert.equal(c.securityContext.allowPrivilegeEscalation, false);
            assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
        }
    });

    it("the registration script is valid sh", () => {
        execFileSync("/bin/sh", ["-n", "-c", CMAK_REGISTER_SCRIPT]);
    });

    it("registers the cluster through POST /clusters when CMAK does not list it", () => {
        const calls = registerOnce('{"clusters":{"active":[],"pending":[]}}');
        assert.equal(calls.length, 2, calls.join("\n"));
        assert.match(calls[0], /--header Authorization: Basic YWRtaW46c2VjcmV0 http:\/\/127\.0\.0\.1:9000\/api\/status\/clusters$/);
        assert.ok(calls[1].includes(`--post-data name=kafka&zkHosts=${ZK}/kafka&kafkaVersion=3.1.0&pollConsumers=true&activeOffsetCacheEnabled=true&displaySizeEnabled=true&securityProtocol=PLAINTEXT http://127.0.0.1:9000/clusters`), calls[1]);
    });

    it("does nothing when the cluster is already registered", () => {
        const calls = registerOnce('{"clusters":{"active":[{"name" : "kafka","enabled":true}],"pending":[]}}');
        assert.equal(calls.length, 1, calls.join("\n"));
    });
});
