/**
 * Password rotation end to end: the credential Jobs' script, run with the env of the rendered Job
 * specs (ZooKeeper mode on 3.9.2, KRaft on 4.3.1) against the shared stub kafka-configs.sh that behaves
 * like those versions (tests/kafka/stubs/kafka-configs.sh cites each behaviour); a broker roll simulated between
 * the Jobs, checking at every step that each broker's inter-broker login is one Kafka accepts; the
 * order Pulumi runs them in on the rendered stacks; and the keepers that make a password new.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { credentialsJob, CredentialsPhase, credentialsScript, CREDENTIALS_SCRIPT_PATH } from "../../components/kafka/credential-rotation/spec";
import { KafkaSecurity, passwordGeneration } from "../../components/kafka/security";
import { kafkaSpecs } from "../../components/kafka/kafka-spec";
import { readPolicyConfigFile } from "../../scripts/lib/policy-gate";
import type { RenderedResource as PolicyResource } from "../../scripts/lib/policy-gate";
import { input, kubernetesObjects, ofType, RenderedResource, REPO_ROOT, renderStack, sharedPolicyPacks, stackSection } from "../harness";
import { plain, zookeeperMode } from "./fixtures";
import { FakeCluster, removeStubDirs, StubKafkaVersion, stubBin } from "./stubs/cluster";

type Env = { name: string; value?: string };
type Passwords = Record<"admin" | "admin-b", string>;

const MODES = [
    { mode: "ZooKeeper mode, Kafka 3.9.2", version: "3.9.2", security: { authentication: "scram-sha-512", tls: false } },
    { mode: "KRaft, Kafka 4.3.1", version: "4.3.1", security: { authentication: "scram-sha-512", tls: true } },
] as const;

const dirs: string[] = [];
let stubs: string;
before(() => {
    stubs = stubBin();
});
after(() => {
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
    removeStubDirs();
});

/** A cluster as the stub kafka-configs.sh sees it (tests/kafka/stubs/): the SCRAM credentials Kafka holds. */
class Cluster {
    private readonly fake: FakeCluster;
    constructor(held: Partial<Passwords> & { client?: string }, readonly version: StubKafkaVersion, o: { down?: boolean } = {}) {
        // "down": every call fails as if no broker answered (more calls than a Job run makes).
        this.fake = new FakeCluster({ scram: held, ...(o.down ? { unreachable: { "kafka-configs.sh": 1000 } } : {}) });
    }
    env(): Record<string, string> {
        return this.fake.env(this.version);
    }
    held(user: string): string | undefined {
        return this.fake.scramPassword(user);
    }
    accepts(user: string, password: string): boolean {
        return this.held(user) === password;
    }
    /** SASL calls so far: [logged in as, ...args]. */
    calls(): string[][] {
        return this.fake.logins();
    }
}

