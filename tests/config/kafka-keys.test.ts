/**
 * kafka.config and topics[].config against the pinned Kafka version's own key lists and types
 * (upstream/kafka/*.txt, read at run time by components/config/kafka-keys.ts).
 */
import { strict as assert } from "assert";
import { kafkaKeyLists, valueProblem } from "../../components/config";
import { NS, onlyProblem, problemsOf } from "./problems";

describe("config: Kafka property keys and values", () => {
    it("reads the version's lists: 3.9.2 in ZooKeeper mode, 4.3.1 in KRaft mode, with types", () => {
        const zk = kafkaKeyLists("3.9.2"), kraft = kafkaKeyLists("4.3.1");
        assert.deepEqual([zk.release, zk.broker.size, zk.topic.size], ["3.9.2", 315, 36]);
        assert.deepEqual([kraft.release, kraft.broker.size, kraft.topic.size], ["4.3.1", 343, 33]);
        assert.ok(zk.broker.has("zookeeper.connect") && !kraft.broker.has("zookeeper.connect"));
        assert.deepEqual(kraft.types.get("retention.ms"), { type: "LONG", min: -1 });
        assert.deepEqual(kraft.types.get("cleanup.policy"), { type: "LIST", oneOf: ["compact", "delete"] });
        for (const key of [...kraft.broker, ...kraft.topic]) assert.ok(kraft.types.has(key), `${key} has no type`);
        for (const key of [...zk.broker, ...zk.topic]) assert.ok(zk.types.has(key), `${key} has no type`);
    });

    it("a misspelt broker key names the key it probably meant", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.kafka.config = { "log.retension.hours": 168 })),
            `${NS}:kafka.config.log.retension.hours = 168: is not a Kafka 3.9.2 broker config key (did you mean log.retention.hours?)`,
        ));

    it("checks against the KRaft lists in KRaft mode: a ZooKeeper-only key is unknown there", () =>
        onlyProblem(
            problemsOf("prod", (c) => (c.kafka.config = { "zookeeper.session.timeout.ms": 18000 })),
            `${NS}:kafka.config.zookeeper.session.timeout.ms = 18000: is not a Kafka 4.3.1 broker config key`,
        ));

    it("a topic key in kafka.config points at topics[].config and the broker default", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.kafka.config = { "retention.ms": 86400000 })),
            `${NS}:kafka.config.retention.ms = 86400000: is a topic-level key: set it per topic in topics[].config, or the brokers' default log.retention.ms here`,
        ));

    it("a broker default in topics[].config names the topic-level key", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.topics[0].config = { "log.retention.ms": 86400000 })),
            `${NS}:topics[0].config.log.retention.ms = 86400000: is the brokers' default; the topic-level key is retention.ms`,
        ));

    it("a misspelt topic key names the key it probably meant", () =>
        onlyProblem(
            problemsOf("prod", (c) => (c.topics[1].config = { "retension.ms": 1000 })),
            `${NS}:topics[1].config.retension.ms = 1000: is not a Kafka 4.3.1 topic config key (did you mean retention.ms?)`,
        ));

    it("retention.ms: forever is not a LONG", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.topics[0].config["retention.ms"] = "forever")),
            `${NS}:topics[0].config.retention.ms = "forever": must be a 64-bit integer (Kafka type LONG; milliseconds, e.g. 604800000 is 7 days; -1 means no limit)`,
        ));

    it("cleanup.policy: compacted is not one of Kafka's policies", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.topics[0].config["cleanup.policy"] = "compacted")),
            `${NS}:topics[0].config.cleanup.policy = "compacted": each element must be one of compact, delete; "compacted" is not (did you mean compact?)`,
        ));

    it("a whole number past 2^53 (its digits already lost) is refused with the fix: quote it", () => {
        onlyProblem(
            problemsOf("prod", (c) => (c.topics[0].config = { ...c.topics[0].config, "retention.ms": 9223372036854775807 })),
            `${NS}:topics[0].config.retention.ms = 9223372036854776000: is past the whole numbers a stack file keeps exactly (2^53), so it arrived as 9223372036854776000: write the value in quotes to keep every digit`,
        );
        assert.deepEqual(problemsOf("prod", (c) => (c.topics[0].config = { ...c.topics[0].config, "retention.ms": "9223372036854775807" })), []);
        // A DOUBLE arrives whole: Kafka's own default of this one is Double.MAX_VALUE.
        assert.deepEqual(problemsOf("dev", (c) => (c.kafka.config = { "log.cleaner.io.max.bytes.per.second": 1e20 })), []);
    });

    describe("topic configs Kafka refuses together (LogConfig.validate, over the validating node's config)", () => {
        it("min.compaction.lag.ms above max.compaction.lag.ms, set on the topic or inherited from kafka.config", () => {
            onlyProblem(
                problemsOf("prod", (c) => (c.topics[0].config = { ...c.topics[0].config, "min.compaction.lag.ms": 1000000, "max.compaction.lag.ms": 10 })),
                `${NS}:topics[0].config.max.compaction.lag.ms = 10: min.compaction.lag.ms (1000000) is above max.compaction.lag.ms (10): Kafka refuses the topic ("conflict topic config setting"); make the minimum at most the maximum`,
            );
            // Inherited: where the node that validates the topic has kafka.config (combined KRaft, ZooKeeper
            // mode). A dedicated controller has Kafka's default there, and accepts the topic.
            const inherited = (topology: string) =>
                problemsOf("prod", (c) => {
                    c.kafka.kraft = { topology };
                    if (topology === "combined") delete c.kafka.controllerStorageGiB;
                    c.kafka.config = { "log.cleaner.max.compaction.lag.ms": 10 };
                    c.topics[0].config = { ...c.topics[0].config, "min.compaction.lag.ms": 1000000 };
                });
            onlyProblem(
                inherited("combined"),
                `${NS}:topics[0].config.min.compaction.lag.ms = 1000000: min.compaction.lag.ms (1000000) is above max.compaction.lag.ms (10), the brokers' default (kafka.config): Kafka refuses the topic ("conflict topic config setting"); make the minimum at most the maximum`,
            );
            assert.deepEqual(inherited("dedicated"), []);
            assert.deepEqual(problemsOf("prod", (c) => (c.topics[0].config = { ...c.topics[0].config, "min.compaction.lag.ms": 10, "max.compaction.lag.ms": 1000000 })), []);
        });

        it("remote.storage.enable without tiered storage on the brokers, or (4.x) on a topic that is not delete-only", () => {
            onlyProblem(
                problemsOf("prod", (c) => (c.topics[0].config = { ...c.topics[0].config, "remote.storage.enable": true })),
                `${NS}:topics[0].config.remote.storage.enable = true: needs tiered storage on the brokers: Kafka refuses the topic ("Tiered Storage functionality is disabled in the broker", LogConfig.java:550-560); set kafka.config remote.log.storage.system.enable true with a remote storage manager, or remove the key`,
            );
            const compacted = problemsOf("prod", (c) => ((c.kafka.config = { "remote.log.storage.system.enable": true }), (c.topics[0].config = { ...c.topics[0].config, "remote.storage.enable": true, "cleanup.policy": "compact,delete" })));
            const refused = (release: string) => `${NS}:topics[0].config.remote.storage.enable = true: needs cleanup.policy delete: Kafka ${release} keeps only deleted, never compacted, topics in remote storage; this topic's is compact,delete`;
            assert.ok(compacted.includes(refused("4.3.1")), compacted.join("\n"));
            // 3.9.2 refuses any policy with compact (LogConfig.java:697-702), ZooKeeper mode included.
            const dev = problemsOf("dev", (c) => ((c.kafka.config = { "remote.log.storage.system.enable": true }), (c.topics[0].config = { ...c.topics[0].config, "remote.storage.enable": true, "cleanup.policy": "compact,delete" })));
            assert.ok(dev.includes(refused("3.9.2")), dev.join("\n"));
        });
    });

    describe("group.coordinator.rebalance.protocols", () => {
        const KEY = "group.coordinator.rebalance.protocols";
        const protocols = (stack: string, value: string) => problemsOf(stack, (c) => (c.kafka.config = { [KEY]: value }));

        it("accepts the elements each version's ValidList.in allows (derived from the enum Group.GroupType)", () => {
            // 3.9.2 GroupCoordinatorConfig.java:217 Utils.enumOptions(Group.GroupType.class): every constant, unknown included.
            assert.deepEqual(kafkaKeyLists("3.9.2").types.get(KEY), { type: "LIST", oneOf: ["consumer", "classic", "share", "unknown"] });
            // 4.3.1 GroupCoordinatorConfig.java:390 Group.GroupType.documentValidValues(): all but UNKNOWN.
            assert.deepEqual(kafkaKeyLists("4.3.1").types.get(KEY), { type: "LIST", oneOf: ["consumer", "classic", "share", "streams"] });
            assert.deepEqual(protocols("dev", "classic, share"), []);
            assert.deepEqual(protocols("prod", "classic,consumer,share,streams"), []);
        });

        it("an element the version does not know is refused, naming the allowed ones", () => {
            onlyProblem(protocols("prod", "classic,bogus"), `${NS}:kafka.config.${KEY} = "classic,bogus": each element must be one of consumer, classic, share, streams; "bogus" is not`);
            onlyProblem(protocols("dev", "classic,streams"), `${NS}:kafka.config.${KEY} = "classic,streams": each element must be one of consumer, classic, share, unknown; "streams" is not`);
        });

        it("a repeated element is refused where Kafka refuses it: 4.3.1's ValidList does, 3.9.2's does not", () => {
            onlyProblem(protocols("prod", "classic,consumer,classic"), `${NS}:kafka.config.${KEY} = "classic,consumer,classic": must not repeat an element ("classic" twice; Kafka 4.3.1 refuses duplicates): write "classic,consumer"`);
            assert.deepEqual(protocols("dev", "classic,classic"), []);
        });

        it("a list without classic is refused: KafkaConfig will not start without it", () => {
            const refused = `must include classic: Kafka 4.3.1 refuses to start without it ("Disabling the 'classic' protocol is not supported")`;
            onlyProblem(protocols("prod", "consumer,streams"), `${NS}:kafka.config.${KEY} = "consumer,streams": ${refused}; write "classic,consumer,streams", or remove the key for Kafka's default`);
            onlyProblem(protocols("prod", ""), `${NS}:kafka.config.${KEY} = "": ${refused}; write "classic", or remove the key for Kafka's default`);
        });

        it("consumer is refused in ZooKeeper mode: Kafka 3.9.2 supports it only with KRaft", () =>
            onlyProblem(
                protocols("dev", "classic,consumer"),
                `${NS}:kafka.config.${KEY} = "classic,consumer": must not include consumer in ZooKeeper mode: Kafka 3.9.2 refuses to start ("The new 'consumer' rebalance protocol is only supported in KRaft cluster"); write "classic", or use kafka.mode kraft (Kafka 4.x enables it by default)`,
            ));
    });

    it("a line break in a value would inject properties", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.kafka.config = { "compression.type": "lz4\nauto.create.topics.enable=true" })),
            `${NS}:kafka.config.compression.type = "lz4\\nauto.create.topics.enable=true": must be one line: a line break would inject more properties into the file`,
        ));

    it("values below a key's minimum and outside its enum are refused", () => {
        onlyProblem(problemsOf("prod", (c) => (c.topics[0].config["segment.bytes"] = 1024)), `${NS}:topics[0].config.segment.bytes = 1024: must be at least 1048576`);
        onlyProblem(
            problemsOf("prod", (c) => (c.kafka.config = { "compression.type": "zip" })),
            `${NS}:kafka.config.compression.type = "zip": must be one of uncompressed, zstd, lz4, snappy, gzip, producer (did you mean gzip?)`,
        );
        onlyProblem(problemsOf("prod", (c) => (c.kafka.config = { "num.io.threads": "eight" })), `${NS}:kafka.config.num.io.threads = "eight": must be a 32-bit integer (Kafka type INT)`);
        onlyProblem(problemsOf("prod", (c) => (c.kafka.config = { "num.io.threads": 3000000000 })), `${NS}:kafka.config.num.io.threads = 3000000000: must be a 32-bit integer (Kafka type INT); 3000000000 is out of range`);
    });

    it("parses values the way Kafka's ConfigDef does: trimmed, booleans in any case, lists comma-separated", () => {
        const lists = kafkaKeyLists("4.3.1");
        assert.equal(valueProblem("auto.create.topics.enable", " TRUE ", lists), undefined);
        assert.equal(valueProblem("cleanup.policy", "compact, delete", lists), undefined);
        assert.equal(valueProblem("min.cleanable.dirty.ratio", "0.5", lists), undefined);
        assert.equal(valueProblem("min.cleanable.dirty.ratio", 1.5, lists), "must be between 0 and 1");
        assert.equal(valueProblem("retention.ms", -1, lists), undefined);
        assert.equal(valueProblem("retention.ms", "9223372036854775808", lists), "must be a 64-bit integer (Kafka type LONG; milliseconds, e.g. 604800000 is 7 days; -1 means no limit); 9223372036854775808 is out of range");
    });

    it("accepts the per-listener, config-provider and remote-storage prefix forms for real listeners only", () => {
        const ok = {
            "listener.name.client.ssl.cipher.suites": "TLS_AES_256_GCM_SHA384",
            // (A listener's sasl.jaas.config has this form too, but the builder writes it: refused, quiet-mistakes.test.)
            "listener.name.internal.scram-sha-512.sasl.login.refresh.buffer.seconds": 300,
            "config.providers": "env",
            "config.providers.env.class": "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
            "rsm.config.bucket": "x",
        };
        assert.deepEqual(problemsOf("prod", (c) => (c.kafka.config = ok)), []);
        onlyProblem(
            problemsOf("prod", (c) => (c.kafka.config = { "listener.name.external.ssl.cipher.suites": "x" })),
            `${NS}:kafka.config.listener.name.external.ssl.cipher.suites = "x": names listener "external"; the brokers' listeners are client, internal, controller (did you mean internal?)`,
        );
        onlyProblem(
            problemsOf("prod", (c) => (c.kafka.config = { "listener.name.client.ssl.keystore.typ": "PEM" })),
            `${NS}:kafka.config.listener.name.client.ssl.keystore.typ = "PEM": is not a per-listener form of a Kafka 4.3.1 broker key (listener.name.client.<broker key>) (did you mean listener.name.client.ssl.keystore.type?)`,
        );
    });

    it("refuses what the policy pack forbids: unclean leader election on a topic", () =>
        onlyProblem(
            problemsOf("prod", (c) => (c.topics[0].config["unclean.leader.election.enable"] = true)),
            `${NS}:topics[0].config.unclean.leader.election.enable = true: must not be true: an out-of-sync leader would discard acknowledged writes (the policy pack forbids it)`,
        ));

    it("refuses unclean leader election in kafka.config too, in one line", () => {
        const found = problemsOf("prod", (c) => (c.kafka.config = { "unclean.leader.election.enable": "true" }));
        assert.equal(found.length, 1, found.join("\n"));
        assert.ok(found[0].startsWith(`${NS}:kafka.config.unclean.leader.election.enable = "true": `), found[0]);
    });

    it("a nested mapping instead of a dotted key says how to write it", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.topics[0].config = { retention: { ms: 1000 } })),
            `${NS}:topics[0].config.retention = {"ms":1000}: must be a string, number or boolean: write the full property name as the key (e.g. retention.ms: 86400000), not a nested mapping`,
        ));
});
