/**
 * Kafka's logging, console only. The shipped configs write server.log, controller.log,
 * state-change.log and log-cleaner.log to $LOG_DIR, rolled hourly and never deleted (3.9:
 * log4j DailyRollingFileAppender; 4.x: log4j2 RollingFile without a delete action): on a
 * node's disk that ends in DiskPressure evictions. Like Strimzi, log to stdout, where the
 * kubelet rotates it and log collectors expect it.
 */
export interface LoggingConfig {
    /** File name in the node's ConfigMap. */
    file: string;
    content: string;
    /** KAFKA_LOG4J_OPTS pointing the JVM at the file mounted in `dir`. */
    jvmOption: string;
}

const PATTERN = "[%d] %p %m (%c)%n";

/** Loggers Kafka's own configs set apart from the root level. */
const LEVELS: Array<[string, string]> = [
    ["kafka.request.logger", "WARN"],
    ["kafka.controller", "INFO"],
    ["state.change.logger", "INFO"],
    ["kafka.log.LogCleaner", "INFO"],
    ["kafka.authorizer.logger", "INFO"],
];

/** Kafka 3.x reads log4j 1 properties; 4.x reads log4j2. */
export function consoleLogging(kafkaVersion: string, dir: string): LoggingConfig {
    if (Number(kafkaVersion.split(".")[0]) < 4) {
        const lines = [
            "log4j.rootLogger=INFO, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            `log4j.appender.stdout.layout.ConversionPattern=${PATTERN}`,
            ...LEVELS.map(([logger, level]) => `log4j.logger.${logger}=${level}`),
        ];
        return { file: "log4j.properties", content: lines.join("\n") + "\n", jvmOption: `-Dlog4j.configuration=file:${dir}/log4j.properties` };
    }
    const lines = [
        "Configuration:",
        "  Appenders:",
        "    Console:",
        "      name: STDOUT",
        "      PatternLayout:",
        `        pattern: "${PATTERN}"`,
        "  Loggers:",
        "    Root:",
        "      level: INFO",
        "      AppenderRef:",
        "        - ref: STDOUT",
        "    Logger:",
        ...LEVELS.flatMap(([logger, level]) => [`      - name: ${logger}`, `        level: ${level}`, "        additivity: true"]),
    ];
    return { file: "log4j2.yaml", content: lines.join("\n") + "\n", jvmOption: `-Dlog4j2.configurationFile=${dir}/log4j2.yaml` };
}
