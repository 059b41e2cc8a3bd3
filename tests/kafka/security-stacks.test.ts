/**
 * Listener security end to end on the rendered stacks: prod (SASL_SSL, KRaft) and dev (PLAINTEXT,
 * ZooKeeper mode), object by object — generated users and certificates, broker config, every
 * in-cluster client (topic Jobs, smoke test, kafka-ui, KEDA), and the smoke test's wiring.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseProperties } from "../../components/kafka/broker-config";
import { crdSchema, scalerParameters, validateSchema } from "../autoscaling/openapi";
import { input, kubernetesObjects, ofType, one, RenderedResource, renderResult, renderStack, UPSTREAM, stackSection } from "../harness";

type Env = { name: string; value?: string; valueFrom?: unknown };
type Container = { name: string; env?: Env[]; command?: string[]; args?: string[] };
const nameOf = (r: RenderedResource) => (r.inputs.metadata as { name: string }).name;
const byName = (rs: RenderedResource[], kind: string, name: string) => {
    const found = kubernetesObjects(rs, kind).filter((r) => nameOf(r) === name);
    assert.strictEqual(found.length, 1, `${kind} ${name}`);
    return found[0];
};
/** The spec a topic's Job carries in its kafka-eks/topic-spec annotation. */
const topicSpecOf = (rs: RenderedResource[], topic: string): unknown => {
    const jobs = kubernetesObjects(rs, "Job").filter((j) => (j.inputs.metadata as { annotations?: Record<string, string> }).annotations?.["kafka-eks/topic"] === topic);
    assert.strictEqual(jobs.length, 1, `the Job of topic ${topic}`);
    return JSON.parse((jobs[0].inputs.metadata as { annotations: Record<string, string> }).annotations["kafka-eks/topic-spec"]);
};
const containers = (r: RenderedResource) => input<{ containers: Container[]; initContainers?: Container[] }>(r, "spec.template.spec");
const envOf = (c: Container) => Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value ?? e.valueFrom]));