/** Runs the Job of `phase` as its rendered spec would, with the Secrets holding `secrets`. */
function runJob(cluster: Cluster, security: KafkaSecurity, phase: CredentialsPhase, secrets: Passwords, opts: { bootstrapped?: boolean; waitSeconds?: string } = {}) {
    const job = credentialsJob({
        cluster: "kafka", namespace: "kafka", phase, image: `apache/kafka:${cluster.version}`, bootstrapServers: "kafka-bootstrap.kafka.svc.cluster.local:9092",
        security, script: credentialsScript(), credentialsRevision: "r",
    });
    const c = plain(job).spec.template.spec.containers[0] as { command: string[]; args: string[]; env: Env[] };
    assert.deepEqual(c.command, ["bash", "/opt/kafka-eks/apply-credentials.sh"], "no client-properties wrapper: the script logs in by itself");
    const env: Record<string, string> = Object.fromEntries(c.env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
    const run = fs.mkdtempSync(path.join(os.tmpdir(), "credentials-job-"));
    dirs.push(run);
    const users = path.join(run, "users");
    fs.mkdirSync(users);
    for (const [user, pw] of Object.entries(secrets)) {
        fs.writeFileSync(path.join(users, `${user}-username`), user);
        fs.writeFileSync(path.join(users, `${user}-password`), pw);
    }
    const marker = path.join(run, "marker");
    fs.mkdirSync(marker);
    if (opts.bootstrapped ?? true) fs.writeFileSync(path.join(marker, "bootstrapped"), "yes");
    fs.writeFileSync(path.join(run, "ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    fs.mkdirSync(path.join(run, "work"));
    assert.equal(env.SECRETS_DIR, "/etc/kafka-eks-users");
    assert.equal(env.BOOTSTRAP_MARKER_DIR, "/etc/kafka-eks-bootstrapped");
    const result = spawnSync("bash", [CREDENTIALS_SCRIPT_PATH, ...c.args], {
        encoding: "utf8",
        env: {
            PATH: process.env.PATH,
            ...env,
            SECRETS_DIR: users,
            BOOTSTRAP_MARKER_DIR: marker,
            ...(env.CA_FILE !== undefined ? { CA_FILE: path.join(run, "ca.crt") } : {}),
            BIN_DIR: stubs,
            WORK_DIR: path.join(run, "work"),
            ...(opts.waitSeconds !== undefined ? { WAIT_SECONDS: opts.waitSeconds } : {}),
            ...cluster.env(),
        },
        timeout: 30000,
    });
    for (const pw of Object.values(secrets)) assert.ok(!result.stderr.includes(pw) && !result.stdout.includes(pw), "no password is printed");
    return { result, env, work: path.join(run, "work") };
}

const inter = (rotation: number): KafkaSecurity["interBrokerUser"] => (rotation % 2 === 0 ? "admin" : "admin-b");

/** A rolling restart: brokers move one at a time to `to`; every broker's login must be accepted at every step. */
function roll(cluster: Cluster, brokers: [string, string][], to: [string, string]): string[] {
    const problems: string[] = [];
    for (let i = 0; i <= brokers.length; i++) {
        const now = brokers.map((b, j) => (j < i ? to : b));
        now.forEach(([u, pw], j) => {
            if (!cluster.accepts(u, pw)) problems.push(`step ${i}: broker ${j} (${u}) cannot log in`);
        });
    }
    return problems;
}

describe("credential rotation: the Jobs' script against kafka-configs.sh as the pinned versions behave", () => {
    for (const m of MODES) {
        describe(m.mode, () => {
            const security = (rotation: number): KafkaSecurity => ({ ...m.security, interBrokerUser: inter(rotation) });

            it("inter-broker rotation 0 -> 1: admin-b's new password is stored first, the roll never locks a broker out, then admin's is retired", () => {
                const cluster = new Cluster({ admin: "AdminPw0", "admin-b": "Unknown0" }, m.version);
                const secrets: Passwords = { admin: "AdminPw0", "admin-b": "AdminBPw1" };
                const apply = runJob(cluster, security(1), "apply", secrets);
                assert.equal(apply.result.status, 0, apply.result.stderr);
                assert.equal(apply.env.ACTIVE_USER, "admin-b");
                assert.equal(apply.env.RETIRED_USER, "admin");
                // admin-b's new password is not in Kafka yet, so the script logs in as admin (the brokers' current user).
                const stores = cluster.calls().filter((c) => c.includes("--alter"));
                assert.deepEqual(stores.map((c) => [c[0], c[c.indexOf("--entity-name") + 1]]), [["admin-b", "admin-b"], ["admin", "admin-b"]]);
                assert.ok(cluster.accepts("admin-b", "AdminBPw1") && cluster.accepts("admin", "AdminPw0"));
                assert.match(apply.result.stderr, /logged in as admin; stored the password of admin-b/);

                assert.deepEqual(roll(cluster, [["admin", "AdminPw0"], ["admin", "AdminPw0"], ["admin", "AdminPw0"]], ["admin-b", "AdminBPw1"]), []);

                const retire = runJob(cluster, security(1), "retire", secrets);
                assert.equal(retire.result.status, 0, retire.result.stderr);
                assert.equal(cluster.accepts("admin", "AdminPw0"), false, "the password the brokers left no longer logs in");
                assert.match(cluster.held("admin")!, /^[0-9a-f]{64}$/);
                assert.ok(cluster.accepts("admin-b", "AdminBPw1"));
                assert.deepEqual(cluster.calls().at(-1)!.slice(0, 1), ["admin-b"], "retired as the new inter-broker user");
            });

            it("the next step (1 -> 2) moves the brokers back to admin with a fresh password, the same way", () => {
                const cluster = new Cluster({ admin: "retired", "admin-b": "AdminBPw1" }, m.version);
                const secrets: Passwords = { admin: "AdminPw2", "admin-b": "AdminBPw1" };
                assert.equal(runJob(cluster, security(2), "apply", secrets).result.status, 0);
                assert.deepEqual(roll(cluster, [["admin-b", "AdminBPw1"], ["admin-b", "AdminBPw1"], ["admin-b", "AdminBPw1"]], ["admin", "AdminPw2"]), []);
                assert.equal(runJob(cluster, security(2), "retire", secrets).result.status, 0);
                assert.equal(cluster.accepts("admin-b", "AdminBPw1"), false);
                assert.ok(cluster.accepts("admin", "AdminPw2"));
            });

            it("no shared client user: the Job knows only the inter-broker users, stores and checks the active one, and touches no other user", () => {
                const cluster = new Cluster({ admin: "AdminPw0", "admin-b": "Unknown0", client: "OldClientPw" }, m.version);
                const { result, env } = runJob(cluster, security(0), "apply", { admin: "AdminPw0", "admin-b": "AdminBPw0" });
                assert.equal(result.status, 0, result.stderr);
                assert.equal(env.CLIENT_USER, undefined);
                assert.deepEqual(cluster.calls().map((c) => c[c.indexOf("--entity-name") + 1]), ["admin", "admin"], "stores admin's password, then checks it logs in");
                assert.deepEqual(cluster.calls().at(-1)!.slice(0, 1), ["admin"]);
                assert.equal(cluster.held("client"), "OldClientPw", "a client user left by an earlier version is not touched (README: remove it by hand)");
                assert.match(result.stderr, /admin logs in with its current password/);
            });

            it("before the first successful deploy (no marker) apply changes nothing: the nodes' bootstrap step stores the users", () => {
                const cluster = new Cluster({}, m.version);
                const { result } = runJob(cluster, security(0), "apply", { admin: "AdminPw0", "admin-b": "AdminBPw0" }, { bootstrapped: false });
                assert.equal(result.status, 0, result.stderr);
                assert.deepEqual(cluster.calls(), []);
                assert.match(result.stderr, /has not completed a deploy yet/);
            });

            it("no inter-broker password Kafka accepts (one replaced outside security.rotation): fails before changing anything, exit 1", () => {
                const cluster = new Cluster({ admin: "AdminPw0", "admin-b": "Unknown0" }, m.version);
                const { result } = runJob(cluster, security(0), "apply", { admin: "AdminPwReplaced", "admin-b": "AdminBPw0" }, { waitSeconds: "0" });
                assert.equal(result.status, 1);
                assert.match(result.stderr, /Kafka accepts neither inter-broker user's current password \(admin, admin-b\): was one replaced outside security\.rotation\?/);
                assert.match(result.stderr, /SaslAuthenticationException: Authentication failed/);
                assert.ok(cluster.accepts("admin", "AdminPw0"), "Kafka is untouched");
            });

            it("a cluster that does not answer: exit 1 (the Job retries), no change", () => {
                const cluster = new Cluster({ admin: "AdminPw0", "admin-b": "AdminBPw0" }, m.version, { down: true });
                const { result } = runJob(cluster, security(1), "apply", { admin: "AdminPw0", "admin-b": "AdminBPw1" }, { waitSeconds: "0" });
                assert.equal(result.status, 1);
                assert.match(result.stderr, /TimeoutException/);
                assert.ok(cluster.accepts("admin-b", "AdminBPw0"));
            });

            it("passwords reach kafka-configs.sh only in files, which are removed; a credential with unsafe characters is refused (exit 2)", () => {
                const cluster = new Cluster({ admin: "AdminPw0", "admin-b": "AdminBPw0" }, m.version);
                const { result, work } = runJob(cluster, security(1), "apply", { admin: "AdminPw0", "admin-b": "AdminBPw1" });
                assert.equal(result.status, 0, result.stderr);
                for (const call of cluster.calls()) assert.ok(!call.some((a) => /AdminPw0|AdminBPw1|AdminBPw0/.test(a)), call.join(" "));
                assert.ok(cluster.calls().some((c) => c.includes("--add-config-file")));
                assert.equal(fs.existsSync(path.join(work, "scram.properties")), false);
                const bad = runJob(cluster, security(1), "apply", { admin: "AdminPw0", "admin-b": 'AdminB"Pw1' });
                assert.equal(bad.result.status, 2);
                assert.match(bad.result.stderr, /admin-b-password holds characters other than/);
            });
        });
    }

    it("(control) without a second user, changing the inter-broker password locks out brokers mid-roll", () => {
        // What a `pulumi up --replace` of admin's password did: the new one stored, brokers still on the old one.
        const cluster = new Cluster({ admin: "AdminPw1" }, "4.3.1");
        assert.notDeepEqual(roll(cluster, [["admin", "AdminPw0"], ["admin", "AdminPw0"], ["admin", "AdminPw0"]], ["admin", "AdminPw1"]), []);
    });
});

describe("credential rotation: keepers and the guard", () => {
    it("a password is generated anew exactly at the step that makes its user active", () => {
        const gens = (n: number) => ["admin", "admin-b"].map((u) => passwordGeneration(u as "admin", { interBroker: n, users: {} }));
        assert.deepEqual([0, 1, 2, 3, 4].map(gens), [[0, 0], [0, 1], [2, 1], [2, 3], [4, 3]]);
    });
});

/** prod's kafka section with combined nodes, without the dedicated-controller keys (refused there: config/applicability). */
function combinedKafka(): Record<string, unknown> {
    const { controllerStorageGiB: _storage, controllerResources: _resources, ...kafka } = stackSection("prod", "kafka") as Record<string, unknown>;
    return { ...kafka, kraft: { topology: "combined" } };
}

describe("credential rotation on the rendered stacks", () => {
    const nameOf = (r: RenderedResource) => input<string>(r, "metadata.name");
    const jobs = (rs: RenderedResource[], phase: string) => kubernetesObjects(rs, "Job").filter((j) => nameOf(j).startsWith(`kafka-credentials-${phase}-`));
    const variants: [string, string, Record<string, unknown>][] = [
        ["prod (KRaft dedicated, SASL_SSL)", "prod", {}],
        ["dev with SCRAM (ZooKeeper mode, SASL_PLAINTEXT)", "dev", { security: { ...stackSection("dev", "security"), authentication: "scram-sha-512" } }],
        ["prod, KRaft combined", "prod", { kafka: combinedKafka() }],
    ];
    const rendered = new Map<string, RenderedResource[]>();
    before(async () => {
        for (const [label, stack, patch] of variants) rendered.set(label, (await renderStack(stack, patch)).resources);
    });

    for (const [label] of variants) {
        it(`${label}: apply Job after the Secrets, every StatefulSet and the roller Job after it, retire Job after the roller Job`, () => {
            const rs = rendered.get(label)!;
            const [apply] = jobs(rs, "apply");
            const [retire] = jobs(rs, "retire");
            assert.ok(apply && retire, "both Jobs");
            for (const name of ["kafka-admin-credentials", "kafka-admin-b-credentials"]) {
                const secret = kubernetesObjects(rs, "Secret").find((s) => nameOf(s) === name)!;
                assert.ok(apply.dependencies.includes(secret.urn), `apply waits for ${name}`);
            }
            for (const sts of kubernetesObjects(rs, "StatefulSet").filter((s) => !nameOf(s).includes("zookeeper"))) {
                assert.ok(sts.dependencies.includes(apply.urn), `${nameOf(sts)} rolls after the apply Job`);
                assert.ok(retire.dependencies.includes(sts.urn), `retire waits for ${nameOf(sts)}`);
            }
            // OnDelete StatefulSets: the pods restart in the roller Job, so retiring waits for it.
            const [roller] = kubernetesObjects(rs, "Job").filter((j) => nameOf(j).startsWith("kafka-roller-"));
            assert.ok(roller, "the roller Job");
            assert.ok(roller.dependencies.includes(apply.urn), "the roller runs after the apply Job");
            assert.ok(retire.dependencies.includes(roller.urn), "retire waits for the roller Job");
            assert.equal(apply.deleteBeforeReplace, true);
        });
    }

    it("the policy pack passes every variant (the Jobs are restricted pods with resources)", async () => {
        const packs = sharedPolicyPacks();
        try {
            for (const [label, stack] of variants) {
                const config = readPolicyConfigFile(path.join(REPO_ROOT, "policy", "config", `${stack}.json`));
                // As `pulumi preview` runs it: digests (pinned-images requireDigest) are required only at
                // `pulumi up`, which tests/policy/stacks.test.ts covers with stand-in digests.
                const result = await packs.evaluate(rendered.get(label)! as PolicyResource[], config, { stack, dryRun: true });
                assert.deepEqual(result.diagnostics.filter((d) => d.enforcementLevel === "mandatory").map((d) => `${label}: ${d.policyName}: ${d.message}`), []);
            }
        } finally {
            await packs.stop();
        }
    });

    it("dev as shipped (no SCRAM): no credential Jobs", async () => {
        const { resources } = await renderStack("dev");
        assert.deepEqual(jobs(resources, "apply"), []);
    });

    it("security.rotation.interBroker 1: brokers log in as admin-b, whose password gets a keeper; admin's keeps none", async () => {
        const { resources } = await renderStack("prod", { security: { ...stackSection("prod", "security"), rotation: { interBroker: 1 } } });
        const broker = kubernetesObjects(resources, "ConfigMap").find((c) => nameOf(c) === "kafka-broker-config")!;
        assert.match(input<Record<string, string>>(broker, "data")["server.properties"], /username="@@SECRET:admin-b-username@@" password="@@SECRET:admin-b-password@@"/);
        const pw = (n: string) => ofType(resources, "random:index/randomPassword:RandomPassword").find((r) => r.name === `kafka-${n}-password`)!;
        assert.deepEqual(pw("admin-b").inputs.keepers, { rotation: "1" });
        assert.equal(pw("admin").inputs.keepers, undefined, "admin's password (step 0) stays as generated before rotation existed");
        const [apply] = jobs(resources, "apply");
        const env = Object.fromEntries((input<{ env: Env[] }[]>(apply, "spec.template.spec.containers")[0].env).map((e) => [e.name, e.value]));
        assert.deepEqual([env.ACTIVE_USER, env.RETIRED_USER], ["admin-b", "admin"]);
        // A new active user is a new Job: Pulumi runs it (and waits) before the roll.
        assert.notEqual(nameOf(apply), nameOf(jobs(rendered.get("prod (KRaft dedicated, SASL_SSL)")!, "apply")[0]));
        // The roller logs in as the new active user, which the apply Job stored before it runs.
        const roller = kubernetesObjects(resources, "Job").find((j) => nameOf(j).startsWith("kafka-roller-"))!;
        const secrets = input<{ secret?: { secretName: string } }[]>(roller, "spec.template.spec.volumes").flatMap((v) => (v.secret ? [v.secret.secretName] : []));
        assert.ok(secrets.includes("kafka-admin-b-credentials") && !secrets.includes("kafka-admin-credentials"), JSON.stringify(secrets));
        assert.ok(roller.dependencies.includes(apply.urn), "the roller waits for the apply Job");
    });

    it("a new password is a new Job name (the fingerprint includes the passwords' hash)", () => {
        const args = { cluster: "kafka", namespace: "kafka", phase: "apply" as const, image: "apache/kafka:4.3.1", bootstrapServers: "b:9092", security: { authentication: "scram-sha-512", tls: true } as KafkaSecurity, script: "s" };
        assert.notEqual(credentialsJob({ ...args, credentialsRevision: "one" }).metadata.name, credentialsJob({ ...args, credentialsRevision: "two" }).metadata.name);
        assert.equal(credentialsJob({ ...args, credentialsRevision: "one" }).metadata.name, credentialsJob({ ...args, credentialsRevision: "one" }).metadata.name);
    });
});

describe("ZooKeeper mode: the scram-users init step writes users only until the cluster has bootstrapped", () => {
    it("with the marker present it calls nothing (a restart no longer overwrites the password running brokers use)", () => {
        const cfg = zookeeperMode();
        const pool = kafkaSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper, security: { authentication: "scram-sha-512", tls: false } }).pools[0];
        const spec = plain(pool.statefulSet).spec.template.spec;
        const init = spec.initContainers.find((c: { name: string }) => c.name === "scram-users");
        const env: Record<string, string> = Object.fromEntries(init.env.filter((e: Env) => e.value !== undefined).map((e: Env) => [e.name, e.value]));
        assert.equal(env.BOOTSTRAP_MARKER_DIR, "/etc/kafka-eks-bootstrapped");
        assert.ok(init.volumeMounts.some((m: { name: string; mountPath: string }) => m.name === "bootstrapped" && m.mountPath === env.BOOTSTRAP_MARKER_DIR));
        assert.deepEqual(spec.volumes.find((v: { name: string }) => v.name === "bootstrapped").configMap, { name: "kafka-bootstrapped", optional: true, defaultMode: 0o444 });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scram-users-"));
        dirs.push(dir);
        for (const d of ["bin", "users", "marker", "run"]) fs.mkdirSync(path.join(dir, d));
        fs.writeFileSync(path.join(dir, "marker", "bootstrapped"), "yes");
        fs.writeFileSync(path.join(dir, "users", "admin-username"), "admin");
        fs.writeFileSync(path.join(dir, "users", "admin-password"), "AdminPw1");
        fs.writeFileSync(path.join(dir, "server.properties"), pool.serverProperties);
        for (const tool of ["kafka-configs.sh", "zookeeper-shell.sh"]) fs.writeFileSync(path.join(dir, "bin", tool), `#!/bin/bash\necho "$0" >> "${dir}/called"\n`, { mode: 0o755 });
        const result = spawnSync("bash", [path.join(__dirname, "..", "..", "components", "kafka", "scripts", "kafka-node.sh"), "scram-users"], {
            encoding: "utf8",
            env: { PATH: process.env.PATH, ...env, CONFIG_TEMPLATE: path.join(dir, "server.properties"), CONFIG_FILE: path.join(dir, "run", "server.properties"), BIN_DIR: path.join(dir, "bin"), SECRETS_DIR: path.join(dir, "users"), BOOTSTRAP_MARKER_DIR: path.join(dir, "marker") },
        });
        assert.equal(result.status, 0, result.stderr);
        assert.equal(fs.existsSync(path.join(dir, "called")), false, "no kafka-configs.sh / zookeeper-shell.sh call");
        assert.match(result.stderr, /change only through the credential Jobs/);
    });
});
