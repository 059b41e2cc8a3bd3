/**
 * Which flags the Kafka command-line tools of a given version take, for the client pods that run
 * them (smoke test, example consumer). The image's version is known when the pod spec is built,
 * so the flags are chosen there (or passed to the script as `--kafka-version`), never sniffed at
 * run time.
 *
 * Kafka 4.2 (KIP-1147) gave the console producer and consumer the `--command-config` /
 * `--command-property` flags the admin tools already had, and deprecated `--producer.config`,
 * `--consumer.config`, `--producer-property`, `--consumer-property` and the consumer's formatter
 * `--property`. A deprecated flag still works but prints a warning to **stdout**, among the records
 * (4.3.1 tools/src/main/java/org/apache/kafka/tools/consumer/ConsoleConsumerOptions.java:217,221,380;
 * tools/src/main/java/org/apache/kafka/tools/ConsoleProducer.java:330,335,340). 3.9 and 4.0/4.1 know
 * only the old flags and reject the new ones with a usage error, exit 1 (3.9.2
 * tools/src/main/java/org/apache/kafka/tools/consumer/ConsoleConsumerOptions.java:99,103,112,173-175;
 * core/src/main/scala/kafka/tools/ConsoleProducer.scala:299,303,333-339).
 *
 * kafka-get-offsets.sh, kafka-topics.sh and kafka-configs.sh take `--command-config` at 3.9.2 and
 * 4.3.1 alike, so nothing here varies for them.
 */

/** First release whose console producer and consumer take `--command-config` (KIP-1147). */
export const COMMAND_CONFIG_CONSOLE_VERSION = "4.2.0";

/** A release version, major.minor.patch. */
export function parseKafkaVersion(version: string): [number, number, number] {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (m === null) throw new Error(`"${version}" is not a Kafka release version (major.minor.patch, e.g. "4.3.1"); check kafka-eks:kafka.version`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Negative, zero or positive as `a` is older than, the same as or newer than `b`. */
export function compareKafkaVersions(a: string, b: string): number {
    const x = parseKafkaVersion(a);
    const y = parseKafkaVersion(b);
    for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
    return 0;
}

export interface ConsoleClientFlags {
    /** kafka-console-producer.sh: client properties file. */
    producerConfig: "--command-config" | "--producer.config";
    /** kafka-console-consumer.sh: client properties file. */
    consumerConfig: "--command-config" | "--consumer.config";
    /** kafka-console-consumer.sh: one client property, key=value. */
    consumerProperty: "--command-property" | "--consumer-property";
    /** kafka-console-consumer.sh: one property of the record formatter, key=value. */
    formatterProperty: "--formatter-property" | "--property";
}

/** The console producer's and consumer's flags at `kafkaVersion`: never a deprecated one. */
export function consoleClientFlags(kafkaVersion: string): ConsoleClientFlags {
    return compareKafkaVersions(kafkaVersion, COMMAND_CONFIG_CONSOLE_VERSION) >= 0
        ? { producerConfig: "--command-config", consumerConfig: "--command-config", consumerProperty: "--command-property", formatterProperty: "--formatter-property" }
        : { producerConfig: "--producer.config", consumerConfig: "--consumer.config", consumerProperty: "--consumer-property", formatterProperty: "--property" };
}