describe("listener security on the rendered stacks", () => {
    describe("prod: SASL_SSL (SCRAM-SHA-512 + generated CA), KRaft", () => {
        let rs: RenderedResource[];
        let outputs: Record<string, unknown>;
        before(async () => ({ resources: rs, outputs } = await renderStack("prod")));

        it("clients use SASL_SSL", () => assert.strictEqual(outputs.clientSecurityProtocol, "SASL_SSL"));

        it("generated cluster users: the two inter-broker users only (no shared client user), Secrets with masked passwords", () => {
            assert.deepStrictEqual(ofType(rs, "random:index/randomPassword:RandomPassword").filter((r) => r.name.startsWith("kafka-")).map((r) => r.name).sort(), ["kafka-admin-b-password", "kafka-admin-password"]);
            assert.deepStrictEqual(kubernetesObjects(rs, "Secret").map(nameOf).filter((n) => /client/.test(n)), [], "no client Secret");
            for (const name of ["kafka-admin-credentials", "kafka-admin-b-credentials"]) {
                const s = byName(rs, "Secret", name);
                const data = input<unknown>(s, "stringData");
                assert.ok(data === "[secret]" || (data as Record<string, string>).password === "[secret]", `${name}: password masked`);
            }
        });

        it("generated CA and broker certificate: SANs cover every pod and the bootstrap Service; renewal window set", () => {
            const ca = one(rs, "tls:index/selfSignedCert:SelfSignedCert");
            assert.strictEqual(ca.inputs.isCaCertificate, true);
            assert.strictEqual(ca.inputs.validityPeriodHours, 3650 * 24);
            const csr = one(rs, "tls:index/certRequest:CertRequest");
            assert.deepStrictEqual(csr.inputs.dnsNames, [
                "*.kafka-controller-headless.kafka.svc.cluster.local",
                "*.kafka-broker-headless.kafka.svc.cluster.local",
                "kafka-bootstrap.kafka.svc.cluster.local",
                "kafka-bootstrap.kafka.svc",
                "kafka-bootstrap.kafka",
                "kafka-bootstrap",
            ]);
            const cert = one(rs, "tls:index/locallySignedCert:LocallySignedCert");
            assert.strictEqual(cert.inputs.validityPeriodHours, 365 * 24);
            assert.strictEqual(cert.inputs.earlyRenewalHours, 30 * 24);
            assert.deepStrictEqual(cert.inputs.allowedUses, ["digital_signature", "key_encipherment", "server_auth", "client_auth"]);
            for (const key of ofType(rs, "tls:index/privateKey:PrivateKey")) {
                // The CA is protected in prod; the broker key is replaced with its certificate on renewal.
                assert.strictEqual(key.protect, key.name.endsWith("-ca-key"), `${key.name}: only the CA key is protected in prod`);
                assert.deepStrictEqual([key.inputs.algorithm, key.inputs.ecdsaCurve], ["ECDSA", "P256"]);
            }
        });

        it("brokers: server.properties maps SASL_SSL/SSL, pods mount users + TLS and roll on a new certificate", () => {
            const cm = byName(rs, "ConfigMap", "kafka-broker-config");
            const p = parseProperties(input<string>(cm, "data.server\\.properties") ?? (cm.inputs.data as Record<string, string>)["server.properties"]);
            assert.strictEqual(p.get("listener.security.protocol.map"), "CLIENT:SASL_SSL,INTERNAL:SASL_SSL,CONTROLLER:SSL");
            assert.strictEqual(p.get("sasl.mechanism.inter.broker.protocol"), "SCRAM-SHA-512");
            const sts = byName(rs, "StatefulSet", "kafka-broker");
            assert.match(input<string>(sts, "spec.template.metadata.annotations")["checksum/tls" as never] as string, /^[0-9a-f]{64}$/);
            const deps = sts.dependencies;
            for (const s of ["kafka-admin-credentials", "kafka-admin-b-credentials", "kafka-ca", "kafka-broker-tls"]) assert.ok(deps.includes(byName(rs, "Secret", s).urn), `StatefulSet waits for Secret ${s}`);
            const format = containers(sts).initContainers!.find((c) => c.name === "format-storage")!;
            assert.strictEqual(envOf(format).SECRETS_DIR, "/etc/kafka-eks-users");
        });

        it("every client the project deploys speaks SASL_SSL with its own user (ACLs on) and the CA", () => {
            // The credential Jobs log in as the inter-broker users (tests/kafka/credential-rotation.test.ts).
            const jobs = kubernetesObjects(rs, "Job").filter((j) => !nameOf(j).startsWith("kafka-credentials-"));
            assert.ok(jobs.length >= 4);
            for (const job of jobs) {
                const c = containers(job).containers[0];
                const env = envOf(c);
                assert.strictEqual(env.SECURITY_PROTOCOL, "SASL_SSL", nameOf(job));
                assert.strictEqual(env.SASL_PASSWORD_FILE, "/etc/kafka-client/sasl/password");
                assert.strictEqual(env.CA_FILE, "/etc/kafka-client/ca/ca.crt");
                assert.deepStrictEqual(c.command!.slice(0, 2), ["sh", "/opt/kafka-eks/client-properties.sh"]);
                const vols = input<Array<{ name: string; secret?: { secretName: string } }>>(job, "spec.template.spec.volumes");
                // User Jobs change credentials and ACLs as admin; topic Jobs run as topic-manager, the smoke test as smoke-test.
                // The roller, the rebalance Jobs, the finalize Job and the users-retire Job run as the active inter-broker
                // user: they must see every partition, move partitions, change cluster features and remove users
                // (operatorClientSecurity).
                const operator = ["kafka-user-", "kafka-users-retire-", "kafka-roller-", "kafka-rebalance-", "kafka-features-"].some((p) => nameOf(job).startsWith(p));
                const user = operator ? "kafka-admin-credentials" : nameOf(job).startsWith("kafka-smoke-test") || nameOf(job).startsWith("kafka-topic-kafka-smoke") ? "kafka-user-smoke-test" : "kafka-user-topic-manager";
                // A user Job also mounts the password it stores: its user's own Secret.
                const stored = nameOf(job).startsWith("kafka-user-") ? [nameOf(job).replace(/-[0-9a-f]{8}$/, "")] : [];
                assert.deepStrictEqual(vols.filter((v) => v.secret).map((v) => v.secret!.secretName), [user, "kafka-ca", ...stored], nameOf(job));
            }
            const ui = containers(byName(rs, "Deployment", "kafka-ui")).containers[0];
            const uiEnv = envOf(ui);
            assert.strictEqual(uiEnv.KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL, "SASL_SSL");
            const uiVolumes = input<{ name: string; secret?: { secretName: string } }[]>(byName(rs, "Deployment", "kafka-ui"), "spec.template.spec.volumes");
            assert.strictEqual(uiVolumes.find((v) => v.name === "kafka-user")!.secret!.secretName, "kafka-user-kafka-ui", "kafka-ui's own user, mounted");
            assert.strictEqual(uiEnv.KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_TYPE, "PEM");
            const envTxt = fs.readFileSync(path.join(UPSTREAM, "kafka-ui", "env.txt"), "utf8");
            for (const n of ["KAFKA_CLUSTERS_0_PROPERTIES_SECURITY_PROTOCOL", "KAFKA_CLUSTERS_0_PROPERTIES_SSL_TRUSTSTORE_LOCATION"]) {
                assert.ok(envTxt.includes("KAFKA_CLUSTERS_<index>_PROPERTIES_<property>") || envTxt.includes(n), n);
            }
        });

        it("KEDA: the TriggerAuthentication, in the team's namespace, names that namespace's keda user and the CA copied there, and validates against the CRD and the kafka scaler's parameters", () => {
            const ta = one(rs, "kubernetes:keda.sh/v1alpha1:TriggerAuthentication");
            assert.strictEqual(input(ta, "metadata.namespace"), "billing");
            assert.deepStrictEqual(input(ta, "spec.secretTargetRef"), [
                { parameter: "username", name: "kafka-user-keda-billing", key: "username" },
                { parameter: "password", name: "kafka-user-keda-billing", key: "password" },
                { parameter: "ca", name: "kafka-user-keda-billing", key: "ca.crt" },
            ]);
            // KEDA reads the Secret in the TriggerAuthentication's namespace: the copy there carries the CA too.
            const copy = kubernetesObjects(rs, "Secret").find((r) => nameOf(r) === "kafka-user-keda-billing" && input(r, "metadata.namespace") === "billing")!;
            assert.deepStrictEqual(Object.keys(input<Record<string, unknown>>(copy, "stringData")).sort(), ["ca.crt", "client.properties", "password", "sasl.jaas.config", "username"]);
            assert.deepStrictEqual(validateSchema(crdSchema("keda.sh_triggerauthentications.yaml"), { apiVersion: ta.inputs.apiVersion, kind: ta.inputs.kind, metadata: ta.inputs.metadata, spec: ta.inputs.spec }), []);
            const params = new Map(scalerParameters("kafka").map((p) => [p.name, p]));
            for (const ref of input<Array<{ parameter: string }>>(ta, "spec.secretTargetRef")) {
                assert.ok(params.get(ref.parameter)?.triggerAuthenticationVariableReadable, `${ref.parameter} is readable from a TriggerAuthentication`);
            }
            const so = one(rs, "kubernetes:keda.sh/v1alpha1:ScaledObject");
            const metadata = input<Array<{ metadata: Record<string, string> }>>(so, "spec.triggers")[0].metadata;
            assert.strictEqual(metadata.sasl, "scram_sha512");
            assert.strictEqual(metadata.tls, "enable");
            assert.ok(params.get("sasl")?.allowedValue?.includes("scram_sha512"));
        });

        it("smoke test: its own topic (RF 3, min ISR 2), then a Job after the brokers and every topic", () => {
            assert.deepStrictEqual(topicSpecOf(rs, "kafka-smoke"), {
                name: "kafka-smoke", partitions: 1, replicationFactor: 3, config: { "min.insync.replicas": "2", "retention.bytes": "33554432", "retention.ms": "3600000", "segment.bytes": "8388608" },
            });
            const job = kubernetesObjects(rs, "Job").find((j) => nameOf(j).startsWith("kafka-smoke-test-"))!;
            assert.strictEqual(outputs.smokeTestJob, nameOf(job));
            assert.deepStrictEqual(containers(job).containers[0].args, [
                "--bootstrap-server", "kafka-bootstrap.kafka.svc.cluster.local:9092", "--command-config", "/tmp/client.properties",
                "--kafka-version", "4.3.1", "--topic", "kafka-smoke", "--messages", "100", "--timeout-seconds", "300",
            ]);
            // dependsOn on components reaches their custom children: every topic Job and the brokers.
            for (const topicJob of kubernetesObjects(rs, "Job").filter((j) => nameOf(j).startsWith("kafka-topic-"))) {
                assert.ok(job.dependencies.includes(topicJob.urn), `after ${nameOf(topicJob)}`);
            }
            for (const sts of kubernetesObjects(rs, "StatefulSet")) assert.ok(job.dependencies.includes(sts.urn), `after ${nameOf(sts)}`);
            assert.strictEqual(job.deleteBeforeReplace, true);
        });
    });

    describe("prod with SCRAM but authorization none", () => {
        let rs: RenderedResource[];
        before(async () => ({ resources: rs } = await renderStack("prod", { security: { ...stackSection("prod", "security"), authorization: "none" }, users: [] })));

        it("every client still logs in as its own user (no shared password), and the user Jobs leave ACLs alone", () => {
            const secretsOf = (r: RenderedResource) => JSON.stringify(input(r, "spec.template.spec")).match(/kafka-[a-z0-9-]*(credentials|user-[a-z0-9-]+)/g) ?? [];
            // The operator Jobs (credentials, roller, rebalance, features) and the user Jobs log in as the inter-broker user.
            const clients = [...kubernetesObjects(rs, "Job"), ...kubernetesObjects(rs, "Deployment")].filter((r) => !/^kafka-(credentials|roller|rebalance|features|user|users-retire)-/.test(nameOf(r)));
            assert.ok(clients.length >= 4);
            for (const c of clients) {
                const secrets = secretsOf(c);
                assert.ok(secrets.length > 0 && secrets.every((n) => n.startsWith("kafka-user-")), `${nameOf(c)}: ${secrets}`);
            }
            const userJobs = kubernetesObjects(rs, "Job").filter((j) => nameOf(j).startsWith("kafka-user-"));
            assert.ok(userJobs.length >= 4);
            for (const j of userJobs) {
                const args = containers(j).containers[0].args!;
                assert.ok(args.includes("--no-acls") && !args.includes("--acl"), `${nameOf(j)}: ${args.join(" ")}`);
            }
        });
    });

    describe("dev: PLAINTEXT, ZooKeeper mode", () => {
        let rs: RenderedResource[];
        before(async () => ({ resources: rs } = await renderStack("dev")));

        it("no users, no certificates, no security keys, no TriggerAuthentication", () => {
            assert.strictEqual(ofType(rs, "tls:index/privateKey:PrivateKey").length, 0);
            assert.deepStrictEqual(kubernetesObjects(rs, "Secret").map(nameOf), ["kafka-ui-login"]);
            const p = parseProperties((byName(rs, "ConfigMap", "kafka-broker-config").inputs.data as Record<string, string>)["server.properties"]);
            assert.strictEqual(p.get("listener.security.protocol.map"), "CLIENT:PLAINTEXT,INTERNAL:PLAINTEXT");
            assert.deepStrictEqual([...p.keys()].filter((k) => /^(sasl|ssl)\./.test(k)), []);
            assert.strictEqual(ofType(rs, "kubernetes:keda.sh/v1alpha1:TriggerAuthentication").length, 0);
            const sts = byName(rs, "StatefulSet", "kafka-broker");
            assert.deepStrictEqual(containers(sts).initContainers!.map((c) => c.name), ["node-zone", "metrics-agent"]);
        });

        it("clients write a PLAINTEXT client.properties and mount no Secrets; the smoke topic has RF 2, min ISR 1", () => {
            for (const job of kubernetesObjects(rs, "Job")) {
                const env = envOf(containers(job).containers[0]);
                assert.strictEqual(env.SECURITY_PROTOCOL, "PLAINTEXT");
                assert.strictEqual(env.SASL_PASSWORD_FILE, undefined);
                assert.ok(!input<Array<{ secret?: unknown }>>(job, "spec.template.spec.volumes").some((v) => v.secret));
            }
            const spec = topicSpecOf(rs, "kafka-smoke") as { replicationFactor: number; config: Record<string, string> };
            assert.deepStrictEqual([spec.replicationFactor, spec.config["min.insync.replicas"]], [2, "1"]);
        });

        it("ZooKeeper mode with SCRAM adds the scram-users init container; smokeTest.enabled false drops the smoke test", async () => {
            const security = { ...stackSection("dev", "security"), authentication: "scram-sha-512" };
            const { resources } = await renderStack("dev", { security, smokeTest: { enabled: false } });
            const sts = kubernetesObjects(resources, "StatefulSet").find((r) => nameOf(r) === "kafka-broker")!;
            assert.deepStrictEqual(containers(sts).initContainers!.map((c) => c.name), ["node-zone", "scram-users", "metrics-agent"]);
            assert.ok(!resources.some((r) => r.type === "kafka-eks:kafka:KafkaSmokeTest"));
            const p = parseProperties((kubernetesObjects(resources, "ConfigMap").find((r) => nameOf(r) === "kafka-broker-config")!.inputs.data as Record<string, string>)["server.properties"]);
            assert.strictEqual(p.get("listener.security.protocol.map"), "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT");
        });

        it("ZooKeeper mode with SCRAM closes ZooKeeper: a generated password in one Secret; ZooKeeper demands logins, brokers log in and set ACLs", async () => {
            const security = { ...stackSection("dev", "security"), authentication: "scram-sha-512" };
            const { resources } = await renderStack("dev", { security, smokeTest: { enabled: false } });
            const zkPasswords = ofType(resources, "random:index/randomPassword:RandomPassword").filter((r) => r.name.startsWith("zookeeper-"));
            assert.deepStrictEqual(zkPasswords.map((r) => [r.name, r.inputs.length, r.inputs.special]), [["zookeeper-sasl-password", 32, false], ["zookeeper-quorum-password", 32, false]]);
            const secret = byName(resources, "Secret", "kafka-zookeeper-credentials");
            assert.strictEqual(input<string>(secret, "metadata.namespace"), "kafka");
            const data = input<Record<string, string>>(secret, "stringData");
            assert.deepStrictEqual(data, { "server-jaas.conf": "[secret]", "client-jaas.conf": "[secret]" }, "both JAAS files are secret");

            const zk = byName(resources, "StatefulSet", "kafka-zookeeper");
            assert.ok(zk.dependencies.includes(secret.urn), "ZooKeeper waits for its Secret");
            const zkPod = input<{ containers: (Container & { volumeMounts: { name: string; mountPath: string }[] })[]; volumes: { name: string; secret?: unknown }[] }>(zk, "spec.template.spec");
            const zkEnv = envOf(zkPod.containers[0]) as Record<string, string>;
            assert.match(zkEnv.JVMFLAGS, / -Djava\.security\.auth\.login\.config=\/etc\/zookeeper-eks-jaas\/server-jaas\.conf$/);
            assert.deepStrictEqual(zkEnv.ZOO_CFG_EXTRA.split(" ").filter((l) => /^(authProvider|enforce|quorum\.auth)\./.test(l)), [
                "authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
                "enforce.auth.enabled=true",
                "enforce.auth.schemes=sasl",
                "quorum.auth.enableSasl=true",
                "quorum.auth.learnerRequireSasl=true",
                "quorum.auth.serverRequireSasl=true",
            ]);
            assert.deepStrictEqual(zkPod.volumes.find((v) => v.name === "jaas")!.secret, { secretName: "kafka-zookeeper-credentials", defaultMode: 0o440, items: [{ key: "server-jaas.conf", path: "server-jaas.conf" }] });

            const brokers = byName(resources, "StatefulSet", "kafka-broker");
            const pod = input<{ initContainers: (Container & { volumeMounts: { name: string }[] })[]; containers: (Container & { volumeMounts: { name: string }[] })[]; volumes: { name: string; secret?: unknown }[] }>(brokers, "spec.template.spec");
            assert.deepStrictEqual(pod.volumes.find((v) => v.name === "zookeeper-jaas")!.secret, { secretName: "kafka-zookeeper-credentials", defaultMode: 0o440, items: [{ key: "client-jaas.conf", path: "client-jaas.conf" }] });
            // Exactly the containers that talk to ZooKeeper get the file: scram-users and the broker.
            const loggingIn = [...pod.initContainers, ...pod.containers].filter((c) => c.volumeMounts.some((m) => m.name === "zookeeper-jaas")).map((c) => [c.name, envOf(c).ZOOKEEPER_JAAS_FILE]);
            assert.deepStrictEqual(loggingIn, [["scram-users", "/etc/kafka-eks-zookeeper/client-jaas.conf"], ["kafka", "/etc/kafka-eks-zookeeper/client-jaas.conf"]]);
            const p = parseProperties((byName(resources, "ConfigMap", "kafka-broker-config").inputs.data as Record<string, string>)["server.properties"]);
            assert.strictEqual(p.get("zookeeper.set.acl"), "true");
            // Nothing reads the Secret into env: the password lives only in the mounted files.
            for (const r of kubernetesObjects(resources)) assert.ok(!JSON.stringify(r.inputs).includes('"secretKeyRef":{"key":"client-jaas.conf"') && !/secretKeyRef[^}]*zookeeper-credentials/.test(JSON.stringify(r.inputs)), `${nameOf(r)} reads the ZooKeeper Secret into env`);
        });

        it("ZooKeeper mode with SCRAM: no generated password (ZooKeeper's included) appears in the rendered files", async () => {
            const security = { ...stackSection("dev", "security"), authentication: "scram-sha-512" };
            const result = await renderResult("dev", { security, smokeTest: { enabled: false } });
            const zkPasswords = result.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword" && r.name.startsWith("zookeeper-"));
            assert.strictEqual(zkPasswords.length, 2);
            // The mocks' passwords are the generated secrets; both ZooKeeper ones are among them.
            assert.ok(result.generatedSecrets.length >= 5, `generated: ${result.generatedSecrets.length}`);
            const leaks = result.generatedSecrets.filter((g) => result.manifests.includes(g) || JSON.stringify(result.resources).includes(g));
            assert.deepStrictEqual(leaks.map((g) => `${g.slice(0, 6)}…`), []);
        });

        it("dev (no SCRAM) leaves ZooKeeper open: no ZooKeeper Secret, no ACLs, no JAAS", async () => {
            const { resources } = await renderStack("dev");
            assert.ok(!kubernetesObjects(resources, "Secret").some((r) => nameOf(r) === "kafka-zookeeper-credentials"));
            const p = parseProperties((byName(resources, "ConfigMap", "kafka-broker-config").inputs.data as Record<string, string>)["server.properties"]);
            assert.strictEqual(p.get("zookeeper.set.acl"), undefined);
            const zkEnv = envOf(containers(byName(resources, "StatefulSet", "kafka-zookeeper")).containers[0]) as Record<string, string>;
            assert.doesNotMatch(`${zkEnv.JVMFLAGS} ${zkEnv.ZOO_CFG_EXTRA}`, /login\.config|enforce\.auth|authProvider/);
        });
    });
});
