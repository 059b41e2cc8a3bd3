/**
 * Least privilege of the built-in clients, proved on the rendered stacks: the ACLs each user Job
 * applies (read back from its rendered arguments) are evaluated with the ACL model against the
 * authorizer settings of the rendered broker config. Each client can do its job and nothing
 * else; each client's workload uses its own user's Secret.
 */
import { strict as assert } from "assert";
import { parseProperties } from "../../components/kafka/broker-config";
import { AclBinding, AclRequest, authorizeByResourceType, authorizerSettingsOf, AuthorizerSettings, isAllowed } from "../../components/security/acl-model";
import { parseAclArgument } from "../../components/security/kafka-user";
import { kubernetesObjects, RenderedResource, renderStack, stackSection } from "../harness";

type Container = { name: string; args?: string[]; env?: { name: string; valueFrom?: { secretKeyRef?: { name: string } } }[] };
const meta = (r: RenderedResource) => r.inputs.metadata as { name: string; annotations?: Record<string, string> };
const podSpec = (r: RenderedResource) => (r.inputs.spec as { template: { spec: { containers: Container[]; volumes?: { secret?: { secretName: string } }[] } } }).template.spec;

interface Rendered {
    authorizer: string;
    settings: AuthorizerSettings;
    acls: AclBinding[];
    users: Set<string>;
    rs: RenderedResource[];
}

function read(rs: RenderedResource[]): Rendered {
    const broker = kubernetesObjects(rs, "ConfigMap").find((r) => meta(r).name === "kafka-broker-config")!;
    const props = parseProperties((broker.inputs.data as Record<string, string>)["server.properties"]);
    const settings = authorizerSettingsOf(props)!;
    assert.ok(settings, "the brokers run an authorizer");
    const acls: AclBinding[] = [];
    const users = new Set<string>();
    for (const job of kubernetesObjects(rs, "Job").filter((j) => meta(j).annotations?.["kafka-eks/user"])) {
        const user = meta(job).annotations!["kafka-eks/user"];
        users.add(user);
        const args = podSpec(job).containers[0].args!;
        args.forEach((a, i) => {
            if (a === "--acl") acls.push(parseAclArgument(args[i + 1], user));
        });
    }
    return { authorizer: props.get("authorizer.class.name")!, settings, acls, users, rs };
}

const can = (r: Rendered, user: string, operation: AclRequest["operation"], resourceType: AclRequest["resourceType"], name: string) =>
    isAllowed(r.settings, r.acls, { principal: `User:${user}`, operation, resourceType, name });
const CLUSTER = "kafka-cluster";
/** Jobs that log in as the active inter-broker user (a super user) by design, never as a declared user. */
const ADMIN_JOB_PREFIXES = ["kafka-credentials-", "kafka-roller-", "kafka-rebalance-", "kafka-features-", "kafka-users-retire-"];

/** Secrets a workload's containers reference (env and volumes). */
function secretsOf(r: RenderedResource): string[] {
    const spec = podSpec(r);
    const fromEnv = spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef?.name).filter((n): n is string => !!n));
    const fromVolumes = (spec.volumes ?? []).map((v) => v.secret?.secretName).filter((n): n is string => !!n);
    return [...new Set([...fromEnv, ...fromVolumes])];
}

