/**
 * Removing a user from the stack removes it from Kafka (issue #11 item 3), and only users the stack
 * once managed: retire-users.sh executed with bash against the stub kafka-configs.sh /
 * kafka-acls.sh of tests/kafka/stubs/ (every behaviour cited from Kafka 3.9.2 and 4.3.1), once per
 * release, with a loopback stand-in for the Job's kubectl proxy serving the ConfigMap of managed
 * users. Arguments come from `retireUsersArgs`, so the Job's argument list and the script's parser
 * are tested together.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { SCRIPT, SCRIPTS_DIR } from "../../../components/kafka/scripts";
import { managedUserList, MANAGED_USERS_KEY, managedUsersName, retireUsersArgs, retireUsersName } from "../../../components/kafka/users/retire";
import { RETIRE_USERS_SCRIPT_PATH } from "../../../components/kafka/users/script";
import { input, kubernetesObjects, RenderedResource, renderStack } from "../../harness";
import { FakeCluster, removeStubDirs, runAsync, STUB_KAFKA_VERSIONS, StubKafkaVersion, stubBin, tempDir } from "../stubs/cluster";

const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const CM_PATH = `/api/v1/namespaces/kafka/configmaps/${managedUsersName("kafka")}`;

let stubDir: string;
let PROPS: string;
before(() => {
    stubDir = stubBin();
    PROPS = path.join(tempDir("retire-users-props-"), "client.properties");
    // The Job logs in as the active inter-broker user (a super user); FakeCluster knows its password.
    fs.writeFileSync(PROPS, 'security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="admin-pw";\n');
});
after(removeStubDirs);

/** The ConfigMap as the API server returns it: compact JSON, managedFields (naming "f:users") before data. */
function configMapJson(users: readonly string[]): string {
    return JSON.stringify({
        kind: "ConfigMap",
        apiVersion: "v1",
        metadata: {
            name: managedUsersName("kafka"),
            namespace: "kafka",
            labels: { "app.kubernetes.io/component": "kafka-user" },
            managedFields: [{ manager: "pulumi-kubernetes", operation: "Update", apiVersion: "v1", fieldsType: "FieldsV1", fieldsV1: { "f:data": { [`f:${MANAGED_USERS_KEY}`]: {} } } }],
        },
        data: { [MANAGED_USERS_KEY]: managedUserList(users).join(",") },
    });
}

type Api = { status: number; body: string } | "none";

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    calls: string[][];
    requests: string[];
}

/** Runs retire-users.sh as the Job does (its own arguments), with `api` answering the ConfigMap GET. */
async function run(c: FakeCluster, version: StubKafkaVersion, users: readonly string[], api: Api, manageAcls = true): Promise<Run> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        requests.push(`${req.method} ${req.url}`);
        const answer = api === "none" || req.url !== CM_PATH ? { status: 404, body: '{"kind":"Status","reason":"NotFound","code":404}' } : api;
        res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(answer.body) });
        res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const before = c.calls().length;
    try {
        const args = retireUsersArgs({ cluster: "kafka", namespace: "kafka", users, bootstrapServers: BOOTSTRAP, manageAcls }).map((a, i, all) => (all[i - 1] === "--command-config" ? PROPS : a));
        const r = await runAsync("bash", [RETIRE_USERS_SCRIPT_PATH, ...args], {
            PATH: `${stubDir}:${process.env.PATH}`,
            KUBE_PROXY: `127.0.0.1:${(server.address() as AddressInfo).port}`,
            KUBE_API_LIB: path.join(SCRIPTS_DIR, SCRIPT.kubeApi),
            ...c.env(version),
        });
        return { ...r, calls: c.calls().slice(before), requests };
    } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}
const ok = (body: string): Api => ({ status: 200, body });
const acls = (c: FakeCluster) => c.file("acls").split("\n").filter(Boolean).sort();

/** Kafka holding the managed users billing and old-app, and hand-made, which an operator created. */
function cluster(): FakeCluster {
    const c = new FakeCluster({ scram: { admin: "admin-pw", billing: "b-pw", "old-app": "o-pw", "hand-made": "h-pw" } });
    for (const [user, quotas] of [["old-app", "producer_byte_rate=1048576\nconsumer_byte_rate=2097152\n"], ["hand-made", "producer_byte_rate=1024\n"]]) {
        fs.mkdirSync(path.join(c.dir, "users", user), { recursive: true });
        fs.writeFileSync(path.join(c.dir, "users", user, "quotas"), quotas);
    }
    fs.writeFileSync(
        path.join(c.dir, "acls"),
        [
            "TOPIC|orders|LITERAL|User:billing|*|READ|ALLOW",
            "TOPIC|orders|LITERAL|User:old-app|*|READ|ALLOW",
            "GROUP|old-|PREFIXED|User:old-app|*|READ|ALLOW",
            "CLUSTER|kafka-cluster|LITERAL|User:old-app|10.0.0.1|DESCRIBE|DENY",
            "TOPIC|orders|LITERAL|User:hand-made|*|WRITE|ALLOW",
        ].map((l) => l + "\n").join(""),
    );
    return c;
}

