/**
 * apply-user.sh executed with bash against the stub kafka-configs.sh / kafka-acls.sh of
 * tests/kafka/stubs/ (every behaviour cited from Kafka 3.9.2 and 4.3.1), once per release.
 * Arguments come from `applyUserArgs`, so the Job's argument list and the script's parser are
 * tested together.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { KafkaUserSpec } from "../../../components/security/kafka-user";
import { applyUserArgs, USER_PASSWORD_FILE } from "../../../components/kafka/users/job";
import { APPLY_USER_SCRIPT_PATH } from "../../../components/kafka/users/script";
import { FakeCluster, removeStubDirs, STUB_KAFKA_VERSIONS, StubKafkaVersion, stubBin, tempDir } from "../stubs/cluster";

const BOOTSTRAP = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const PASSWORD = "s3cret-with=equals\\and-backslash";
const SMOKE: KafkaUserSpec = {
    name: "smoke",
    acls: [
        { resourceType: "TOPIC", name: "kafka-smoke", operations: ["READ", "WRITE"] },
        { resourceType: "GROUP", name: "kafka-smoke", operations: ["READ"] },
    ],
    quotas: { producer_byte_rate: 1048576 },
};

let stubDir: string;
let PROPS: string;
before(() => {
    stubDir = stubBin();
    PROPS = path.join(tempDir("apply-user-props-"), "client.properties");
    // The Job logs in as the active inter-broker user (a super user); FakeCluster knows its password.
    fs.writeFileSync(PROPS, 'security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="admin-pw";\n');
});
after(removeStubDirs);

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
    calls: string[][];
}
/** Runs apply-user.sh with the user's password in a file where the Job mounts it (USER_PASSWORD_FILE), and nothing in the env. */
function run(c: FakeCluster, version: StubKafkaVersion, args: string[], password = PASSWORD): Run {
    const before = c.calls().length;
    const file = path.join(tempDir("apply-user-password-"), "password");
    fs.writeFileSync(file, password);
    const i = args.indexOf("--password-file");
    assert.strictEqual(args[i + 1], USER_PASSWORD_FILE, "the Job passes the mounted file");
    const local = args.map((a, j) => (j === i + 1 ? file : a));
    const r = spawnSync("bash", [APPLY_USER_SCRIPT_PATH, ...local], { encoding: "utf8", env: { PATH: `${stubDir}:${process.env.PATH}`, ...c.env(version) } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, calls: c.calls().slice(before) };
}
const acls = (c: FakeCluster) => c.file("acls").split("\n").filter(Boolean).sort();
const seed = (c: FakeCluster, lines: string[]) => fs.writeFileSync(path.join(c.dir, "acls"), lines.map((l) => l + "\n").join(""));

for (const version of STUB_KAFKA_VERSIONS) {
    describe(`apply-user.sh against Kafka ${version}'s tools`, () => {
        it("new user: credential from a file (never on a command line), quota, every declared ACL", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            const r = run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS));
            assert.strictEqual(r.status, 0, r.stderr + r.stdout);
            assert.strictEqual(c.scramPassword("smoke"), PASSWORD);
            assert.strictEqual(c.file("users/smoke/quotas"), "producer_byte_rate=1048576\n");
            for (const call of r.calls) assert.ok(!call.some((a) => a.includes("s3cret")), `password on a command line: ${call.join(" ")}`);
            assert.deepStrictEqual(acls(c), [
                "GROUP|kafka-smoke|LITERAL|User:smoke|*|READ|ALLOW",
                "TOPIC|kafka-smoke|LITERAL|User:smoke|*|READ|ALLOW",
                "TOPIC|kafka-smoke|LITERAL|User:smoke|*|WRITE|ALLOW",
            ]);
            assert.match(r.stdout, /3 ACL\(s\) added, 0 removed/);
        });

        it("second run: nothing added or removed", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            assert.strictEqual(run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS)).status, 0);
            const r = run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /0 ACL\(s\) added, 0 removed/);
            assert.ok(!r.calls.some((call) => call[0] === "kafka-acls.sh" && (call.includes("--add") || call.includes("--remove"))));
        });

        it("undeclared ACLs on the principal are removed (with --force: no prompt in a pod); other principals' ACLs stay", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            seed(c, [
                "TOPIC|orders|LITERAL|User:smoke|*|READ|ALLOW",
                "CLUSTER|kafka-cluster|LITERAL|User:smoke|*|ALTER_CONFIGS|ALLOW",
                "TOPIC|kafka-smoke|LITERAL|User:smoke|*|WRITE|ALLOW",
                "TOPIC|orders|LITERAL|User:orders-consumer|*|READ|ALLOW",
            ]);
            const r = run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS));
            assert.strictEqual(r.status, 0, r.stderr + r.stdout);
            assert.deepStrictEqual(acls(c), [
                "GROUP|kafka-smoke|LITERAL|User:smoke|*|READ|ALLOW",
                "TOPIC|kafka-smoke|LITERAL|User:smoke|*|READ|ALLOW",
                "TOPIC|kafka-smoke|LITERAL|User:smoke|*|WRITE|ALLOW",
                "TOPIC|orders|LITERAL|User:orders-consumer|*|READ|ALLOW",
            ]);
            assert.match(r.stdout, /2 ACL\(s\) added, 2 removed/);
        });

        it("operations with underscores, PREFIXED patterns, DENY, the cluster and a named host round-trip", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            const spec: KafkaUserSpec = {
                name: "ui",
                acls: [
                    { resourceType: "CLUSTER", operations: ["DESCRIBE_CONFIGS", "DESCRIBE"] },
                    { resourceType: "TOPIC", name: "app-", patternType: "PREFIXED", operations: ["ALTER_CONFIGS"] },
                    { resourceType: "TOPIC", name: "*", operations: ["DELETE"], permission: "DENY", host: "10.1.2.3" },
                ],
            };
            assert.strictEqual(run(c, version, applyUserArgs(spec, BOOTSTRAP, PROPS)).status, 0);
            const r = run(c, version, applyUserArgs(spec, BOOTSTRAP, PROPS));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.match(r.stdout, /0 ACL\(s\) added, 0 removed/, "the --list output parsed back to exactly the declared ACLs");
            assert.deepStrictEqual(acls(c), [
                "CLUSTER|kafka-cluster|LITERAL|User:ui|*|DESCRIBE_CONFIGS|ALLOW",
                "CLUSTER|kafka-cluster|LITERAL|User:ui|*|DESCRIBE|ALLOW",
                "TOPIC|*|LITERAL|User:ui|10.1.2.3|DELETE|DENY",
                "TOPIC|app-|PREFIXED|User:ui|*|ALTER_CONFIGS|ALLOW",
            ]);
        });

        it("no quotas declared on a new user: only the credential and a look at the quotas", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            const r = run(c, version, applyUserArgs({ ...SMOKE, quotas: undefined }, BOOTSTRAP, PROPS));
            assert.strictEqual(r.status, 0, r.stderr);
            const configs = r.calls.filter((call) => call[0] === "kafka-configs.sh");
            assert.strictEqual(configs.length, 2);
            assert.ok(configs[1].includes("--describe"));
        });

        it("quotas no longer declared are deleted; declared ones stay", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            const both: KafkaUserSpec = { ...SMOKE, quotas: { producer_byte_rate: 1048576, consumer_byte_rate: 20971520 } };
            assert.strictEqual(run(c, version, applyUserArgs(both, BOOTSTRAP, PROPS)).status, 0);
            assert.strictEqual(c.file("users/smoke/quotas"), "consumer_byte_rate=20971520\nproducer_byte_rate=1048576\n");
            const r = run(c, version, applyUserArgs({ ...SMOKE, quotas: { producer_byte_rate: 1048576 } }, BOOTSTRAP, PROPS));
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(c.file("users/smoke/quotas"), "producer_byte_rate=1048576\n");
            assert.match(r.stdout, /1 quota\(s\) set, 1 deleted/);
            const again = run(c, version, applyUserArgs({ ...SMOKE, quotas: undefined }, BOOTSTRAP, PROPS));
            assert.strictEqual(again.status, 0, again.stderr);
            assert.strictEqual(c.file("users/smoke/quotas"), "");
        });

        it("no authorizer (--no-acls, security.authorization none): credential and quotas only, kafka-acls.sh never called", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" }, unreachable: { "kafka-acls.sh": 1000 } });
            const args = applyUserArgs(SMOKE, BOOTSTRAP, PROPS, false);
            assert.ok(args.includes("--no-acls") && !args.includes("--acl"));
            const r = run(c, version, args);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.strictEqual(c.scramPassword("smoke"), PASSWORD);
            assert.strictEqual(c.file("users/smoke/quotas"), "producer_byte_rate=1048576\n");
            assert.deepStrictEqual(r.calls.filter((call) => call[0] === "kafka-acls.sh"), []);
            assert.match(r.stdout, /ACLs not managed \(no authorizer\)/);
            assert.strictEqual(run(c, version, [...args, "--acl", "TOPIC|x|LITERAL|*|READ|ALLOW"]).status, 2, "--acl with --no-acls is a contradiction");
        });

        it("a broker that does not answer fails the run (the Job retries)", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" }, unreachable: { "kafka-acls.sh": 1 } });
            const r = run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS));
            assert.notStrictEqual(r.status, 0);
        });

        it("--remove: credential, quotas and every ACL of the principal go; other principals stay; never with a password, an ACL or a quota, never an inter-broker user", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            assert.strictEqual(run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS)).status, 0);
            seed(c, [...c.file("acls").split("\n").filter(Boolean), "TOPIC|orders|LITERAL|User:orders-consumer|*|READ|ALLOW"]);
            const env = { PATH: `${stubDir}:${process.env.PATH}`, ...c.env(version) };
            const remove = (user: string, extra: string[] = []) => spawnSync("bash", [APPLY_USER_SCRIPT_PATH, "--remove", "--bootstrap-server", BOOTSTRAP, "--command-config", PROPS, "--user", user, ...extra], { encoding: "utf8", env });
            const r = remove("smoke");
            assert.strictEqual(r.status, 0, r.stderr + r.stdout);
            assert.strictEqual(c.scramPassword("smoke"), undefined);
            assert.strictEqual(c.file("users/smoke/quotas"), "");
            assert.deepStrictEqual(acls(c), ["TOPIC|orders|LITERAL|User:orders-consumer|*|READ|ALLOW"]);
            assert.match(r.stdout, /smoke: credential deleted, 0 quota\(s\) set, 1 deleted, 0 ACL\(s\) added, 3 removed/);
            assert.strictEqual(remove("smoke", ["--password-file", PROPS]).status, 2);
            assert.strictEqual(remove("smoke", ["--acl", "TOPIC|x|LITERAL|*|READ|ALLOW"]).status, 2);
            assert.strictEqual(remove("smoke", ["--quota", "producer_byte_rate=1"]).status, 2);
            for (const admin of ["admin", "admin-b"]) assert.strictEqual(remove(admin).status, 2, admin);
            assert.strictEqual(c.scramPassword("admin"), "admin-pw");
        });

        it("bad arguments exit 2", () => {
            const c = new FakeCluster({ scram: { admin: "admin-pw" } });
            assert.strictEqual(run(c, version, applyUserArgs(SMOKE, BOOTSTRAP, PROPS), "").status, 2);
            assert.strictEqual(run(c, version, [...applyUserArgs(SMOKE, BOOTSTRAP, PROPS), "--acl", "TOPIC|x"]).status, 2);
            assert.strictEqual(run(c, version, applyUserArgs({ ...SMOKE, name: "Bad_Name" }, BOOTSTRAP, PROPS)).status, 2);
            // Names the user's Kubernetes objects, so a DNS-1123 subdomain: no empty or dash-edged part.
            for (const name of ["a..b", "a.-b", "a-.b"]) assert.strictEqual(run(c, version, applyUserArgs({ ...SMOKE, name }, BOOTSTRAP, PROPS)).status, 2, name);
            const missing = spawnSync("bash", [APPLY_USER_SCRIPT_PATH, ...applyUserArgs(SMOKE, BOOTSTRAP, PROPS, true, "/nonexistent/password")], { encoding: "utf8", env: { PATH: `${stubDir}:${process.env.PATH}`, ...c.env(version) } });
            assert.strictEqual(missing.status, 2);
            assert.match(missing.stderr, /--password-file \/nonexistent\/password is missing or unreadable/);
        });
    });
}
