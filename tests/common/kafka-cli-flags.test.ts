/** The Kafka version rules for the console tools' flags (pure). */
import { strict as assert } from "assert";
import { compareKafkaVersions, consoleClientFlags, parseKafkaVersion } from "../../components/common/kafka-cli-flags";
import { KAFKA_KRAFT_MODE_VERSION, KAFKA_ZOOKEEPER_MODE_VERSION } from "../../components/common/images";

describe("kafka-cli-flags", () => {
    it("compares release versions numerically, part by part", () => {
        assert.ok(compareKafkaVersions("4.2.0", "4.10.0") < 0, "minor 10 is newer than minor 2");
        assert.ok(compareKafkaVersions("10.0.0", "9.9.9") > 0);
        assert.ok(compareKafkaVersions("4.1.2", "4.2.0") < 0);
        assert.equal(compareKafkaVersions("4.3.1", "4.3.1"), 0);
        assert.deepEqual(parseKafkaVersion("3.9.2"), [3, 9, 2]);
    });

    it("refuses what is not a release version, naming the config key", () => {
        for (const bad of ["4.3", "latest", "4.3.1-rc0", " 4.3.1", ""]) {
            assert.throws(() => parseKafkaVersion(bad), /kafka-eks:kafka\.version/);
        }
    });

    it("before 4.2 the console tools take --producer.config / --consumer.config / --property; from 4.2 on --command-config / --formatter-property", () => {
        const old = { producerConfig: "--producer.config", consumerConfig: "--consumer.config", consumerProperty: "--consumer-property", formatterProperty: "--property" };
        const kip1147 = { producerConfig: "--command-config", consumerConfig: "--command-config", consumerProperty: "--command-property", formatterProperty: "--formatter-property" };
        for (const v of ["3.9.2", "4.0.0", "4.1.2"]) assert.deepEqual(consoleClientFlags(v), old, v);
        for (const v of ["4.2.0", "4.3.1", "4.10.0", "5.0.0"]) assert.deepEqual(consoleClientFlags(v), kip1147, v);
        // The pinned releases of the two modes fall on either side.
        assert.equal(consoleClientFlags(KAFKA_ZOOKEEPER_MODE_VERSION).consumerConfig, "--consumer.config");
        assert.equal(consoleClientFlags(KAFKA_KRAFT_MODE_VERSION).consumerConfig, "--command-config");
    });
});
