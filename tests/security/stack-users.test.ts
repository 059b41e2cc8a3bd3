/**
 * `kafka-eks:users`: application users declared in the stack file — config rules, and on the
 * rendered prod stack a Job with exactly the declared ACLs (proved with the ACL model) and the
 * user's Secret in the application's namespace.
 */
import { strict as assert } from "assert";
import { parseStackConfig } from "../../components/config";
import { parseProperties } from "../../components/kafka/broker-config";
import { AclBinding, authorizerSettingsOf, isAllowed } from "../../components/security/acl-model";
import { parseAclArgument } from "../../components/security/kafka-user";
import { kubernetesObjects, RenderedResource, renderStack, stackSection } from "../harness";
import { PROJECT } from "../kafka/fixtures";

const BILLING = {
    name: "billing",
    namespace: "billing",
    acls: [
        { resourceType: "TOPIC", name: "orders", operations: ["READ"] },
        { resourceType: "GROUP", name: "billing-", patternType: "PREFIXED", operations: ["READ"] },
    ],
    quotas: { consumer_byte_rate: 10485760 },
};

function problems(sections: Record<string, unknown>): string {
    try {
        parseStackConfig({ platform: { mode: "existing" }, kafka: { mode: "kraft" }, ...sections }, PROJECT);
        return "";
    } catch (e) {
        return (e as Error).message;
    }
}

