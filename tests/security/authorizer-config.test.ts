/**
 * Authorization on every node that serves requests: which keys each role gets for each security
 * setting, that nobody can override them, that the config refuses combinations where the
 * authorizer would lock the cluster out, and — on the rendered stacks — that the principals the
 * nodes authenticate as are super users.
 */
import { strict as assert } from "assert";
import { parseStackConfig } from "../../components/config";
import { authorizationMode } from "../../components/config/security";
import { authorizerSettingsOf, isAllowed } from "../../components/security/acl-model";
import { buildBrokerConfig, parseProperties } from "../../components/kafka/broker-config";
import { KafkaSecurity, SSL_PRINCIPAL_MAPPING_RULES } from "../../components/kafka/security";
import { NodeRole } from "../../components/kafka/topology";
import { kubernetesObjects, one, RenderedResource, renderStack } from "../harness";
import { kraftCombined, kraftDedicated, PROJECT, zookeeperMode } from "../kafka/fixtures";

const ROLES: NodeRole[] = ["zookeeper-broker", "kraft-broker", "kraft-controller", "kraft-combined"];
const cfgOf = (role: NodeRole) => (role === "zookeeper-broker" ? zookeeperMode() : role === "kraft-combined" ? kraftCombined() : kraftDedicated());
const build = (role: NodeRole, security: KafkaSecurity) => {
    const cfg = cfgOf(role);
    return buildBrokerConfig(role, { kafka: cfg.kafka, namespace: cfg.kafka.namespace, zookeeper: cfg.zookeeper, security });
};
const AUTHORIZER_KEYS = ["authorizer.class.name", "super.users", "allow.everyone.if.no.acl.found", "ssl.principal.mapping.rules"];

/**
 * SslPrincipalMapper's RULE (SslPrincipalMapper.java:135-138, both versions): if the pattern finds
 * the DN, `dn.replaceAll(pattern, replacement)`; the next rule otherwise; DEFAULT keeps the DN.
 * Java and JavaScript regexes agree on this pattern (no Java-only constructs).
 */
function mapPrincipal(rules: string, dn: string): string {
    for (const rule of rules.split(/,(?=RULE:|DEFAULT)/)) {
        if (rule === "DEFAULT") return dn;
        const m = /^RULE:(.*)\/(.*)\/$/.exec(rule)!;
        const re = new RegExp(m[1]);
        if (re.test(dn)) return dn.replace(new RegExp(m[1], "g"), m[2]);
    }
    return dn;
}

/** X500Principal.getName() (RFC 2253) of a Go-built subject: Go encodes O before CN, RFC 2253 prints in reverse. */
const rfc2253 = (cn: string, o: string) => `CN=${cn},O=${o}`;

describe("authorizer on every node", () => {
    it("scram-sha-512: every role gets its mode's authorizer, deny by default, admin and admin-b super users", () => {
        for (const role of ROLES) {
            for (const tls of [false, true]) {
                const p = build(role, { authentication: "scram-sha-512", tls });
                const expected = role === "zookeeper-broker" ? "kafka.security.authorizer.AclAuthorizer" : "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
                assert.equal(p.get("authorizer.class.name"), expected, role);
                assert.equal(p.get("allow.everyone.if.no.acl.found"), "false", role);
                // Both inter-broker users (security.rotation.interBroker alternates them in a roll).
                for (const u of ["User:admin", "User:admin-b"]) assert.ok(p.get("super.users")!.split(";").includes(u), `${role} ${u}`);
                assert.equal(p.has("ssl.principal.mapping.rules"), tls, `${role} tls=${tls}`);
            }
        }
    });

    it("with TLS the node certificate's principal is a super user on every role (controllers are reached by mTLS)", () => {
        for (const role of ROLES) {
            const p = build(role, { authentication: "scram-sha-512", tls: true });
            const { name, namespace } = cfgOf(role).kafka;
            const cn = `${name}-bootstrap.${namespace}.svc.cluster.local`;
            const principal = `User:${mapPrincipal(p.get("ssl.principal.mapping.rules")!, rfc2253(cn, "kafka-eks"))}`;
            assert.equal(principal, `User:${cn}`);
            assert.ok(p.get("super.users")!.split(";").includes(principal), role);
        }
    });

    it("the mapping rule finds the CN wherever it sits and leaves other names alone", () => {
        assert.equal(mapPrincipal(SSL_PRINCIPAL_MAPPING_RULES, "CN=a.b,O=kafka-eks"), "a.b");
        assert.equal(mapPrincipal(SSL_PRINCIPAL_MAPPING_RULES, "O=kafka-eks,CN=a.b"), "a.b");
        assert.equal(mapPrincipal(SSL_PRINCIPAL_MAPPING_RULES, "OU=x,CN=a.b,O=kafka-eks"), "a.b");
        assert.equal(mapPrincipal(SSL_PRINCIPAL_MAPPING_RULES, "O=no-cn"), "O=no-cn");
    });

    it("no authentication, or authorization none: no authorizer keys at all", () => {
        for (const role of ROLES) {
            for (const security of [{ authentication: "none", tls: false }, { authentication: "none", tls: true }, { authentication: "scram-sha-512", tls: true, authorization: "none" }] as KafkaSecurity[]) {
                const p = build(role, security);
                for (const key of AUTHORIZER_KEYS) assert.equal(p.has(key), false, `${role} ${JSON.stringify(security)}: ${key}`);
            }
        }
    });

    it("kafka.config cannot set any authorizer key (nor the principal builder)", () => {
        for (const key of [...AUTHORIZER_KEYS, "principal.builder.class"]) {
            assert.throws(() => parseStackConfig({ platform: { mode: "existing" }, kafka: { mode: "kraft", config: { [key]: "x" } } }, PROJECT), (e: Error) => e.message.includes(`kafka-eks:kafka.config.${key}`) && e.message.includes("cannot be overridden"), key);
        }
    });
});

