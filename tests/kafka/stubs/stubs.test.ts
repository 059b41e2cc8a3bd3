/**
 * The stubs' own claims about upstream, checked directly: the behaviours the script tests lean on
 * (each stub cites the upstream lines). A stub that drifts from them fails here, not silently in
 * a script test that then proves nothing.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { FakeCluster, removeStubDirs, StubKafkaVersion, stubBin } from "./cluster";

let bin: string;
before(() => {
    bin = stubBin();
});
after(removeStubDirs);

function tool(cluster: FakeCluster, version: StubKafkaVersion, name: string, args: string[], input = "") {
    return spawnSync(path.join(bin, name), args, { encoding: "utf8", input, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...cluster.env(version) } });
}

function withTopic(log: string[] = ["r1", "r2"]): { cluster: FakeCluster; props: string } {
    const cluster = new FakeCluster({ topics: { t: { partitions: 1, rf: 3, log } } });
    const props = path.join(cluster.dir, "client.properties");
    fs.writeFileSync(props, "security.protocol=PLAINTEXT\n");
    return { cluster, props };
}

describe("stub Kafka tools", () => {
    it("zookeeper-shell.sh create with the \"auth\" ACL: InvalidACL without a login, the login's sasl id with one (3.8.4 PrepRequestProcessor.java:1038-1053)", () => {
        const cluster = new FakeCluster();
        const args = ["zk:2181", "create", "/kafka", "", "auth::cdrwa,world:anyone:r"];
        const anonymous = tool(cluster, "3.9.2", "zookeeper-shell.sh", args);
        assert.equal(anonymous.status, 1);
        assert.match(anonymous.stderr, /^KeeperErrorCode = InvalidACL for \/kafka$/m);
        const jaas = path.join(cluster.dir, "client.jaas");
        fs.writeFileSync(jaas, 'Client {\n    org.apache.zookeeper.server.auth.DigestLoginModule required\n    username="kafka"\n    password="pw";\n};\n');
        const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...cluster.env("3.9.2"), KAFKA_OPTS: `-Djava.security.auth.login.config=${jaas}` };
        const loggedIn = spawnSync(path.join(bin, "zookeeper-shell.sh"), args, { encoding: "utf8", env });
        assert.equal(loggedIn.status, 0, loggedIn.stderr);
        assert.match(loggedIn.stderr, /^Created \/kafka$/m);
        assert.equal(cluster.file("zk/acl-_kafka"), "sasl:kafka:cdrwa,world:anyone:r\n");
    });

    it("console consumer: 3.9.2 has no --command-config (usage, exit 1); 4.3.1 takes it silently", () => {
        const { cluster, props } = withTopic();
        const args = ["--bootstrap-server", "b:9092", "--topic", "t", "--command-config", props, "--partition", "0", "--offset", "0", "--max-messages", "2"];
        const old = tool(cluster, "3.9.2", "kafka-console-consumer.sh", args);
        assert.equal(old.status, 1);
        assert.equal(old.stdout, "");
        assert.match(old.stderr, /command-config is not a recognized option/);
        const now = tool(cluster, "4.3.1", "kafka-console-consumer.sh", args);
        assert.equal(now.status, 0, now.stderr);
        assert.equal(now.stdout, "r1\nr2\n");
        assert.match(now.stderr, /^Processed a total of 2 messages$/m);
    });

    it("console consumer 4.3.1: a deprecated flag prints its warning on stdout, before the records", () => {
        const { cluster, props } = withTopic();
        const r = tool(cluster, "4.3.1", "kafka-console-consumer.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--consumer.config", props, "--property", "print.offset=true", "--partition", "0", "--offset", "0"]);
        assert.equal(r.status, 0, r.stderr);
        assert.deepEqual(r.stdout.split("\n"), [
            "Option --consumer.config is deprecated and will be removed in a future version. Use --command-config instead.",
            "Option --property is deprecated and will be removed in a future version. Use --formatter-property instead.",
            "Offset:0\tr1",
            "Offset:1\tr2",
            "",
        ]);
        const both = tool(cluster, "4.3.1", "kafka-console-consumer.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--consumer.config", props, "--command-config", props]);
        assert.equal(both.status, 1, "old and new together is a usage error");
    });

    it("console producer: 3.9.2 rejects --command-config; 4.3.1 warns on stdout for --producer.config", () => {
        const { cluster, props } = withTopic([]);
        assert.equal(tool(cluster, "3.9.2", "kafka-console-producer.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--command-config", props], "x\n").status, 1);
        const r = tool(cluster, "4.3.1", "kafka-console-producer.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--producer.config", props], "x\n");
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /^Warning: --producer.config is deprecated/);
        assert.deepEqual(cluster.topic("t")!.log, ["x"]);
    });

    it("failures the tools only log, exiting 0: a refused send, an error while polling, a partition without offsets", () => {
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const refused = new FakeCluster({ topics: { t: { partitions: 1, rf: 3 } }, drop: 1 });
            const p = tool(refused, version, "kafka-console-producer.sh", ["--bootstrap-server", "b:9092", "--topic", "t"], "a\nb\n");
            assert.equal(p.status, 0);
            assert.match(p.stderr, /^\[[^\]]+\] ERROR Error when sending message to topic t with key: null, value: 1 bytes with error: \(org\.apache\.kafka\.clients\.producer\.internals\.ErrorLoggingCallback\)\norg\.apache\.kafka\.common\.errors\.NotEnoughReplicasException: /);
            assert.deepEqual(refused.topic("t")!.log, ["b"]);
            const lost = new FakeCluster({ topics: { t: { partitions: 1, rf: 3 } }, lose: 1 });
            const l = tool(lost, version, "kafka-console-producer.sh", ["--bootstrap-server", "b:9092", "--topic", "t"], "a\nb\n");
            assert.deepEqual([l.status, l.stderr, lost.topic("t")!.log], [0, "", ["b"]], "acked without error, never stored");
            const denied = new FakeCluster({ topics: { t: { partitions: 1, rf: 3, log: ["r1"] } }, pollError: "org.apache.kafka.common.errors.TopicAuthorizationException: Not authorized to access topics: [t]" });
            const c = tool(denied, version, "kafka-console-consumer.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--partition", "0", "--offset", "0", "--max-messages", "1"]);
            assert.equal(c.status, 0);
            assert.equal(c.stdout, "");
            assert.match(c.stderr, /ERROR Error processing message, terminating consumer process: {2}\(org\.apache\.kafka\.tools\.consumer\.ConsoleConsumer\)\norg\.apache\.kafka\.common\.errors\.TopicAuthorizationException: Not authorized to access topics: \[t\]\nProcessed a total of 0 messages\n$/);
            const leaderless = new FakeCluster({ topics: { t: { partitions: 1, rf: 3 } }, noLeader: 1 });
            const o = tool(leaderless, version, "kafka-get-offsets.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--partitions", "0", "--time", "-1"]);
            assert.deepEqual([o.status, o.stdout], [0, ""]);
            assert.match(o.stderr, /^Skip getting offsets for topic-partition t-0 due to error: /);
        }
    });

    it("jopt-simple: a value that starts with '-' belongs to its option; --flag=value works; unknown flags fail", () => {
        const { cluster, props } = withTopic();
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const r = tool(cluster, version, "kafka-get-offsets.sh", ["--bootstrap-server", "b:9092", `--command-config=${props}`, "--topic", "t", "--partitions", "0", "--time", "-1"]);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(r.stdout, "t:0:2\n");
            const bad = tool(cluster, version, "kafka-get-offsets.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--bogus", "x"]);
            assert.equal(bad.status, 1);
            assert.match(bad.stderr, /^Error occurred: bogus is not a recognized option/);
        }
    });

    it("kafka-topics.sh: an error goes to stdout, exit 1", () => {
        const cluster = new FakeCluster({ unreachable: { "kafka-topics.sh": 1 } });
        const r = tool(cluster, "4.3.1", "kafka-topics.sh", ["--bootstrap-server", "b:9092", "--list"]);
        assert.equal(r.status, 1);
        assert.match(r.stdout, /^Error while executing topic command : /);
    });

    it("kafka-topics.sh: --describe of a missing topic names it as each release formats it (3.9.2 the Optional)", () => {
        const cluster = new FakeCluster();
        const args = ["--bootstrap-server", "b:9092", "--describe", "--topic", "x"];
        const old = tool(cluster, "3.9.2", "kafka-topics.sh", args);
        assert.equal(old.status, 1);
        assert.equal(old.stdout, "Error while executing topic command : Topic 'Optional[x]' does not exist as expected\n");
        const now = tool(cluster, "4.3.1", "kafka-topics.sh", args);
        assert.equal(now.status, 1);
        assert.equal(now.stdout, "Error while executing topic command : Topic 'x' does not exist as expected\n");
    });

    it("kafka-topics.sh --create --config: split at \\s*=\\s* into exactly two parts, trimmed; '=v' passes the split and fails as an unknown (empty) name", () => {
        const create = (cluster: FakeCluster, version: StubKafkaVersion, ...configs: string[]) =>
            tool(cluster, version, "kafka-topics.sh", ["--bootstrap-server", "b:9092", "--create", "--topic", "t", "--partitions", "1", "--replication-factor", "3", ...configs.flatMap((c) => ["--config", c])]);
        for (const version of ["3.9.2", "4.3.1"] as const) {
            for (const bad of ["k=", "k= ", "k=v=w", "k", ""]) {
                const r = create(new FakeCluster(), version, bad);
                assert.equal(r.status, 1, bad);
                assert.match(r.stdout, /Invalid topic config: all configs to be added must be in the format "key=val"/, bad);
            }
            const empty = create(new FakeCluster(), version, "=v");
            assert.equal(empty.status, 1);
            assert.equal(empty.stdout, "Error while executing topic command : Unknown topic config name: \n");
            // The format check covers every --config before any name is checked.
            assert.match(create(new FakeCluster(), version, "=v", "k=").stdout, /format "key=val"/);
            const ok = new FakeCluster();
            const r = create(ok, version, " retention.ms = 1000 ", "cleanup.policy=delete");
            assert.equal(r.status, 0, r.stdout);
            assert.deepEqual(ok.topic("t")!.configs, { "retention.ms": "1000", "cleanup.policy": "delete" });
        }
    });

    it("kafka-configs.sh and kafka-topics.sh without exactly one action: printUsageAndExit, i.e. the message and the help on stderr, exit 1 (ConfigCommand.scala 4.3.1 :654-656; TopicCommand.java 4.3.1 :907-911)", () => {
        const { cluster } = withTopic();
        for (const version of ["3.9.2", "4.3.1"] as const) {
            for (const [name, args, message] of [
                ["kafka-configs.sh", ["--bootstrap-server", "b:9092", "--entity-type", "topics", "--entity-name", "t"], "Command must include exactly one action: --describe, --alter"],
                ["kafka-topics.sh", ["--bootstrap-server", "b:9092", "--list", "--describe"], "Command must include exactly one action: --list, --describe, --create, --alter or --delete"],
            ] as const) {
                const r = tool(cluster, version, name, [...args]);
                assert.equal(r.status, 1, `${name} ${version}`);
                assert.equal(r.stdout, "");
                assert.equal(r.stderr.split("\n")[0], message);
                assert.match(r.stderr, /^Option +Description$/m, `${name} ${version}: the help follows the message`);
            }
        }
    });

    it("a missing --command-config is NoSuchFileException (Utils.loadProps: Files.newInputStream): kafka-reassign-partitions.sh prints it on stdout as main's \"Error: \" (ReassignPartitionsCommand.java 4.3.1 :137-153), kafka-topics.sh on stderr", () => {
        const { cluster } = withTopic();
        const missing = path.join(cluster.dir, "missing.properties");
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", ...cluster.env(version), STUB_MODEL: "127.0.0.1:9" };
            const r = spawnSync(path.join(bin, "kafka-reassign-partitions.sh"), ["--bootstrap-server", "b:9092", "--command-config", missing, "--list"], { encoding: "utf8", env });
            assert.equal(r.status, 1, version);
            assert.equal(r.stderr, "", version);
            assert.deepEqual(r.stdout.split("\n").slice(0, 2), [`Error: ${missing}`, `java.nio.file.NoSuchFileException: ${missing}`], version);
            const t = tool(cluster, version, "kafka-topics.sh", ["--bootstrap-server", "b:9092", "--command-config", missing, "--list"]);
            assert.equal(t.status, 1, version);
            assert.equal(t.stdout, "", version);
            assert.match(t.stderr, new RegExp(`^java\\.nio\\.file\\.NoSuchFileException: ${missing}$`, "m"), version);
        }
    });

    it("kafka-cluster.sh: a parse error is parseArgsOrFail: usage and \"kafka-cluster <subcommand>: error: ...\" on stderr, exit 1 (ClusterTool.java 4.3.1 :103)", () => {
        const cluster = new FakeCluster();
        const r = tool(cluster, "4.3.1", "kafka-cluster.sh", ["unregister", "--bootstrap-server", "b:9092", "--id", "x"]);
        assert.equal(r.status, 1);
        assert.equal(r.stdout, "");
        assert.match(r.stderr, /^usage: kafka-cluster unregister /m);
        assert.match(r.stderr, /^kafka-cluster unregister: error: argument --id\/-i: could not convert 'x' to Integer \(For input string: "x"\)$/m);
    });

    it("console producer 4.3.1: --max-partition-memory-bytes warns on stdout; --property and --reader-property exclude each other (ConsoleProducer.java:325-327,344-346)", () => {
        const { cluster } = withTopic([]);
        const base = ["--bootstrap-server", "b:9092", "--topic", "t"];
        const warned = tool(cluster, "4.3.1", "kafka-console-producer.sh", [...base, "--max-partition-memory-bytes", "16384"], "x\n");
        assert.equal(warned.status, 0, warned.stderr);
        assert.equal(warned.stdout, "Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead.\n");
        const both = tool(cluster, "4.3.1", "kafka-console-producer.sh", [...base, "--property", "parse.key=false", "--reader-property", "parse.key=false"], "x\n");
        assert.equal(both.status, 1);
        assert.equal(both.stdout, "");
        assert.match(both.stderr, /^Options --reader-property and --property cannot be specified together\.$/m);
    });

    it("kafka-get-offsets.sh without a bootstrap server: usage on stderr naming [bootstrap-server] at 4.3.1, [broker-list] at 3.9.2 (GetOffsetShell.java 4.3.1 :150; 3.9.2 :154-162); a missing --command-config is \"Error occurred: <path>\" (4.3.1 :76-79)", () => {
        const { cluster } = withTopic();
        for (const [version, named] of [["4.3.1", "bootstrap-server"], ["3.9.2", "broker-list"]] as const) {
            const r = tool(cluster, version, "kafka-get-offsets.sh", ["--topic", "t", "--partitions", "0", "--time", "-1"]);
            assert.equal(r.status, 1, version);
            assert.equal(r.stdout, "");
            assert.equal(r.stderr.split("\n")[0], `Missing required argument "[${named}]"`);
            assert.match(r.stderr, /^Option +Description$/m);
            const missing = path.join(cluster.dir, "missing.properties");
            const m = tool(cluster, version, "kafka-get-offsets.sh", ["--bootstrap-server", "b:9092", "--command-config", missing, "--topic", "t", "--partitions", "0", "--time", "-1"]);
            assert.equal(m.status, 1, version);
            assert.equal(m.stdout, "");
            assert.equal(m.stderr.split("\n")[0], `Error occurred: ${missing}`);
        }
    });

    it("kafka-acls.sh --add prints the resource and its entries (AclCommand.scala:114 / AclCommand.java:114-124); 4.3.1 names a binding that already exists instead", () => {
        const cluster = new FakeCluster();
        const args = ["--bootstrap-server", "b:9092", "--add", "--allow-principal", "User:u", "--operation", "Read", "--topic", "t"];
        const entry = "(principal=User:u, host=*, operation=READ, permissionType=ALLOW)";
        const pattern = "ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)";
        const old = tool(cluster, "3.9.2", "kafka-acls.sh", args);
        assert.equal(old.status, 0, old.stderr);
        assert.equal(old.stdout, `Adding ACLs for resource \`${pattern}\`: \n \t${entry} \n\n`);
        const fresh = new FakeCluster();
        const now = tool(fresh, "4.3.1", "kafka-acls.sh", args);
        assert.equal(now.status, 0, now.stderr);
        assert.equal(now.stdout, `Adding ACLs for resource \`${pattern}\`: \n \t${entry}\n\n`);
        const again = tool(fresh, "4.3.1", "kafka-acls.sh", args);
        assert.equal(again.stdout, `Acl (pattern=${pattern}, entry=${entry}) already exists.\n`);
    });

    it("kafka-acls.sh 4.3.1 with neither a bootstrap option nor an action names the bootstrap option first (AclCommand.java:550-551 before 557-558)", () => {
        const r = tool(new FakeCluster(), "4.3.1", "kafka-acls.sh", ["--allow-principal", "User:u"]);
        assert.equal(r.status, 1);
        assert.equal(r.stderr.split("\n")[0], "One of --bootstrap-server or --bootstrap-controller must be specified");
    });

    it("jopt-simple 5.0.4: a last option without its argument is \"Option <name> requires an argument\" (no brackets or quotes)", () => {
        const { cluster } = withTopic();
        const r = tool(cluster, "4.3.1", "kafka-configs.sh", ["--bootstrap-server", "b:9092", "--describe", "--entity-type", "topics", "--entity-name"]);
        assert.equal(r.status, 1);
        assert.equal(r.stderr, "Option entity-name requires an argument\n");
    });

    it("kafka-configs.sh: --zookeeper exists at 3.9.2 only", () => {
        const cluster = new FakeCluster({ zkNodes: ["/kafka"] });
        const args = ["--zookeeper", "zk:2181/kafka", "--alter", "--entity-type", "users", "--entity-name", "admin", "--add-config", "SCRAM-SHA-512=[password=p]"];
        const old = tool(cluster, "3.9.2", "kafka-configs.sh", args);
        assert.equal(old.status, 0, old.stderr);
        assert.match(old.stdout, /^Warning: --zookeeper is deprecated/);
        const now = tool(cluster, "4.3.1", "kafka-configs.sh", args);
        assert.equal(now.status, 1);
        assert.match(now.stderr, /zookeeper is not a recognized option/);
    });

    it("kafka-configs.sh --add-config-file: a properties file, value verbatim (no brackets); not together with --add-config", () => {
        const cluster = new FakeCluster({ zkNodes: ["/kafka"], topics: { t: { partitions: 1, rf: 3 } } });
        const file = path.join(cluster.dir, "scram.properties");
        const zk = (f: string, extra: string[] = []) =>
            tool(cluster, "3.9.2", "kafka-configs.sh", ["--zookeeper", "zk:2181/kafka", "--alter", "--entity-type", "users", "--entity-name", "u", "--add-config-file", f, ...extra]);
        fs.writeFileSync(file, "# generated\nSCRAM-SHA-512=password=p=w\n");
        const ok = zk(file);
        assert.equal(ok.status, 0, ok.stderr);
        assert.equal(cluster.file("zk/users/u"), "SCRAM-SHA-512=password=p=w\n", "the key ends at the first '='; the rest is the value");
        fs.writeFileSync(file, "SCRAM-SHA-512=[password=p]\n");
        const bracketed = zk(file);
        assert.equal(bracketed.status, 1);
        assert.equal(bracketed.stderr, "Invalid credential property SCRAM_SHA_512=[password=p]\n");
        const both = zk(file, ["--add-config", "SCRAM-SHA-512=[password=p]"]);
        assert.equal(both.status, 1);
        assert.equal(both.stderr, "Only one of --add-config or --add-config-file must be specified\n");
        const missing = zk(path.join(cluster.dir, "absent.properties"));
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /^Error while executing config command with args .*\njava\.nio\.file\.NoSuchFileException: /);
        // The same parser on the --bootstrap-server path (topics), at both releases.
        fs.writeFileSync(file, "retention.ms = 1000\n");
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const r = tool(cluster, version, "kafka-configs.sh", ["--bootstrap-server", "b:9092", "--alter", "--entity-type", "topics", "--entity-name", "t", "--add-config-file", file]);
            assert.equal(r.status, 0, r.stderr);
            assert.deepEqual(cluster.topic("t")!.configs, { "retention.ms": "1000" });
        }
    });

    it("kafka-storage.sh (argparse4j): '--cluster-id -x...' is a missing value; '--cluster-id=-x...' and '-t-x...' are the id", () => {
        const id = "-kU3OEVBNTcwNTJENDM2Qk";
        const cluster = new FakeCluster();
        const config = path.join(cluster.dir, "server.properties");
        fs.writeFileSync(config, "process.roles=controller\n");
        const split = tool(cluster, "4.3.1", "kafka-storage.sh", ["format", "--cluster-id", id, "--config", config]);
        assert.equal(split.status, 1);
        assert.match(split.stderr, /argument --cluster-id\/-t: expected one argument/);
        for (const form of [[`--cluster-id=${id}`], [`-t${id}`]]) {
            const c = new FakeCluster();
            const r = tool(c, "4.3.1", "kafka-storage.sh", ["format", ...form, "--config", config, "--ignore-formatted"]);
            assert.equal(r.status, 0, r.stderr);
            assert.equal(c.file("kafka-storage.cluster-id"), `${id}\n`);
        }
        // A plain id works either way; --ignore-formatted makes a second format a no-op, without it it fails.
        const c = new FakeCluster();
        assert.equal(tool(c, "4.3.1", "kafka-storage.sh", ["format", "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk", "--config", config]).status, 0);
        assert.equal(tool(c, "4.3.1", "kafka-storage.sh", ["format", "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk", "--config", config]).status, 1);
        const again = tool(c, "4.3.1", "kafka-storage.sh", ["format", "--cluster-id", "MkU3OEVBNTcwNTJENDM2Qk", "--config", config, "--ignore-formatted"]);
        assert.equal(again.status, 0);
        assert.match(again.stdout, /All of the log directories are already formatted/);
    });

    it("kafka-storage.sh (argparse4j fromFilePrefix '@'): '@file' is replaced by its lines, as flags and as a flag's value", () => {
        const cluster = new FakeCluster();
        const config = path.join(cluster.dir, "server.properties");
        fs.writeFileSync(config, "process.roles=controller\n");
        const file = (name: string, text: string) => {
            const f = path.join(cluster.dir, name);
            fs.writeFileSync(f, text);
            return f;
        };
        // One argument per line (CRLF and a missing last newline too); "--add-scram=<v>" keeps '=' and ',' in the value.
        const scram = file("scram.args", "--add-scram=SCRAM-SHA-512=[name=a,password=p1]\r\n--add-scram\nSCRAM-SHA-512=[name=b,password=p2]");
        const ok = tool(cluster, "4.3.1", "kafka-storage.sh", ["format", "--cluster-id=MkU3OEVBNTcwNTJENDM2Qk", "--config", config, `@${scram}`, "--ignore-formatted"]);
        assert.equal(ok.status, 0, ok.stderr);
        assert.equal(cluster.file("kafka-storage.scram"), "SCRAM-SHA-512=[name=a,password=p1]\nSCRAM-SHA-512=[name=b,password=p2]\n");
        // Where a value is expected, '@file' is expanded too; "@@file" strips every '@'.
        const c2 = new FakeCluster();
        const id = file("id.args", "MkU3OEVBNTcwNTJENDM2Qk\n");
        assert.equal(tool(c2, "4.3.1", "kafka-storage.sh", ["format", "--cluster-id", `@@${id}`, "--config", config]).status, 0);
        assert.equal(c2.file("kafka-storage.cluster-id"), "MkU3OEVBNTcwNTJENDM2Qk\n");
        // An unreadable file is a parse error, exit 1.
        const missing = tool(new FakeCluster(), "4.3.1", "kafka-storage.sh", ["format", "--cluster-id=MkU3OEVBNTcwNTJENDM2Qk", "--config", config, "@/nonexistent/args"]);
        assert.equal(missing.status, 1);
        assert.match(missing.stderr, /error: Could not read arguments from file '\/nonexistent\/args'/);
    });
    it("kafka-acls.sh --list --principal: 3.9.2 and 4.3.1 block formats (AclCommand.scala:161-164 / AclCommand.java:175-180)", () => {
        const cluster = new FakeCluster();
        const common = ["--bootstrap-server", "b:9092"];
        for (const v of ["3.9.2", "4.3.1"] as const) {
            fs.writeFileSync(path.join(cluster.dir, "acls"), "");
            assert.equal(tool(cluster, v, "kafka-acls.sh", [...common, "--add", "--allow-principal", "User:u", "--operation", "DescribeConfigs", "--operation", "READ", "--topic", "t"]).status, 0);
            const list = tool(cluster, v, "kafka-acls.sh", [...common, "--list", "--principal", "User:u"]);
            assert.equal(list.status, 0, list.stderr);
            const header = "ACLs for principal `User:u`\nCurrent ACLs for resource `ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)`:";
            const e1 = "\t(principal=User:u, host=*, operation=DESCRIBE_CONFIGS, permissionType=ALLOW)";
            const e2 = "\t(principal=User:u, host=*, operation=READ, permissionType=ALLOW)";
            assert.equal(list.stdout, v === "3.9.2" ? `${header} \n ${e1}\n${e2} \n\n` : `${header}\n${e1}\n${e2}\n\n`, v);
        }
    });

    it("kafka-acls.sh: --remove without --force needs a console (none in a pod): error on stdout, exit 1; DESCRIBE_CONFIGS is not an --operation name", () => {
        const cluster = new FakeCluster();
        const common = ["--bootstrap-server", "b:9092", "--allow-principal", "User:u", "--topic", "t"];
        const r = tool(cluster, "4.3.1", "kafka-acls.sh", [...common, "--remove", "--operation", "Read"]);
        assert.equal(r.status, 1);
        assert.match(r.stdout, /^Error while executing ACL command: /m);
        const bad = tool(cluster, "4.3.1", "kafka-acls.sh", [...common, "--add", "--operation", "DESCRIBE_CONFIGS"]);
        assert.equal(bad.status, 1);
    });

    it("kafka-acls.sh: an operation the resource type does not support fails the whole call before anything is added (AclEntry.supportedOperations; 4.3.1 adds group configs)", () => {
        const cluster = new FakeCluster();
        const common = ["--bootstrap-server", "b:9092", "--add", "--allow-principal", "User:u"];
        const acls = () => fs.readFileSync(path.join(cluster.dir, "acls"), "utf8");
        for (const v of ["3.9.2", "4.3.1"] as const) {
            fs.writeFileSync(path.join(cluster.dir, "acls"), "");
            const r = tool(cluster, v, "kafka-acls.sh", [...common, "--group", "g", "--operation", "Read", "--operation", "Write"]);
            assert.equal(r.status, 1, v);
            assert.match(r.stderr, /^ResourceType GROUP only supports operations /, v);
            assert.equal(acls(), "", `${v}: READ is not added either`);
            const configs = tool(cluster, v, "kafka-acls.sh", [...common, "--group", "g", "--operation", "DescribeConfigs"]);
            assert.equal(configs.status, v === "4.3.1" ? 0 : 1, `${v}: group DESCRIBE_CONFIGS`);
        }
    });

    /** A SASL/SCRAM command config logging in as admin (the users branch of the stub needs one). */
    const adminLogin = (cluster: FakeCluster): string => {
        const f = path.join(cluster.dir, "admin.properties");
        fs.writeFileSync(f, 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="pw";\n');
        return f;
    };
    it("kafka-configs.sh users: --add-config-file value verbatim (brackets kept, so refused), SCRAM and quotas never together", () => {
        const cluster = new FakeCluster({ scram: { admin: "pw" } });
        const f = path.join(cluster.dir, "scram.properties");
        const base = ["--bootstrap-server", "b:9092", "--command-config", adminLogin(cluster), "--alter", "--entity-type", "users", "--entity-name", "u"];
        for (const v of ["3.9.2", "4.3.1"] as const) {
            fs.writeFileSync(f, "SCRAM-SHA-512=[password=p]\n");
            const bracketed = tool(cluster, v, "kafka-configs.sh", [...base, "--add-config-file", f]);
            assert.equal(bracketed.status, 1);
            // The mechanism by its enum constant (ConfigCommand.scala 4.3.1 :280, clients.admin.ScramMechanism).
            assert.match(bracketed.stderr, /Invalid credential property SCRAM_SHA_512=\[password=p\]/);
            fs.writeFileSync(f, "SCRAM-SHA-512=password=p\n");
            const ok = tool(cluster, v, "kafka-configs.sh", [...base, "--add-config-file", f]);
            assert.equal(ok.status, 0, ok.stderr);
            assert.equal(ok.stdout, "Completed updating config for user u.\n");
            const both = tool(cluster, v, "kafka-configs.sh", [...base, "--add-config", "SCRAM-SHA-512=[password=p],producer_byte_rate=10"]);
            assert.equal(both.status, 1);
            assert.match(both.stderr, /Cannot alter both quota and SCRAM credential configs simultaneously/);
        }
    });
    it("kafka-configs.sh users --describe: quotas as Java Doubles, then the SCRAM mechanisms (ConfigCommand.scala 4.3.1 :466-506)", () => {
        const cluster = new FakeCluster({ scram: { admin: "pw" } });
        const base = ["--bootstrap-server", "b:9092", "--command-config", adminLogin(cluster), "--entity-type", "users", "--entity-name", "u"];
        assert.equal(tool(cluster, "4.3.1", "kafka-configs.sh", [...base, "--alter", "--add-config", "producer_byte_rate=1048576,consumer_byte_rate=20971520"]).status, 0);
        const d = tool(cluster, "4.3.1", "kafka-configs.sh", [...base, "--describe"]);
        assert.equal(d.stdout.split("\n")[0], "Quota configs for user-principal 'u' are consumer_byte_rate=2.097152E7, producer_byte_rate=1048576.0");
        // A user without a credential is left out (DescribeUserScramCredentialsResult.java 4.3.1 :98-100 filters RESOURCE_NOT_FOUND).
        assert.equal(d.stdout, "Quota configs for user-principal 'u' are consumer_byte_rate=2.097152E7, producer_byte_rate=1048576.0\n");
    });
    it("kafka-configs.sh users --delete-config of quotas not set: all named at once, nothing deleted, only the message on stderr (ConfigCommand.scala 4.3.1 :93-96, 299-303; 3.9.2 :101-104, 507-511)", () => {
        const cluster = new FakeCluster({ scram: { admin: "pw" } });
        const base = ["--bootstrap-server", "b:9092", "--command-config", adminLogin(cluster), "--entity-type", "users", "--entity-name", "u"];
        for (const v of ["3.9.2", "4.3.1"] as const) {
            assert.equal(tool(cluster, v, "kafka-configs.sh", [...base, "--alter", "--add-config", "producer_byte_rate=1048576"]).status, 0);
            const del = tool(cluster, v, "kafka-configs.sh", [...base, "--alter", "--delete-config", "request_percentage,producer_byte_rate,consumer_byte_rate"]);
            assert.equal(del.status, 1, v);
            assert.equal(del.stderr, "Invalid config(s): request_percentage,consumer_byte_rate\n", v);
            assert.equal(del.stdout, "", v);
            const d = tool(cluster, v, "kafka-configs.sh", [...base, "--describe"]);
            assert.equal(d.stdout, "Quota configs for user-principal 'u' are producer_byte_rate=1048576.0\n", `${v}: nothing deleted`);
        }
    });
    it("kafka-configs.sh users --delete-config SCRAM-SHA-512: deletes the credential; a missing one is RESOURCE_NOT_FOUND through main's catch-all, exit 1; never with quotas (ConfigCommand.scala 4.3.1 :242-243, 273-294; ScramControlManager.java:304-307; 3.9.2 ZkAdminManager.scala:993-1001)", () => {
        for (const v of ["3.9.2", "4.3.1"] as const) {
            const cluster = new FakeCluster({ scram: { admin: "pw", u: "u-pw" } });
            const base = ["--bootstrap-server", "b:9092", "--command-config", adminLogin(cluster), "--entity-type", "users", "--entity-name", "u", "--alter"];
            const mixed = tool(cluster, v, "kafka-configs.sh", [...base, "--delete-config", "SCRAM-SHA-512,producer_byte_rate"]);
            assert.equal(mixed.status, 1, v);
            assert.match(mixed.stderr, /Cannot alter both quota and SCRAM credential configs simultaneously/);
            assert.equal(cluster.scramPassword("u"), "u-pw");
            const del = tool(cluster, v, "kafka-configs.sh", [...base, "--delete-config", "SCRAM-SHA-512"]);
            assert.equal(del.status, 0, del.stderr);
            assert.equal(del.stdout, "Completed updating config for user u.\n");
            assert.equal(cluster.scramPassword("u"), undefined);
            const again = tool(cluster, v, "kafka-configs.sh", [...base, "--delete-config", "SCRAM-SHA-512"]);
            assert.equal(again.status, 1, v);
            assert.equal(again.stdout, "");
            assert.match(again.stderr, /^Error while executing config command with args '.*'\n.*ResourceNotFoundException: Attempt to delete a user credential that does not exist/);
        }
    });
    it("the state the stubs keep without a process: a config set again replaces its line; fail/<tool> counts down; the consumer starts at --offset; get-offsets counts the log's records", () => {
        for (const version of ["3.9.2", "4.3.1"] as const) {
            const { cluster, props } = withTopic(["r1", "r2", "r3"]);
            const alter = (config: string) => tool(cluster, version, "kafka-configs.sh", ["--bootstrap-server", "b:9092", "--command-config", props, "--entity-type", "topics", "--entity-name", "t", "--alter", "--add-config", config]);
            assert.equal(alter(" retention.ms = 1 ,cleanup.policy=compact").status, 0);
            assert.equal(alter("retention.ms=2").status, 0);
            assert.equal(cluster.file("topics/t/configs"), "cleanup.policy=compact\nretention.ms=2\n", version);
            const describe = tool(cluster, version, "kafka-topics.sh", ["--bootstrap-server", "b:9092", "--describe", "--topic", "t"]);
            assert.equal(describe.stdout.split("\n")[0].replace(/TopicId: \S+/, "TopicId: X"), "Topic: t\tTopicId: X\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: cleanup.policy=compact,retention.ms=2,min.insync.replicas=2");
            fs.writeFileSync(path.join(cluster.dir, "fail", "kafka-get-offsets.sh"), "2\n");
            const offsets = () => tool(cluster, version, "kafka-get-offsets.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--partitions", "0", "--time", "-1"]);
            assert.equal(offsets().status, 1);
            assert.equal(cluster.file("fail/kafka-get-offsets.sh"), "1\n");
            assert.equal(offsets().status, 1);
            assert.deepEqual([offsets().stdout, cluster.file("fail/kafka-get-offsets.sh")], ["t:0:3\n", "0\n"], version);
            const c = tool(cluster, version, "kafka-console-consumer.sh", ["--bootstrap-server", "b:9092", "--topic", "t", "--partition", "0", "--offset", "1", version === "4.3.1" ? "--formatter-property" : "--property", "print.offset=true"]);
            assert.deepEqual([c.status, c.stdout], [0, "Offset:1\tr2\nOffset:2\tr3\n"], version);
        }
    });
});