describe("kafka-eks:users", () => {
    describe("config rules", () => {
        it("a valid user in a client namespace passes", () => {
            assert.equal(problems({ users: [BILLING], security: { clientNamespaces: ["billing"] } }), "");
        });
        it("refused without authentication; without an authorizer a user may exist but its ACLs are refused, naming the key", () => {
            assert.match(problems({ users: [BILLING], security: { clientNamespaces: ["billing"], authentication: "none" } }), /kafka-eks:users.*needs security\.authentication scram-sha-512/);
            const noAuthorizer = { clientNamespaces: ["billing"], authentication: "scram-sha-512", tls: true, authorization: "none" };
            assert.match(problems({ users: [BILLING], security: noAuthorizer }), /kafka-eks:users\[0\]\.acls.*needs security\.authorization acls/);
            assert.equal(problems({ users: [{ ...BILLING, acls: [] }], security: noAuthorizer }), "");
        });
        it("a namespace outside security.clientNamespaces is refused", () => {
            assert.match(problems({ users: [BILLING] }), /kafka-eks:users\[0\]\.namespace.*security\.clientNamespaces/);
        });
        it("the Kafka namespace holds only the cluster: a user's namespace is required and may not be it", () => {
            const security = { clientNamespaces: ["billing"] };
            assert.match(problems({ users: [{ ...BILLING, namespace: undefined }], security }), /kafka-eks:users\[0\]\.namespace.*required/);
            assert.match(problems({ users: [{ ...BILLING, namespace: "kafka" }], security }), /kafka-eks:users\[0\]\.namespace.*holds only the cluster/);
        });
        it("a user may not take the name of a namespace's KEDA user", () => {
            const m = problems({
                users: [{ ...BILLING, name: "keda-billing" }],
                security: { clientNamespaces: ["billing"] },
                topics: [{ name: "orders", partitions: 3, config: { "retention.bytes": 1048576 } }],
                consumers: [{ group: "g", topic: "orders" }],
                autoscaling: { scalers: [{ name: "s", namespace: "billing", deployment: "d", topic: "orders", consumerGroup: "g" }] },
            });
            assert.match(m, /kafka-eks:users\[0\]\.name.*manages itself/);
        });
        it("an operation kafka-acls.sh refuses on the resource type is refused here, by the Kafka version (AclEntry.supportedOperations)", () => {
            const security = { clientNamespaces: ["billing"] };
            const withAcl = (acl: object, kafka: object = { mode: "kraft" }) => problems({ kafka, users: [{ ...BILLING, acls: [acl] }], security });
            assert.match(withAcl({ resourceType: "GROUP", name: "g", operations: ["READ", "WRITE"] }), /kafka-eks:users\[0\]\.acls\[0\]\.operations.*WRITE is not an operation of GROUP at Kafka 4\.3\.1/);
            assert.match(withAcl({ resourceType: "TOPIC", name: "t", operations: ["IDEMPOTENT_WRITE"] }), /IDEMPOTENT_WRITE is not an operation of TOPIC/);
            assert.equal(withAcl({ resourceType: "GROUP", name: "g", operations: ["DESCRIBE_CONFIGS"] }), "");
            assert.match(withAcl({ resourceType: "GROUP", name: "g", operations: ["DESCRIBE_CONFIGS"] }, { mode: "zookeeper" }), /DESCRIBE_CONFIGS is not an operation of GROUP at Kafka 3\.9\.2/);
        });
        it("reserved and duplicate names are refused", () => {
            assert.match(problems({ users: [{ name: "admin", namespace: "a" }] }), /kafka-eks:users\[0\]\.name.*manages itself/);
            for (const legacy of ["client", "keda"]) assert.match(problems({ users: [{ name: legacy, namespace: "a" }] }), /users\[0\]\.name.*manages itself/, legacy);
            assert.match(problems({ users: [{ name: "a", namespace: "a" }, { name: "a", namespace: "a" }] }), /users\[1\]\.name.*declared twice/);
        });
        it("a user whose password comes from its own Secret cannot also be rotated by the program", () => {
            const m = problems({ users: [{ ...BILLING, passwordSecret: { name: "pw" } }], security: { clientNamespaces: ["billing"], rotation: { users: { billing: 1 } } } });
            assert.match(m, /kafka-eks:security\.rotation\.users\.billing.*users\[\]\.passwordSecret.*change the password in that Secret/);
        });
        it("a user without ACLs is refused under an authorizer (it could log in and do nothing)", () => {
            const security = { clientNamespaces: ["a"] };
            assert.match(problems({ users: [{ name: "a", namespace: "a" }], security }), /kafka-eks:users\[0\]\.acls.*at least one ACL/);
            assert.match(problems({ users: [{ name: "a", namespace: "a", acls: [] }], security }), /kafka-eks:users\[0\]\.acls.*at least one ACL/);
        });
        it("ALL on the cluster or on every topic, and ALTER on the cluster, are refused; a name is required except for CLUSTER", () => {
            assert.match(problems({ users: [{ name: "a", namespace: "a", acls: [{ resourceType: "CLUSTER", operations: ["ALL"] }] }] }), /users\[0\]\.acls\[0\]\.operations.*super user in disguise/);
            assert.match(problems({ users: [{ name: "a", namespace: "a", acls: [{ resourceType: "TOPIC", name: "*", operations: ["ALL"] }] }] }), /super user in disguise/);
            assert.equal(problems({ users: [{ name: "a", namespace: "a", acls: [{ resourceType: "TOPIC", name: "orders", operations: ["ALL"] }] }], security: { clientNamespaces: ["a"] } }), "");
            assert.match(problems({ users: [{ name: "a", namespace: "a", acls: [{ resourceType: "TOPIC", operations: ["READ"] }] }] }), /users\[0\]\.acls\[0\]\.name.*required for TOPIC/);
            // ALTER on the cluster: CreateAcls, DeleteAcls, AlterUserScramCredentials (AclApis.scala:85,141; ControllerApis.scala:892 at 4.3.1).
            assert.match(problems({ users: [{ name: "a", namespace: "a", acls: [{ resourceType: "CLUSTER", operations: ["DESCRIBE", "ALTER"] }] }] }), /users\[0\]\.acls\[0\]\.operations.*ALTER on the cluster.*super user in disguise/);
        });
    });

    describe("on the rendered prod stack", () => {
        let rs: RenderedResource[];
        before(async () => {
            const security = { ...stackSection("prod", "security"), clientNamespaces: ["billing"] };
            ({ resources: rs } = await renderStack("prod", { security, users: [BILLING] } as Record<string, unknown>));
        });
        const meta = (r: RenderedResource) => r.inputs.metadata as { name: string; namespace: string; annotations?: Record<string, string> };

        it("the user's Secret exists in the Kafka namespace (for its Job) and in the application's", () => {
            const secrets = kubernetesObjects(rs, "Secret").filter((s) => meta(s).name === "kafka-user-billing").map((s) => meta(s).namespace).sort();
            assert.deepEqual(secrets, ["billing", "kafka"]);
        });

        it("security.rotation.users rotates one user: a new password (keeper) and a new Job that stores it; every other user unchanged", async () => {
            const security = { ...stackSection("prod", "security"), clientNamespaces: ["billing"], rotation: { users: { billing: 1 } } };
            const { resources: rotated } = await renderStack("prod", { security, users: [BILLING] } as Record<string, unknown>);
            const password = (x: RenderedResource[], user: string) => x.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === `users-${user}-password`)!;
            assert.deepEqual(password(rotated, "billing").inputs.keepers, { rotation: "1" });
            assert.equal(password(rs, "billing").inputs.keepers, undefined, "step 0: the password generated before rotation existed stays");
            const jobName = (x: RenderedResource[], user: string) => meta(kubernetesObjects(x, "Job").find((j) => meta(j).annotations?.["kafka-eks/user"] === user)!).name;
            assert.notEqual(jobName(rotated, "billing"), jobName(rs, "billing"), "the Job runs again and stores the new password");
            for (const other of ["kafka-ui", "topic-manager", "keda-billing"]) {
                assert.equal(jobName(rotated, other), jobName(rs, other), other);
                assert.equal(password(rotated, other).inputs.keepers, undefined, other);
            }
        });

        it("users[].passwordSecret: the password comes from the team's own Secret (read, not generated); a new resourceVersion re-runs the Job", async () => {
            const security = { ...stackSection("prod", "security"), clientNamespaces: ["billing"] };
            const own = { ...BILLING, passwordSecret: { name: "billing-kafka-password" } };
            const { resources: read } = await renderStack("prod", { security, users: [own] } as Record<string, unknown>);
            assert.equal(read.find((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name === "users-billing-password"), undefined, "no generated password");
            const jobName = (x: RenderedResource[]) => meta(kubernetesObjects(x, "Job").find((j) => meta(j).annotations?.["kafka-eks/user"] === "billing")!).name;
            assert.notEqual(jobName(read), jobName(rs), "a different password source is a different run");
            // The Job name carries the Secret's resourceVersion, never a digest of the password itself.
            const { userJobFingerprint } = await import("../../components/kafka/users/job");
            const base = { spec: { name: "billing", acls: [] }, passwordSecret: { name: "kafka-user-billing", key: "password" }, script: "s", clientScript: "c", image: "i", bootstrapServers: "b:9092", client: { securityProtocol: "SASL_SSL" as const }, resources: {} };
            assert.notEqual(userJobFingerprint({ ...base, passwordRevision: "1" }), userJobFingerprint({ ...base, passwordRevision: "2" }));
            assert.equal(userJobFingerprint(base), userJobFingerprint({ ...base, passwordRevision: undefined }));
        });

        it("its Job applies exactly the declared ACLs and quota: reads orders in billing-* groups, nothing else", () => {
            const job = kubernetesObjects(rs, "Job").find((j) => meta(j).annotations?.["kafka-eks/user"] === "billing")!;
            const args = (job.inputs.spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0].args;
            assert.deepEqual(args.filter((_, i) => args[i - 1] === "--quota"), ["consumer_byte_rate=10485760"]);
            const acls: AclBinding[] = args.flatMap((a, i) => (args[i - 1] === "--acl" ? [parseAclArgument(a, "billing")] : []));
            const broker = kubernetesObjects(rs, "ConfigMap").find((r) => meta(r).name === "kafka-broker-config")!;
            const settings = authorizerSettingsOf(parseProperties((broker.inputs.data as Record<string, string>)["server.properties"]))!;
            const can = (operation: "READ" | "WRITE" | "DESCRIBE", resourceType: "TOPIC" | "GROUP", name: string) => isAllowed(settings, acls, { principal: "User:billing", operation, resourceType, name });
            assert.ok(can("READ", "TOPIC", "orders"));
            assert.ok(can("DESCRIBE", "TOPIC", "orders"));
            assert.ok(can("READ", "GROUP", "billing-orders"));
            assert.ok(!can("WRITE", "TOPIC", "orders"));
            assert.ok(!can("READ", "TOPIC", "events"));
            assert.ok(!can("READ", "GROUP", "other-group"));
        });
    });
});