describe("built-in users on the rendered stacks", () => {
    describe("prod (KRaft, StandardAuthorizer)", () => {
        let r: Rendered;
        before(async () => (r = read((await renderStack("prod")).resources)));

        it("one user per built-in client; nobody but admin, admin-b and the nodes is a super user (not client)", () => {
            // billing is prod's application user (kafka-eks:users); keda-billing is KEDA's user for the billing namespace.
            assert.deepEqual([...r.users].sort(), ["billing", "kafka-exporter", "kafka-ui", "keda-billing", "smoke-test", "topic-manager"]);
            // Both inter-broker users: security.rotation.interBroker moves the brokers between them in a roll.
            assert.deepEqual(r.settings.superUsers, ["User:admin", "User:admin-b", "User:kafka-bootstrap.kafka.svc.cluster.local"]);
            for (const op of ["READ", "WRITE", "DESCRIBE", "ALTER_CONFIGS"] as const) assert.ok(!can(r, "client", op, "TOPIC", "orders"), `client ${op}`);
        });

        it("topic-manager: creates, grows and configures the declared topics only; reads nothing", () => {
            for (const t of ["orders", "events"]) {
                for (const op of ["CREATE", "DESCRIBE", "ALTER", "DESCRIBE_CONFIGS", "ALTER_CONFIGS"] as const) assert.ok(can(r, "topic-manager", op, "TOPIC", t), `${op} ${t}`);
                for (const op of ["READ", "WRITE", "DELETE"] as const) assert.ok(!can(r, "topic-manager", op, "TOPIC", t), `no ${op} ${t}`);
            }
            assert.ok(!can(r, "topic-manager", "CREATE", "TOPIC", "undeclared"));
            assert.ok(!can(r, "topic-manager", "ALTER_CONFIGS", "CLUSTER", CLUSTER));
        });

        it("smoke-test: its topic only — cannot touch orders", () => {
            for (const op of ["READ", "WRITE", "DESCRIBE", "CREATE", "ALTER_CONFIGS"] as const) assert.ok(can(r, "smoke-test", op, "TOPIC", "kafka-smoke"), op);
            for (const op of ["READ", "WRITE", "DESCRIBE", "DELETE", "ALTER", "ALTER_CONFIGS", "DESCRIBE_CONFIGS"] as const) assert.ok(!can(r, "smoke-test", op, "TOPIC", "orders"), `orders ${op}`);
            assert.ok(!can(r, "smoke-test", "DELETE", "TOPIC", "kafka-smoke"));
            assert.ok(!can(r, "smoke-test", "READ", "GROUP", "billing-orders"));
        });

        it("smoke-test's idempotent producer may InitProducerId (IDEMPOTENT_WRITE on the cluster or WRITE on some topic, KafkaApis.scala:1616-1617); read-only clients may not", () => {
            const initProducerId = (user: string) =>
                can(r, user, "IDEMPOTENT_WRITE", "CLUSTER", CLUSTER) || authorizeByResourceType(r.settings, r.acls, { principal: `User:${user}`, operation: "WRITE", resourceType: "TOPIC" }) === "ALLOWED";
            assert.ok(initProducerId("smoke-test"));
            for (const user of ["kafka-ui", "keda-billing", "topic-manager"]) assert.ok(!initProducerId(user), user);
        });

        it("kafka-ui (readOnly): describes and browses everything, changes nothing", () => {
            for (const t of ["orders", "events", "__consumer_offsets"]) {
                for (const op of ["DESCRIBE", "READ", "DESCRIBE_CONFIGS"] as const) assert.ok(can(r, "kafka-ui", op, "TOPIC", t), `${op} ${t}`);
                for (const op of ["WRITE", "CREATE", "DELETE", "ALTER", "ALTER_CONFIGS"] as const) assert.ok(!can(r, "kafka-ui", op, "TOPIC", t), `no ${op} ${t}`);
            }
            assert.ok(can(r, "kafka-ui", "DESCRIBE", "GROUP", "billing-orders"));
            assert.ok(!can(r, "kafka-ui", "DELETE", "GROUP", "billing-orders"));
            assert.ok(!can(r, "kafka-ui", "READ", "GROUP", "billing-orders"), "cannot join or commit for a group");
            assert.ok(can(r, "kafka-ui", "DESCRIBE_CONFIGS", "CLUSTER", CLUSTER));
            for (const op of ["ALTER_CONFIGS", "ALTER", "CREATE", "CLUSTER_ACTION"] as const) assert.ok(!can(r, "kafka-ui", op, "CLUSTER", CLUSTER), `no cluster ${op}`);
        });

        it("kafka-ui can start: its statistics need cluster DESCRIBE (DescribeQuorum, DescribeLogDirs), its first look broker DescribeConfigs", () => {
            // kafbat/kafka-ui v1.5.0 StatisticsService.java:49-53 and 72-79: a failed DescribeQuorum other than
            // UnsupportedVersion fails the whole update (the cluster shows offline); ControllerApis.scala:572 at 4.3.1
            // needs cluster DESCRIBE, as does DescribeLogDirs (ScrapedClusterState.java:131, KafkaApis.scala:2240).
            assert.ok(can(r, "kafka-ui", "DESCRIBE", "CLUSTER", CLUSTER));
            // ReactiveAdminClient.java:155-163 and 316-333: broker configs (tolerated if denied, but then version unknown).
            assert.ok(can(r, "kafka-ui", "DESCRIBE_CONFIGS", "CLUSTER", CLUSTER));
            // ScrapedClusterState.java:133-141: topic configs, offsets, groups and their offsets of every topic and group.
            for (const [op, type, name] of [["DESCRIBE_CONFIGS", "TOPIC", "orders"], ["DESCRIBE", "TOPIC", "orders"], ["DESCRIBE", "GROUP", "any-group"]] as const) assert.ok(can(r, "kafka-ui", op, type, name), `${op} ${type}`);
        });

        it("keda-billing's scaler (KEDA 2.20.2 kafka_scaler.go, sarama): FindCoordinator and OffsetFetch need group DESCRIBE, Metadata and ListOffsets topic DESCRIBE", () => {
            // kafka_scaler.go:444 (Metadata), 560 (DescribeTopics: Metadata), 606 (ListConsumerGroupOffsets: FindCoordinator
            // then OffsetFetch), 866-889 (ListOffsets to each leader).
            assert.ok(can(r, "keda-billing", "DESCRIBE", "GROUP", "billing-orders"));
            assert.ok(can(r, "keda-billing", "DESCRIBE", "TOPIC", "orders"));
        });

        it("keda-billing: lag of the scaled group on its topic, no records", () => {
            assert.ok(can(r, "keda-billing", "DESCRIBE", "TOPIC", "orders"));
            assert.ok(can(r, "keda-billing", "DESCRIBE", "GROUP", "billing-orders"));
            assert.ok(!can(r, "keda-billing", "READ", "TOPIC", "orders"), "cannot fetch records");
            assert.ok(!can(r, "keda-billing", "READ", "GROUP", "billing-orders"), "cannot commit offsets for the group");
            assert.ok(!can(r, "keda-billing", "DESCRIBE", "TOPIC", "events"), "an unscaled topic");
        });

        it("kafka-exporter (lag exporter): Metadata, ListOffsets, ListGroups, DescribeGroups and OffsetFetch of every topic and group; no records, no commits", () => {
            // --offset.show-all: every group and topic. ListOffsets and Metadata need topic DESCRIBE;
            // ListGroups lists the groups with DESCRIBE; DescribeGroups and OffsetFetch need group DESCRIBE.
            for (const topic of ["orders", "events", "some-other-topic"]) assert.ok(can(r, "kafka-exporter", "DESCRIBE", "TOPIC", topic), topic);
            for (const group of ["billing-orders", "any-group"]) assert.ok(can(r, "kafka-exporter", "DESCRIBE", "GROUP", group), group);
            assert.ok(!can(r, "kafka-exporter", "READ", "TOPIC", "orders"), "cannot fetch records");
            assert.ok(!can(r, "kafka-exporter", "READ", "GROUP", "billing-orders"), "cannot commit offsets");
            assert.ok(!can(r, "kafka-exporter", "DESCRIBE_CONFIGS", "TOPIC", "orders"));
            const exporter = kubernetesObjects(r.rs, "Deployment").find((d) => meta(d).name === "kafka-lag-exporter")!;
            assert.deepEqual(secretsOf(exporter).filter((x) => x.startsWith("kafka-") && x !== "kafka-ca"), ["kafka-user-kafka-exporter"]);
        });

        it("every client workload uses its own user's Secret, never the shared client or admin", () => {
            const ui = kubernetesObjects(r.rs, "Deployment").find((d) => meta(d).name === "kafka-ui")!;
            assert.ok(secretsOf(ui).includes("kafka-user-kafka-ui"), JSON.stringify(secretsOf(ui)));
            const ta = kubernetesObjects(r.rs, "TriggerAuthentication");
            assert.ok(ta.length > 0 && JSON.stringify(ta.map((t) => t.inputs)).includes('"kafka-user-keda-billing"'));
            for (const job of kubernetesObjects(r.rs, "Job")) {
                const secrets = secretsOf(job);
                const isUserJob = !!meta(job).annotations?.["kafka-eks/user"];
                assert.ok(!secrets.includes("kafka-client-credentials"), `${meta(job).name}: ${secrets}`);
                // The credential Jobs change passwords: they log in as an inter-broker user (tests/kafka/credential-rotation.test.ts).
                // The roller runs as the active inter-broker user too: with fewer rights its ISR check would
                // silently cover only the topics it may describe (operatorClientSecurity); so do the
                // rebalance Jobs, which must see and move every partition, and the finalize Job (cluster features);
                // and the retire Job, which deletes the credentials and ACLs of users that left the stack.
                const isCredentialJob = ADMIN_JOB_PREFIXES.some((p) => meta(job).name.startsWith(p));
                if (!isUserJob && !isCredentialJob) assert.ok(!secrets.includes("kafka-admin-credentials"), `${meta(job).name} runs as admin`);
            }
            const jobSecrets = (prefix: string) => kubernetesObjects(r.rs, "Job").filter((j) => meta(j).name.startsWith(prefix)).flatMap(secretsOf);
            assert.ok(jobSecrets("kafka-topic-orders").includes("kafka-user-topic-manager"));
            assert.ok(jobSecrets("kafka-smoke-test").includes("kafka-user-smoke-test"), "the smoke Job");
            assert.ok(jobSecrets("kafka-topic-kafka-smoke").includes("kafka-user-smoke-test"), "the smoke topic's Job");
        });
    });

    describe("prod with a second team (shipping) scaling its own consumer in its own namespace", () => {
        let r: Rendered;
        let rs: RenderedResource[];
        before(async () => {
            const autoscaling = stackSection("prod", "autoscaling") as unknown as { scalers: object[] };
            rs = (
                await renderStack("prod", {
                    security: { ...stackSection("prod", "security"), clientNamespaces: ["billing", "shipping"] },
                    consumers: [...(stackSection("prod", "consumers") as unknown as object[]), { group: "shipping-events", topic: "events" }],
                    autoscaling: { ...autoscaling, scalers: [...autoscaling.scalers, { name: "shipping-events", namespace: "shipping", deployment: "shipper", topic: "events", consumerGroup: "shipping-events" }] },
                })
            ).resources;
            r = read(rs);
        });
        const ns = (x: RenderedResource) => (x.inputs.metadata as { namespace: string }).namespace;

        it("each namespace's KEDA user sees its own scalers' lag only, never the other team's", () => {
            assert.ok(can(r, "keda-shipping", "DESCRIBE", "TOPIC", "events") && can(r, "keda-shipping", "DESCRIBE", "GROUP", "shipping-events"));
            assert.ok(!can(r, "keda-shipping", "DESCRIBE", "TOPIC", "orders") && !can(r, "keda-shipping", "DESCRIBE", "GROUP", "billing-orders"));
            assert.ok(!can(r, "keda-billing", "DESCRIBE", "TOPIC", "events") && !can(r, "keda-billing", "DESCRIBE", "GROUP", "shipping-events"));
        });

        it("the ScaledObject, its TriggerAuthentication and the KEDA user's Secret are in the team's namespace; no team holds another's Secret", () => {
            const so = kubernetesObjects(rs, "ScaledObject").find((x) => meta(x).name === "shipping-events")!;
            const ta = kubernetesObjects(rs, "TriggerAuthentication").find((x) => meta(x).name.startsWith("shipping-events"))!;
            assert.deepEqual([ns(so), ns(ta)], ["shipping", "shipping"]);
            const secretNamespaces = (name: string) => kubernetesObjects(rs, "Secret").filter((x) => meta(x).name === name).map(ns).sort();
            assert.deepEqual(secretNamespaces("kafka-user-keda-shipping"), ["kafka", "shipping"]);
            assert.deepEqual(secretNamespaces("kafka-user-keda-billing"), ["billing", "kafka"]);
            // Only cluster Secrets and the users' own copies leave nothing else in a team namespace.
            for (const team of ["billing", "shipping"]) {
                const names = kubernetesObjects(rs, "Secret").filter((x) => ns(x) === team).map((x) => meta(x).name);
                assert.ok(names.every((n) => n.startsWith("kafka-user-") && (n.endsWith(`-${team}`) || n === `kafka-user-${team}`)), `${team}: ${names}`);
            }
        });
    });

    describe("prod with a writable kafka-ui (manager.readOnly false)", () => {
        let r: Rendered;
        before(async () => (r = read((await renderStack("prod", { manager: { ...stackSection("prod", "manager"), readOnly: false } })).resources)));

        it("may manage topics and groups, never broker configs or the cluster", () => {
            for (const op of ["WRITE", "CREATE", "DELETE", "ALTER_CONFIGS"] as const) assert.ok(can(r, "kafka-ui", op, "TOPIC", "orders"), op);
            assert.ok(can(r, "kafka-ui", "DELETE", "GROUP", "billing-orders"));
            for (const op of ["ALTER_CONFIGS", "ALTER", "CREATE", "CLUSTER_ACTION", "IDEMPOTENT_WRITE"] as const) assert.ok(!can(r, "kafka-ui", op, "CLUSTER", CLUSTER), `no cluster ${op}`);
        });

        it("every client waits for the user Jobs (its credential exists before it connects)", () => {
            const userJobs = kubernetesObjects(r.rs, "Job").filter((j) => meta(j).annotations?.["kafka-eks/user"]).map((j) => j.urn);
            const usersComponent = r.rs.find((x) => x.type === "kafka-eks:kafka:KafkaUsers")!.urn;
            const waits = (x: RenderedResource) => x.dependencies.includes(usersComponent) || userJobs.every((u) => x.dependencies.includes(u));
            const clients = [
                // The credential Jobs run inside KafkaCluster as an inter-broker user, before any user exists.
                // So do the roller and the rebalance Jobs, as the active inter-broker user (operatorClientSecurity).
                // The retire Job is part of KafkaUsers and touches no declared user.
                ...kubernetesObjects(r.rs, "Job").filter((j) => !meta(j).annotations?.["kafka-eks/user"] && !ADMIN_JOB_PREFIXES.some((p) => meta(j).name.startsWith(p))),
                kubernetesObjects(r.rs, "Deployment").find((d) => meta(d).name === "kafka-ui")!,
                kubernetesObjects(r.rs, "Deployment").find((d) => meta(d).name === "kafka-lag-exporter")!,
                ...kubernetesObjects(r.rs, "ScaledObject"),
            ];
            for (const c of clients) {
                // A component's children inherit nothing: the wait is on the client or on its parent component.
                const parent = r.rs.find((x) => x.urn === c.parent);
                assert.ok(waits(c) || (parent !== undefined && waits(parent)), `${meta(c).name} does not wait for the user Jobs`);
            }
        });
    });

    describe("dev with SCRAM and TLS, the example consumer and its scaler in a team namespace (demo)", () => {
        let rs: RenderedResource[];
        before(async () => {
            const consumers = (stackSection("dev", "consumers") as unknown as { workload?: object }[]).map((c) => (c.workload ? { ...c, workload: { ...c.workload, namespace: "demo" } } : c));
            const autoscaling = stackSection("dev", "autoscaling") as unknown as { scalers: object[] };
            rs = (
                await renderStack("dev", {
                    security: { ...stackSection("dev", "security"), authentication: "scram-sha-512", tls: true, clientNamespaces: ["demo"] },
                    consumers,
                    autoscaling: { ...autoscaling, scalers: autoscaling.scalers.map((x) => ({ ...x, namespace: "demo" })) },
                })
            ).resources;
        });
        const ns = (x: RenderedResource) => (x.inputs.metadata as { namespace: string }).namespace;

        it("the consumer runs in demo with its own user's Secret there, which also carries the CA (kafka-ca is not in demo)", () => {
            const d = kubernetesObjects(rs, "Deployment").find((x) => meta(x).name === "orders-consumer")!;
            assert.equal(ns(d), "demo");
            assert.deepEqual(secretsOf(d), ["kafka-user-consumer-orders-consumer"]);
            const copy = kubernetesObjects(rs, "Secret").find((x) => meta(x).name === "kafka-user-consumer-orders-consumer" && ns(x) === "demo")!;
            assert.deepEqual(Object.keys(copy.inputs.stringData as object).sort(), ["ca.crt", "client.properties", "password", "sasl.jaas.config", "username"]);
        });

        it("its ScaledObject and TriggerAuthentication are in demo and log in as keda-demo with the CA from that user's Secret", () => {
            const so = kubernetesObjects(rs, "ScaledObject")[0];
            const ta = kubernetesObjects(rs, "TriggerAuthentication")[0];
            assert.deepEqual([ns(so), ns(ta)], ["demo", "demo"]);
            const refs = (ta.inputs.spec as { secretTargetRef: { name: string }[] }).secretTargetRef.map((x) => x.name);
            assert.deepEqual([...new Set(refs)], ["kafka-user-keda-demo"]);
        });
    });

    describe("dev with SCRAM (ZooKeeper mode, AclAuthorizer): the example consumer", () => {
        let r: Rendered;
        before(async () => (r = read((await renderStack("dev", { security: { ...stackSection("dev", "security"), authentication: "scram-sha-512", tls: true } })).resources)));

        it("the brokers run AclAuthorizer; the example consumer has a user", () => {
            assert.equal(r.authorizer, "kafka.security.authorizer.AclAuthorizer");
            assert.equal(r.users.has("consumer-orders-consumer"), true);
        });

        it("consumer-orders-consumer: reads its topic in its group, nothing else", () => {
            const consumers = (stackSection("dev", "consumers") as unknown as { group: string; topic: string; workload?: { name: string } }[]) ?? [];
            const c = consumers.find((x) => x.workload?.name === "orders-consumer")!;
            const user = "consumer-orders-consumer";
            assert.ok(can(r, user, "READ", "TOPIC", c.topic));
            assert.ok(can(r, user, "READ", "GROUP", c.group));
            assert.ok(!can(r, user, "WRITE", "TOPIC", c.topic));
            assert.ok(!can(r, user, "READ", "TOPIC", "kafka-smoke"));
            assert.ok(!can(r, user, "READ", "GROUP", "another-group"));
            const d = kubernetesObjects(r.rs, "Deployment").find((x) => meta(x).name === "orders-consumer")!;
            assert.ok(secretsOf(d).includes(`kafka-user-${user}`), JSON.stringify(secretsOf(d)));
        });
    });
});
