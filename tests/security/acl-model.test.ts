import { strict as assert } from "assert";
import { AclBinding, AclRequest, authorize, authorizeByResourceType, authorizerSettingsOf, AuthorizerSettings, parseSuperUsers } from "../../components/security/acl-model";

/** One rule per test, each against the authorizer lines cited in acl-model.ts. */
const closed: AuthorizerSettings = { superUsers: ["User:admin"], allowEveryoneIfNoAclFound: false };
const open: AuthorizerSettings = { superUsers: [], allowEveryoneIfNoAclFound: true };

function acl(p: Partial<AclBinding>): AclBinding {
    return { resourceType: "TOPIC", name: "orders", patternType: "LITERAL", principal: "User:alice", host: "*", operation: "READ", permission: "ALLOW", ...p };
}
function req(p: Partial<AclRequest>): AclRequest {
    return { principal: "User:alice", operation: "READ", resourceType: "TOPIC", name: "orders", ...p };
}
const result = (s: AuthorizerSettings, acls: AclBinding[], r: Partial<AclRequest>) => authorize(s, acls, req(r)).result;

describe("ACL model (StandardAuthorizer 4.3.1 / AclAuthorizer 3.9.2)", () => {
    describe("resource matching", () => {
        it("LITERAL matches the equal name only, not a longer or shorter one", () => {
            const acls = [acl({ name: "orders" })];
            assert.equal(result(closed, acls, { name: "orders" }), "ALLOWED");
            assert.equal(result(closed, acls, { name: "orders-eu" }), "DENIED");
            assert.equal(result(closed, acls, { name: "order" }), "DENIED");
            assert.equal(result(closed, acls, { name: "Orders" }), "DENIED");
        });
        it("PREFIXED matches every name starting with it, itself included", () => {
            const acls = [acl({ name: "orders", patternType: "PREFIXED" })];
            assert.equal(result(closed, acls, { name: "orders" }), "ALLOWED");
            assert.equal(result(closed, acls, { name: "orders-eu" }), "ALLOWED");
            assert.equal(result(closed, acls, { name: "order" }), "DENIED");
            assert.equal(result(closed, acls, { name: "xorders" }), "DENIED");
        });
        it("LITERAL * matches every name of its resource type only", () => {
            const acls = [acl({ name: "*" })];
            assert.equal(result(closed, acls, { name: "anything" }), "ALLOWED");
            assert.equal(result(closed, acls, { resourceType: "GROUP", name: "anything" }), "DENIED");
        });
        it("PREFIXED * is not a wildcard: it matches names that start with '*'", () => {
            const acls = [acl({ name: "*", patternType: "PREFIXED" })];
            assert.equal(result(closed, acls, { name: "orders" }), "DENIED");
            assert.equal(result(closed, acls, { name: "*x" }), "ALLOWED");
        });
    });

    describe("principal and host", () => {
        it("an ACL for another principal does not apply; User:* applies to everyone", () => {
            assert.equal(result(closed, [acl({ principal: "User:bob" })], {}), "DENIED");
            assert.equal(result(closed, [acl({ principal: "User:*" })], {}), "ALLOWED");
        });
        it("host * matches any address; a named host matches that address only", () => {
            const acls = [acl({ host: "10.1.2.3" })];
            assert.equal(result(closed, acls, { host: "10.1.2.3" }), "ALLOWED");
            assert.equal(result(closed, acls, { host: "10.1.2.4" }), "DENIED");
        });
    });

    describe("DENY overrides ALLOW", () => {
        it("a DENY on a prefix beats an ALLOW on the literal name", () => {
            const acls = [acl({}), acl({ name: "ord", patternType: "PREFIXED", permission: "DENY" })];
            const d = authorize(closed, acls, req({}));
            assert.equal(d.result, "DENIED");
            assert.equal(typeof d.rule === "object" && d.rule.permission, "DENY");
        });
        it("a wildcard DENY beats a literal ALLOW; DENY for User:* applies to everyone", () => {
            assert.equal(result(closed, [acl({}), acl({ name: "*", principal: "User:*", permission: "DENY" })], {}), "DENIED");
        });
        it("DENY ALL denies every operation", () => {
            const acls = [acl({ operation: "ALL" }), acl({ operation: "ALL", permission: "DENY" })];
            for (const operation of ["READ", "WRITE", "DESCRIBE", "ALTER_CONFIGS"] as const) assert.equal(result(closed, acls, { operation }), "DENIED", operation);
        });
        it("DENY READ does not deny DESCRIBE (implication applies to ALLOW only)", () => {
            const acls = [acl({ operation: "DESCRIBE" }), acl({ operation: "READ", permission: "DENY" })];
            assert.equal(result(closed, acls, { operation: "READ" }), "DENIED");
            assert.equal(result(closed, acls, { operation: "DESCRIBE" }), "ALLOWED");
        });
        it("a DENY from another host does not apply", () => {
            assert.equal(result(closed, [acl({}), acl({ permission: "DENY", host: "10.9.9.9" })], { host: "10.0.0.1" }), "ALLOWED");
        });
    });

    describe("operation implication", () => {
        for (const op of ["READ", "WRITE", "DELETE", "ALTER"] as const) {
            it(`ALLOW ${op} implies DESCRIBE`, () => assert.equal(result(closed, [acl({ operation: op })], { operation: "DESCRIBE" }), "ALLOWED"));
        }
        for (const op of ["CREATE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS", "CLUSTER_ACTION", "IDEMPOTENT_WRITE"] as const) {
            it(`ALLOW ${op} does not imply DESCRIBE`, () => assert.equal(result(closed, [acl({ operation: op })], { operation: "DESCRIBE" }), "DENIED"));
        }
        it("ALLOW ALTER_CONFIGS implies DESCRIBE_CONFIGS, not the reverse", () => {
            assert.equal(result(closed, [acl({ operation: "ALTER_CONFIGS" })], { operation: "DESCRIBE_CONFIGS" }), "ALLOWED");
            assert.equal(result(closed, [acl({ operation: "DESCRIBE_CONFIGS" })], { operation: "ALTER_CONFIGS" }), "DENIED");
        });
        it("ALLOW READ implies neither WRITE nor DESCRIBE_CONFIGS", () => {
            assert.equal(result(closed, [acl({ operation: "READ" })], { operation: "WRITE" }), "DENIED");
            assert.equal(result(closed, [acl({ operation: "READ" })], { operation: "DESCRIBE_CONFIGS" }), "DENIED");
        });
        it("ALLOW ALL allows every operation", () => {
            for (const operation of ["READ", "WRITE", "DELETE", "ALTER_CONFIGS", "CREATE"] as const) assert.equal(result(closed, [acl({ operation: "ALL" })], { operation }), "ALLOWED", operation);
        });
    });

    describe("super users and the no-ACL default", () => {
        it("a super user is allowed even against a DENY", () => {
            const d = authorize(closed, [acl({ principal: "User:admin", permission: "DENY", operation: "ALL" })], req({ principal: "User:admin", operation: "ALTER" }));
            assert.deepEqual(d, { result: "ALLOWED", rule: "SuperUser" });
        });
        it("no ACL on the resource: allow.everyone.if.no.acl.found decides", () => {
            assert.deepEqual(authorize(open, [], req({})), { result: "ALLOWED", rule: "DefaultAllow" });
            assert.deepEqual(authorize(closed, [], req({})), { result: "DENIED", rule: "DefaultDeny" });
        });
        it("an ACL for someone else on the resource switches the default off (denied even with allow.everyone)", () => {
            assert.deepEqual(authorize(open, [acl({ principal: "User:bob" })], req({})), { result: "DENIED", rule: "NoMatchingAllow" });
        });
        it("an ACL on another resource leaves the default on", () => {
            assert.equal(result(open, [acl({ name: "payments" })], {}), "ALLOWED");
        });
        it("super.users is ;-separated and trimmed", () => {
            assert.deepEqual(parseSuperUsers(" User:admin ;User:kafka-bootstrap.kafka.svc.cluster.local;; "), ["User:admin", "User:kafka-bootstrap.kafka.svc.cluster.local"]);
        });
        it("settings from server.properties: none without authorizer.class.name; allow.everyone absent is false", () => {
            assert.equal(authorizerSettingsOf(new Map()), null);
            assert.deepEqual(authorizerSettingsOf(new Map([["authorizer.class.name", "x"], ["super.users", "User:admin"]])), { superUsers: ["User:admin"], allowEveryoneIfNoAclFound: false });
            assert.equal(authorizerSettingsOf(new Map([["authorizer.class.name", "x"], ["allow.everyone.if.no.acl.found", " TRUE "]]))?.allowEveryoneIfNoAclFound, true);
        });
    });
    describe("authorizeByResourceType (Authorizer.java:184-293)", () => {
        const byType = (acls: AclBinding[], op: AclRequest["operation"] = "WRITE") => authorizeByResourceType(closed, acls, { principal: "User:alice", operation: op, resourceType: "TOPIC" });
        it("WRITE on any one topic is enough; READ is not WRITE (no implication)", () => {
            assert.equal(byType([acl({ operation: "WRITE" })]), "ALLOWED");
            assert.equal(byType([acl({ operation: "READ" })]), "DENIED");
            assert.equal(byType([acl({ operation: "ALL" })]), "ALLOWED");
            assert.equal(byType([]), "DENIED");
        });
        it("an allowed name equal to a denied literal or under a denied prefix does not count; a literal * DENY denies all", () => {
            assert.equal(byType([acl({ operation: "WRITE" }), acl({ operation: "WRITE", permission: "DENY" })]), "DENIED");
            assert.equal(byType([acl({ operation: "WRITE" }), acl({ operation: "WRITE", name: "ord", patternType: "PREFIXED", permission: "DENY" })]), "DENIED");
            assert.equal(byType([acl({ operation: "WRITE" }), acl({ operation: "WRITE", name: "pay", patternType: "PREFIXED", permission: "DENY" })]), "ALLOWED");
            assert.equal(byType([acl({ operation: "WRITE", name: "*" }), acl({ operation: "WRITE", name: "*", permission: "DENY" })]), "DENIED");
        });
        it("super users are allowed without ACLs", () => {
            assert.equal(authorizeByResourceType(closed, [], { principal: "User:admin", operation: "WRITE", resourceType: "TOPIC" }), "ALLOWED");
        });
    });
});
