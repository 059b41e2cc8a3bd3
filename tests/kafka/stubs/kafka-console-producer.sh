#!/bin/bash
# kafka-console-producer.sh, the parts the smoke test relies on.
source "${0%/*}/lib.sh"

# 3.9.2 (core/src/main/scala/kafka/tools/ConsoleProducer.scala): the client config is
# --producer.config (:303) / --producer-property (:299); there is no --command-config: jopt-simple
# rejects it and the tool prints usage and exits 1 (:308,333-339; kafka/utils/ToolsUtils.scala:45-47).
# 4.3.1 (tools/src/main/java/org/apache/kafka/tools/ConsoleProducer.java): --command-config (:300) and
# --command-property (:292); the old flags (and --property, --max-partition-memory-bytes) still work
# but print a warning to stdout (:329-346), and may not be combined with their new names (:319-327).
JOPT_ARG=(topic bootstrap-server compression-codec batch-size message-send-max-retries retry-backoff-ms timeout
    request-required-acks request-timeout-ms metadata-expiry-ms max-block-ms max-memory-bytes max-partition-memory-bytes
    line-reader socket-buffer-size property reader-config producer-property producer.config)
JOPT_FLAG=(sync help version)
if at_least_4; then JOPT_ARG+=(command-property command-config reader-property); else JOPT_ARG+=(broker-list); fi
jopt_parse "$@"
has topic || jopt_fail "Missing required argument \"[topic]\""
config=producer.config
if at_least_4; then
    if has command-config && has producer.config; then jopt_fail "Options --command-config and --producer.config cannot be specified together."; fi
    if has command-property && has producer-property; then jopt_fail "Options --command-property and --producer-property cannot be specified together."; fi
    if has reader-property && has property; then jopt_fail "Options --reader-property and --property cannot be specified together."; fi
    if has producer-property; then chatter "Warning: --producer-property is deprecated and will be removed in a future version. Use --command-property instead."; fi
    if has producer.config; then chatter "Warning: --producer.config is deprecated and will be removed in a future version. Use --command-config instead."; fi
    if has property; then chatter "Warning: --property is deprecated and will be removed in a future version. Use --reader-property instead."; fi
    if has max-partition-memory-bytes; then chatter "Warning: --max-partition-memory-bytes is deprecated and will be removed in Apache Kafka 5.0. Use --batch-size instead."; fi
    has producer.config || config=command-config
fi
if has "$config"; then
    load_props "$(opt "$config")"
    cp "$(opt "$config")" "$S/producer.properties"
fi

# One record per line of stdin (LineMessageReader). No ">" prompt: it is printed only when
# System.console() is not null (3.9.2 ConsoleProducer.scala:353,400; 4.3.1 LineMessageReader.java:116),
# and a Job's stdin is no console.
# A record whose send fails is only logged (ErrorLoggingCallback, log4j "[%d] %p %m (%c)%n" on stderr,
# then the exception) and the tool still exits 0: send() is asynchronous and main exits 0 once stdin
# is read (4.3.1 ConsoleProducer.java:107-113,79, clients/.../producer/internals/ErrorLoggingCallback.java:52,
# config/tools-log4j2.yaml; 3.9.2 ConsoleProducer.scala:113-119,102, config/tools-log4j.properties).
# $S/drop models such refused writes; $S/lose records that are acked without error but never reach
# the log (only reading them back can tell).
topic=$(opt topic)
topic_exists "$topic" || { echo "stub: topic $topic does not exist (auto-creation is off)" >&2; exit 98; }
log="$(topic_dir "$topic")/log"
read_file_or drop "$S/drop" 0
read_file_or lose "$S/lose" 0
i=0
while IFS= read -r line; do
    i=$((i + 1))
    if ((i <= drop)); then
        echo "[2026-01-01 00:00:00,000] ERROR Error when sending message to topic $topic with key: null, value: ${#line} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)" >&2
        echo "org.apache.kafka.common.errors.NotEnoughReplicasException: Messages are rejected since there are fewer in-sync replicas than required." >&2
        continue
    fi
    if ((i <= drop + lose)); then continue; fi
    printf '%s\n' "$line" >>"$log"
done