describe("security.authorization config", () => {
    const problems = (sections: Record<string, unknown>): string => {
        try {
            parseStackConfig({ platform: { mode: "existing" }, ...sections }, PROJECT);
            return "";
        } catch (e) {
            return (e as Error).message;
        }
    };
    it("defaults to acls with scram-sha-512 and to none without authentication", () => {
        assert.equal(authorizationMode(parseStackConfig({ platform: { mode: "existing" }, kafka: { mode: "kraft" } }, PROJECT).security), "acls");
        assert.equal(authorizationMode(parseStackConfig({ platform: { mode: "existing" }, kafka: { mode: "kraft" }, security: { authentication: "none" } }, PROJECT).security), "none");
    });
    it("acls without authentication is refused, naming the key and the fix", () => {
        const m = problems({ kafka: { mode: "zookeeper" }, security: { authentication: "none", authorization: "acls" } });
        assert.match(m, /kafka-eks:security\.authorization.*acls needs security\.authentication scram-sha-512/);
    });
    it("acls in KRaft without TLS is refused (brokers would reach the controllers as ANONYMOUS); ZooKeeper mode is fine", () => {
        assert.match(problems({ kafka: { mode: "kraft" }, security: { authentication: "scram-sha-512", tls: false } }), /kafka-eks:security\.authorization.*needs security\.tls true/);
        assert.equal(problems({ kafka: { mode: "kraft" }, security: { authentication: "scram-sha-512", tls: false, authorization: "none" } }), "");
        assert.equal(problems({ kafka: { mode: "zookeeper" }, security: { authentication: "scram-sha-512", tls: false } }), "");
    });
});

describe("authorization on the rendered stacks", () => {
    const nodeConfigs = (rs: RenderedResource[]) =>
        kubernetesObjects(rs, "ConfigMap")
            .map((r) => ({ name: (r.inputs.metadata as { name: string }).name, data: r.inputs.data as Record<string, string> | undefined }))
            .filter((c) => c.data && typeof c.data["server.properties"] === "string")
            .map((c) => ({ name: c.name, props: parseProperties(c.data!["server.properties"]) }));

    describe("prod (KRaft, SASL_SSL)", () => {
        let rs: RenderedResource[];
        before(async () => ({ resources: rs } = await renderStack("prod")));

        it("brokers and controllers run StandardAuthorizer, deny by default", () => {
            const nodes = nodeConfigs(rs);
            assert.deepEqual(nodes.map((n) => n.name).sort(), ["kafka-broker-config", "kafka-controller-config"]);
            for (const n of nodes) {
                assert.equal(n.props.get("authorizer.class.name"), "org.apache.kafka.metadata.authorizer.StandardAuthorizer", n.name);
                assert.equal(authorizerSettingsOf(n.props)?.allowEveryoneIfNoAclFound, false, n.name);
            }
        });

        it("the deployed certificate's subject maps to a super user: nodes may do cluster actions on each other before any ACL exists", () => {
            const csr = one(rs, "tls:index/certRequest:CertRequest");
            const subject = csr.inputs.subject as { commonName: string; organization: string };
            for (const n of nodeConfigs(rs)) {
                const principal = `User:${mapPrincipal(n.props.get("ssl.principal.mapping.rules")!, rfc2253(subject.commonName, subject.organization))}`;
                const settings = authorizerSettingsOf(n.props)!;
                for (const who of [principal, "User:admin"]) {
                    assert.ok(isAllowed(settings, [], { principal: who, operation: "CLUSTER_ACTION", resourceType: "CLUSTER", name: "kafka-cluster" }), `${n.name}: ${who}`);
                }
                assert.ok(!isAllowed(settings, [], { principal: "User:someone", operation: "DESCRIBE", resourceType: "TOPIC", name: "orders" }), n.name);
            }
        });
    });

    describe("dev (ZooKeeper mode, no authentication)", () => {
        let rs: RenderedResource[];
        before(async () => ({ resources: rs } = await renderStack("dev")));
        it("no authorizer (every client is ANONYMOUS)", () => {
            const nodes = nodeConfigs(rs);
            assert.ok(nodes.length > 0);
            for (const n of nodes) assert.equal(n.props.has("authorizer.class.name"), false, n.name);
        });
    });
});
