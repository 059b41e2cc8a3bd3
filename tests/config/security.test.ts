/** The `security` and `smokeTest` sections: defaults, the prod/dev choices, and the rules around them. */
import { strict as assert } from "assert";
import { ConfigError, parseStackConfig } from "../../components/config";
import { zookeeperAuthentication } from "../../components/config/security";
import { stackSections } from "../harness";

const NS = "kafka-eks";

function parse(raw: Record<string, unknown>) {
    return parseStackConfig(raw, NS, { awsRegion: "eu-west-1" });
}

function problems(raw: Record<string, unknown>): string[] {
    try {
        parse(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected ConfigError, got ${e}`);
        return e.problems.map((p) => `${p.key}: ${p.message}`);
    }
    return [];
}

const dev = (patch: Record<string, unknown>) => ({ ...structuredClone(stackSections("dev")), ...patch });

describe("security and smokeTest config", () => {
    it("secure by default: SCRAM-SHA-512 and TLS, 10-year CA, 365-day certificate renewed in its last 30 days", () => {
        const c = parse(dev({ security: undefined }));
        assert.deepEqual(c.security, {
            networkPolicies: true,
            clientNamespaces: [],
            authentication: "scram-sha-512",
            tls: true,
            certificates: { caValidityDays: 3650, validityDays: 365, renewBeforeDays: 30 },
            rotation: { interBroker: 0, users: {} },
        });
        assert.deepEqual(c.smokeTest, { enabled: true, messages: 100, timeoutSeconds: 300 });
    });

    it("dev stays PLAINTEXT by config; prod uses SASL_SSL", () => {
        assert.deepEqual([parse(stackSections("dev")).security.authentication, parse(stackSections("dev")).security.tls], ["none", false]);
        assert.deepEqual([parse(stackSections("prod")).security.authentication, parse(stackSections("prod")).security.tls], ["scram-sha-512", true]);
    });

    it("rejects a renewal window as long as the certificate, unknown mechanisms and bad message counts", () => {
        assert.ok(problems(dev({ security: { certificates: { validityDays: 30, renewBeforeDays: 30 } } })).some((p) => p.startsWith(`${NS}:security.certificates.renewBeforeDays:`) && p.includes("below validityDays")));
        assert.ok(problems(dev({ security: { authentication: "plain" } })).some((p) => p.startsWith(`${NS}:security.authentication`)));
        assert.ok(problems(dev({ smokeTest: { messages: 0 } })).some((p) => p.startsWith(`${NS}:smokeTest.messages`)));
    });

    it("security.rotation.client (the shared client user is gone) is refused naming the key and the per-user rotation", () => {
        const [p, ...rest] = problems(dev({ security: { authentication: "scram-sha-512", tls: false, rotation: { client: 2 } } }));
        assert.deepEqual(rest, []);
        assert.match(p, /^kafka-eks:security\.rotation\.client: was removed with the shared `client` user: every client has its own user now, rotated one by one with security\.rotation\.users/);
    });

    it("security.rotation.users names users of the stack: built-in and application users alike", () => {
        const scram = { authentication: "scram-sha-512", tls: false };
        assert.deepEqual(problems(dev({ security: { ...scram, rotation: { users: { "topic-manager": 1, "consumer-orders-consumer": 2, "keda-kafka": 1 } } } })), []);
        const [p] = problems(dev({ security: { ...scram, rotation: { users: { billing: 1 } } } }));
        assert.match(p, /^kafka-eks:security\.rotation\.users\.billing: is not a user of this stack \(its users: topic-manager, smoke-test, kafka-ui, /);
        assert.match(problems(dev({ security: { authentication: "none", tls: false, rotation: { users: { "topic-manager": 1 } } } }))[0], /users exist only with security\.authentication scram-sha-512/);
    });

    it("CMAK cannot speak SASL/TLS: rejected unless security is off", () => {
        const cmak = { manager: { kind: "cmak" } };
        assert.ok(problems(dev({ ...cmak, security: { authentication: "scram-sha-512", tls: false } })).some((p) => p.includes("manager.kind") && p.includes("cannot connect to brokers with SASL or TLS")));
        assert.deepEqual(problems(dev({ ...cmak, security: { authentication: "none", tls: false } })), []);
    });

    it("zookeeper.authentication: sasl wherever clients use SCRAM, none otherwise, either by config; cmak cannot log in", () => {
        const zk = (authentication?: string) => ({ ...(stackSections("dev").zookeeper as object), ...(authentication ? { authentication } : {}) });
        const resolved = (raw: Record<string, unknown>) => {
            const c = parse(raw);
            return zookeeperAuthentication(c.zookeeper, c.security);
        };
        assert.equal(resolved(stackSections("dev")), "none");
        assert.equal(resolved(dev({ security: { authentication: "scram-sha-512", tls: false } })), "sasl");
        assert.equal(resolved(dev({ security: { authentication: "scram-sha-512", tls: false }, zookeeper: zk("none") })), "none");
        assert.equal(resolved(dev({ zookeeper: zk("sasl") })), "sasl");
        assert.ok(problems(dev({ zookeeper: zk("digest") })).some((p) => p.startsWith(`${NS}:zookeeper.authentication:`)));
        const cmak = { manager: { kind: "cmak" } };
        assert.deepEqual(problems(dev({ ...cmak, zookeeper: zk("sasl") })), [`${NS}:zookeeper.authentication: sasl shuts out cmak, which reads ZooKeeper without logging in; use manager.kind kafka-ui, or set zookeeper.authentication none`]);
    });

    it("a declared topic may not take the smoke test's topic name while the smoke test runs", () => {
        const topics = [...(stackSections("dev").topics as object[]), { name: "kafka-smoke", partitions: 1, config: { "retention.bytes": 1048576 } }];
        assert.ok(problems(dev({ topics })).some((p) => p.startsWith(`${NS}:topics[2].name:`) && p.includes("smoke test's own topic")));
        assert.deepEqual(problems(dev({ topics, smokeTest: { enabled: false } })), []);
    });
});
