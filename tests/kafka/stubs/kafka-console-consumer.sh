#!/bin/bash
# kafka-console-consumer.sh, the parts the smoke test and the example consumer rely on.
source "${0%/*}/lib.sh"

# 3.9.2 (tools/src/main/java/org/apache/kafka/tools/consumer/ConsoleConsumerOptions.java): client
# config --consumer.config (:103) / --consumer-property (:99), formatter properties --property (:112);
# no --command-config: jopt-simple rejects it, usage, exit 1 (:173-175).
# 4.3.1 (same file): --command-config (:109), --command-property (:99), --formatter-property (:139); the
# old flags still work but each prints a deprecation line to STDOUT, before any record (:217,221,380),
# and may not be combined with the new ones (:209-214,376-378).
JOPT_ARG=(topic include partition offset consumer-property consumer.config formatter property formatter-config
    max-messages timeout-ms bootstrap-server key-deserializer value-deserializer isolation-level group)
JOPT_FLAG=(from-beginning skip-message-on-error enable-systest-events help version)
if at_least_4; then JOPT_ARG+=(command-property command-config formatter-property); else JOPT_ARG+=(whitelist); fi
jopt_parse "$@"
has bootstrap-server || jopt_fail "Missing required argument \"[bootstrap-server]\""
config=consumer.config formatter=property
if at_least_4; then
    if has consumer-property && has command-property; then jopt_fail "Options --consumer-property and --command-property cannot be specified together."; fi
    if has consumer.config && has command-config; then jopt_fail "Options --consumer.config and --command-config cannot be specified together."; fi
    if has consumer-property; then chatter "Option --consumer-property is deprecated and will be removed in a future version. Use --command-property instead."; fi
    if has consumer.config; then chatter "Option --consumer.config is deprecated and will be removed in a future version. Use --command-config instead."; fi
    has consumer.config || config=command-config
    if has formatter-property && has property; then jopt_fail "Options --property and --formatter-property cannot be specified together."; fi
    if has property; then chatter "Option --property is deprecated and will be removed in a future version. Use --formatter-property instead."; fi
    has property || formatter=formatter-property
fi
if has "$config"; then load_props "$(opt "$config")"; fi
# --partition and --group exclude each other; --offset needs --partition (4.3.1 :274,247; 3.9.2 :237,210).
if has partition && has group; then jopt_fail "Options group and partition cannot be specified together."; fi
if has offset && ! has partition; then jopt_fail "The partition is required when offset is specified."; fi

# DefaultMessageFormatter: the value, then line.separator "\n"; with print.offset=true "Offset:<n>"
# and the key.separator "\t" first (4.3.1 tools/src/main/java/org/apache/kafka/tools/consumer/
# DefaultMessageFormatter.java:44,48-49,146-149,186-189; 3.9.2 :139-141,168). Formatter properties
# are key=value (CommandLineUtils.parseKeyValueArgs).
print_offset=false
while IFS= read -r kv; do
    [[ $kv == print.offset=* ]] || continue
    v=${kv#*=}
    [[ ${v,,} == true ]] && print_offset=true || print_offset=false
done < <(opts "$formatter")

topic=$(opt topic)
log="$(topic_dir "$topic")/log"
mkdir -p "${log%/*}"
touch "$log"
if has partition; then
    [[ $(opt partition) == 0 ]] || { echo "stub: only partition 0 is modelled" >&2; exit 98; }
    start=$(opt offset || echo latest)
    [[ $start =~ ^[0-9]+$ ]] || { echo "stub: only a numeric --offset is modelled" >&2; exit 98; }
else
    # A group member: the stub serves the whole log (auto.offset.reset and commits are not modelled).
    start=0
    # 4.x tells a classic-protocol group member about KIP-848, on stderr (4.3.1 ConsoleConsumer.java:151-163).
    if at_least_4; then echo "The consumer rebalance protocol (KIP-848) is production-ready! Set group.protocol=consumer to try it out. See https://kafka.apache.org/documentation/#consumer_rebalance_protocol" >&2; fi
fi
max=$(opt max-messages || echo -1)
# Any Throwable from receive() other than a WakeupException is logged ("Error processing message,
# terminating consumer process: ", then the exception) and the tool returns normally: exit 0, with
# the count on stderr (4.3.1 ConsoleConsumer.java:105-118,138-139; 3.9.2 :101-114,134-135). That is
# how the --timeout-ms TimeoutException (new TimeoutException(), no message: 4.3.1 :216, 3.9.2 :198)
# ends the tool, and how an error while polling does, e.g. TopicAuthorizationException
# "Not authorized to access topics: [t]" (4.3.1 clients/.../consumer/internals/FetchCollector.java:364;
# 3.9.2 :375). $S/poll-error makes the first poll throw the exception written there.
terminate() { # exception line
    echo "[2026-01-01 00:00:00,000] ERROR Error processing message, terminating consumer process:  (org.apache.kafka.tools.consumer.ConsoleConsumer)" >&2
    echo "$1" >&2
}
read_file_or poll_error "$S/poll-error" ""
if [[ -n $poll_error ]]; then
    terminate "$poll_error"
    echo "Processed a total of 0 messages" >&2
    exit 0
fi
read_file_or corrupt "$S/corrupt" ""
n=0 offset=$start skip=$start
# The records from offset $start on (the first $start lines of the log skipped).
while IFS= read -r value; do
    if ((skip > 0)); then skip=$((skip - 1)); continue; fi
    if ((max >= 0 && n >= max)); then break; fi
    if [[ -n $corrupt ]]; then value=$(sed "$corrupt" <<<"$value"); fi
    if [[ $print_offset == true ]]; then printf 'Offset:%d\t%s\n' "$offset" "$value"; else printf '%s\n' "$value"; fi
    n=$((n + 1)) offset=$((offset + 1))
done <"$log"
# Fewer records than --max-messages before --timeout-ms: the TimeoutException ends the tool as above.
if ((max >= 0 && n < max)); then terminate "org.apache.kafka.common.errors.TimeoutException"; fi
echo "Processed a total of $n messages" >&2
