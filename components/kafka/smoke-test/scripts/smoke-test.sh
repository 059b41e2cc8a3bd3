#!/usr/bin/env bash
# Post-deploy smoke test: proves the cluster accepts durable writes and serves them back, with the
# same client settings (security protocol, SASL user, CA) as real clients. Run by the KafkaSmokeTest
# Job (components/kafka/smoke-test/); the tests run it with stub Kafka tools on PATH (tests/kafka/stubs/).
#
# usage: smoke-test.sh --bootstrap-server HOST:PORT --topic NAME --messages N --command-config FILE
#                      --kafka-version X.Y.Z [--timeout-seconds S]
#
#   --kafka-version  the version of the Kafka tools in this image (the Job spec knows it): picks the
#                    console tools' flags. From 4.2 they take --command-config / --formatter-property;
#                    the older --producer.config / --consumer.config / --property still work there but
#                    print a deprecation line to stdout, among the records (KIP-1147; 4.3.1
#                    ConsoleConsumerOptions.java:221). Before 4.2 only the old flags exist.
#                    components/common/kafka-cli-flags.ts is the same rule for the TypeScript side.
#
# 1. waits for the cluster and reads the end offset of partition 0 of the (single-partition) topic;
# 2. produces N distinct lines with acks=all and the idempotent producer (every in-sync replica has
#    each record before it counts as written; no duplicates on retry);
# 3. reads exactly the records after that offset back, each printed with its offset ("Offset:<n>\t<value>",
#    print.offset=true), so records are told apart from anything else a tool prints; compares them with
#    what was sent: count, offsets, content and order.
#
# Environment: SMOKE_RUN_ID (default: hostname) makes this run's records distinguishable;
#   SMOKE_POLL_SECONDS pause between connection attempts (default 5).
# Exit codes: 0 delivered and read back; 2 bad arguments; 4 the cluster did not answer in time (or
#   gave no end offset for partition 0, e.g. no leader); 5 records the producer had acknowledged are
#   missing, extra or different; 6 the cluster refused a write (the producer logged a send error, e.g.
#   too few in-sync replicas: it still exits 0, so its stderr is checked), retryable; anything else: a
#   Kafka tool failed (its message is above), e.g. 1 when the consumer stopped on an error other than
#   its timeout (it exits 0 then too). Only 2 and 5 are permanent (SMOKE_PERMANENT_EXIT_CODES).
set -euo pipefail
shopt -s inherit_errexit

# apache/kafka keeps its tools in /opt/kafka/bin, not on PATH; appended so the tests' stubs win.
PATH="${PATH}:/opt/kafka/bin"

die() {
    local code=$1
    shift
    echo "smoke-test: $*" >&2
    exit "$code"
}

bootstrap="" topic="" messages="" command_config="" kafka_version="" timeout_seconds=300
while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || die 2 "$1 needs a value"
    case "$1" in
        --bootstrap-server) bootstrap=$2 ;;
        --topic) topic=$2 ;;
        --messages) messages=$2 ;;
        --command-config) command_config=$2 ;;
        --kafka-version) kafka_version=$2 ;;
        --timeout-seconds) timeout_seconds=$2 ;;
        *) die 2 "unknown argument: $1" ;;
    esac
    shift 2