for (const version of STUB_KAFKA_VERSIONS) {
    describe(`retire-users.sh against Kafka ${version}'s tools`, function () {
        this.timeout(60_000);

        it("a user that left the stack loses its credential, its quotas and every ACL; the kept and the hand-made users are untouched", async () => {
            const c = cluster();
            const r = await run(c, version, ["billing"], ok(configMapJson(["billing", "old-app"])));
            assert.strictEqual(r.status, 0, r.stderr + r.stdout);
            assert.deepStrictEqual(r.requests, [`GET ${CM_PATH}`], "one GET of the one ConfigMap");
            assert.strictEqual(c.scramPassword("old-app"), undefined);
            assert.strictEqual(c.file("users/old-app/quotas"), "");
            assert.deepStrictEqual(acls(c), ["TOPIC|orders|LITERAL|User:billing|*|READ|ALLOW", "TOPIC|orders|LITERAL|User:hand-made|*|WRITE|ALLOW"]);
            assert.strictEqual(c.scramPassword("billing"), "b-pw");
            assert.strictEqual(c.scramPassword("hand-made"), "h-pw");
            assert.strictEqual(c.file("users/hand-made/quotas"), "producer_byte_rate=1024\n");
            assert.match(r.stdout, /old-app: credential deleted, 0 quota\(s\) set, 2 deleted, 0 ACL\(s\) added, 3 removed/);
            assert.match(r.stdout, /1 user\(s\) retired/);
            const touched = r.calls.filter((call) => call.includes("--alter") || call.includes("--remove") || call.includes("--add"));
            assert.ok(touched.every((call) => call.includes("old-app") || call.includes("User:old-app")), JSON.stringify(touched));
            // Every call logged in as the inter-broker user.
            assert.ok(c.logins().every((l) => l[0] === "admin"));
        });

        it("idempotent: a second run with the same old list (the ConfigMap not yet rewritten) succeeds and changes nothing", async () => {
            const c = cluster();
            const old = ok(configMapJson(["billing", "old-app"]));
            assert.strictEqual((await run(c, version, ["billing"], old)).status, 0);
            const state = [c.file("acls"), c.scramPassword("billing"), c.file("users/hand-made/quotas")];
            const r = await run(c, version, ["billing"], old);
            assert.strictEqual(r.status, 0, r.stderr + r.stdout);
            assert.match(r.stdout, /old-app: no credential, 0 quota\(s\) set, 0 deleted, 0 ACL\(s\) added, 0 removed/);
            assert.ok(!r.calls.some((call) => call.includes("--alter") || call.includes("--remove")), "nothing deleted twice (deleting a missing credential or quota fails upstream)");
            assert.deepStrictEqual([c.file("acls"), c.scramPassword("billing"), c.file("users/hand-made/quotas")], state);
        });

        it("first deploy (no ConfigMap yet): nothing is retired, Kafka is not even asked", async () => {
            const c = cluster();
            const r = await run(c, version, ["billing"], "none");
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(r.calls, []);
            assert.strictEqual(c.scramPassword("old-app"), "o-pw");
        });

        it("a user an operator created by hand is never in the list, so never retired; nor are the inter-broker users", async () => {
            const c = cluster();
            const r = await run(c, version, [], ok(configMapJson(["billing"])));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(c.scramPassword("hand-made"), "h-pw");
            assert.strictEqual(c.scramPassword("old-app"), "o-pw", "not in the old list: not ours");
            assert.strictEqual(c.scramPassword("billing"), undefined);
            for (const admin of ["admin", "admin-b"]) {
                const refused = await run(cluster(), version, [], ok(configMapJson([admin])));
                assert.strictEqual(refused.status, 3, `${admin}: ${refused.stderr}`);
                assert.deepStrictEqual(refused.calls, []);
            }
        });

        it("an API answer other than 404 fails the run (never taken for a first deploy); a ConfigMap without the list is refused", async () => {
            const c = cluster();
            const forbidden = await run(c, version, ["billing"], { status: 403, body: '{"kind":"Status","code":403}' });
            assert.strictEqual(forbidden.status, 1, forbidden.stderr);
            assert.deepStrictEqual(forbidden.calls, []);
            const foreign = await run(c, version, ["billing"], ok('{"kind":"ConfigMap","metadata":{"name":"kafka-managed-users"},"data":{"other":"old-app"}}'));
            assert.strictEqual(foreign.status, 3, foreign.stderr);
            assert.strictEqual(c.scramPassword("old-app"), "o-pw");
        });

        it("no authorizer (--no-acls): credential and quotas go, kafka-acls.sh is never called", async () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw", "old-app": "o-pw" }, unreachable: { "kafka-acls.sh": 1000 } });
            const r = await run(c, version, [], ok(configMapJson(["old-app"])), false);
            assert.strictEqual(r.status, 0, r.stderr + r.stdout);
            assert.strictEqual(c.scramPassword("old-app"), undefined);
            assert.deepStrictEqual(r.calls.filter((call) => call[0] === "kafka-acls.sh"), []);
            assert.match(r.stdout, /ACLs not managed/);
        });

        it("a broker that does not answer fails the run (the Job retries, the list stays)", async () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw", "old-app": "o-pw" }, unreachable: { "kafka-acls.sh": 1 } });
            const r = await run(c, version, [], ok(configMapJson(["old-app"])));
            assert.notStrictEqual(r.status, 0);
        });
    });
}

describe("the retire Job and the list of managed users in the rendered prod stack", function () {
    this.timeout(240_000);
    let rs: RenderedResource[];
    let expected: string[];
    before(async () => {
        rs = (await renderStack("prod")).resources;
        // The users KafkaUsers manages: one apply Job each, annotated with its name.
        expected = managedUserList(kubernetesObjects(rs, "Job").flatMap((j) => input<Record<string, string> | undefined>(j, "metadata.annotations")?.["kafka-eks/user"] ?? []));
    });
    const named = (kind: string, name: string) => kubernetesObjects(rs, kind).find((r) => input<string>(r, "metadata.name") === name)!;
    const retireJob = () => kubernetesObjects(rs, "Job").find((j) => input<string>(j, "metadata.name").startsWith(`${retireUsersName("kafka")}-`))!;

    it("lists exactly the stack's users (built-in and kafka-eks:users), never an inter-broker user; the Job names the same set", () => {
        const list = named("ConfigMap", managedUsersName("kafka"));
        assert.ok(list, "the ConfigMap of managed users");
        assert.deepStrictEqual(input<Record<string, string>>(list, "data"), { [MANAGED_USERS_KEY]: expected.join(",") });
        assert.ok(expected.includes("billing") && expected.includes("topic-manager") && expected.some((u) => u.startsWith("keda-")), expected.join(","));
        assert.ok(!expected.includes("admin") && !expected.includes("admin-b"));
        const args = input<{ name: string; args: string[] }[]>(retireJob(), "spec.template.spec.containers")[0].args;
        assert.deepStrictEqual(args.flatMap((a, i) => (args[i - 1] === "--user" ? [a] : [])), expected);
        assert.ok(!args.includes("--no-acls"), "prod runs an authorizer");
    });

    it("a failed Job leaves the old list: the ConfigMap is written only after the Job (it depends on it)", () => {
        assert.ok(named("ConfigMap", managedUsersName("kafka")).dependencies.includes(retireJob().urn));
    });

    it("the Job logs in as the inter-broker user and may only get that one ConfigMap, through its proxy", () => {
        const job = retireJob();
        assert.ok(JSON.stringify(input(job, "spec.template.spec.volumes")).includes("kafka-admin-credentials"));
        assert.equal(input<string>(job, "spec.template.spec.serviceAccountName"), retireUsersName("kafka"));
        const rules = input<{ apiGroups: string[]; resources: string[]; resourceNames: string[]; verbs: string[] }[]>(named("Role", retireUsersName("kafka")), "rules");
        assert.deepStrictEqual(rules, [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [managedUsersName("kafka")], verbs: ["get"] }]);
        const scripts = input<{ data: Record<string, string> }>(named("ConfigMap", "kafka-user-scripts"), "data") as unknown as Record<string, string>;
        assert.ok(["retire-users.sh", "apply-user.sh", "kube-api.sh"].every((k) => k in scripts), Object.keys(scripts).join(","));
    });
});