done
[[ -n $bootstrap ]] || die 2 "--bootstrap-server is required"
[[ $topic =~ ^[a-zA-Z0-9._-]{1,249}$ ]] || die 2 "--topic must be a topic name (got '$topic')"
[[ $messages =~ ^[1-9][0-9]*$ ]] || die 2 "--messages must be a positive integer (got '$messages')"
[[ $timeout_seconds =~ ^[1-9][0-9]*$ ]] || die 2 "--timeout-seconds must be a positive integer (got '$timeout_seconds')"
[[ -n $command_config && -r $command_config ]] || die 2 "--command-config must name a readable client.properties (got '$command_config')"
[[ $kafka_version =~ ^([0-9]+)\.([0-9]+)\.[0-9]+$ ]] || die 2 "--kafka-version must be the image's Kafka version, major.minor.patch (got '$kafka_version')"
major=$((10#${BASH_REMATCH[1]})) minor=$((10#${BASH_REMATCH[2]}))
if ((major > 4 || (major == 4 && minor >= 2))); then
    producer_config=--command-config consumer_config=--command-config formatter_property=--formatter-property
else
    producer_config=--producer.config consumer_config=--consumer.config formatter_property=--property
fi

run_id=${SMOKE_RUN_ID:-$(hostname)}
poll_seconds=${SMOKE_POLL_SECONDS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The client's own settings plus durability: acks=all is what the test is about.
producer_properties="$work/producer.properties"
(umask 077 && cat "$command_config" >"$producer_properties")
printf '%s\n' "acks=all" "enable.idempotence=true" "delivery.timeout.ms=60000" >>"$producer_properties"

# 1. Wait for the cluster; the end offset of partition 0 ("topic:0:offset") is where our records will
#    start. kafka-get-offsets.sh takes --command-config at 3.9 and 4.x alike.
#    A partition whose ListOffsets failed (no leader yet, e.g. right after a roll) is only skipped: the
#    tool exits 0 without its line, so a missing line is one more failed attempt.
deadline=$((SECONDS + timeout_seconds))
end_offset() {
    offsets=$(kafka-get-offsets.sh --bootstrap-server "$bootstrap" --command-config "$command_config" --topic "$topic" --partitions 0 --time -1) || return 1
    start=$(awk -F: -v t="$topic" '$1 == t && $2 == "0" { print $3; exit }' <<<"$offsets")
    [[ $start =~ ^[0-9]+$ ]] || { echo "smoke-test: no end offset for $topic partition 0 yet" >&2; return 1; }
}
while ! end_offset; do
    if ((SECONDS >= deadline)); then die 4 "no end offset for $topic partition 0 from $bootstrap after ${timeout_seconds}s"; fi
    echo "smoke-test: waiting for $bootstrap" >&2
    sleep "$poll_seconds"
done

# 2. Produce. The producer's stdout is not read (at most a deprecation line; no ">" prompt without a console).
#    It sends asynchronously and exits 0 even when a send failed, only logging "Error when sending
#    message to topic ..." on stderr: that stderr is kept (and still shown) and checked.
sent="$work/sent" producer_log="$work/producer.err"
for ((i = 1; i <= messages; i++)); do printf 'smoke-test %s %d/%d\n' "$run_id" "$i" "$messages"; done >"$sent"
{ kafka-console-producer.sh --bootstrap-server "$bootstrap" --topic "$topic" "$producer_config" "$producer_properties" <"$sent" 2>&1 >&3 3>&- | tee "$producer_log" >&2; } 3>&1
refused=$(grep -c 'Error when sending message to topic' "$producer_log" || true)
((refused == 0)) || die 6 "the cluster refused $refused of $messages writes to $topic (the producer's errors are above); nothing was read back"

# 3. Read back exactly the records after the start offset (one partition: order is the send order).
remaining=$((deadline - SECONDS))
((remaining > 10)) || remaining=10
output="$work/output" consumer_log="$work/consumer.err"
# The consumer ends on any error while polling, not only on its --timeout-ms, by logging "Error
# processing message, terminating consumer process:" and the exception, and exits 0 all the same.
# Its stderr is kept (and still shown): only the bare TimeoutException of --timeout-ms means "fewer
# records than sent"; any other exception there, or a non-zero exit, is a failed tool.
{ kafka-console-consumer.sh --bootstrap-server "$bootstrap" --topic "$topic" "$consumer_config" "$command_config" \
    "$formatter_property" print.offset=true --partition 0 --offset "$start" --max-messages "$messages" \
    --timeout-ms $((remaining * 1000)) 2>&1 >"$output" | tee "$consumer_log" >&2; } || die 1 "kafka-console-consumer.sh failed (its message is above)"
stopped_by=$(awk '/terminating consumer process/ { getline; print; exit }' "$consumer_log")
if [[ -n $stopped_by && ! $stopped_by =~ ^org\.apache\.kafka\.common\.errors\.TimeoutException[[:space:]]*$ ]]; then
    die 1 "kafka-console-consumer.sh stopped on an error, not its timeout: $stopped_by"
fi

# A record is a line "Offset:<n><TAB><value>" (DefaultMessageFormatter); any other line is the tool's.
expected="$work/expected" received="$work/received"
awk -v start="$start" '{ printf "Offset:%d\t%s\n", start + NR - 1, $0 }' "$sent" >"$expected"
grep -E $'^Offset:[0-9]+\t' "$output" >"$received" || true
got=$(wc -l <"$received" | tr -d ' ')
if ! cmp -s "$expected" "$received"; then
    # Records are told apart by value (run id and index), so a lost record counts once, not as a shift.
    missing=$(comm -23 <(cut -f2- "$expected" | sort) <(cut -f2- "$received" | sort) | wc -l | tr -d ' ')
    extra=$(comm -13 <(cut -f2- "$expected" | sort) <(cut -f2- "$received" | sort) | wc -l | tr -d ' ')
    first=$(diff "$expected" "$received" | head -n 5 || true)
    die 5 "sent $messages records to $topic from offset $start, read back $got that do not match ($missing sent records missing, $extra records read back that were not sent):
$first"
fi
echo "smoke-test: $messages records written to $topic with acks=all (offsets $start-$((start + messages - 1))) and read back intact"
