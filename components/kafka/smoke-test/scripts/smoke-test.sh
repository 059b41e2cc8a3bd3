#!/usr/bin/env bash
# Post-deploy smoke test: proves the cluster accepts durable writes and serves them back, with the
# same client settings (security protocol, SASL user, CA) as real clients. Run by the KafkaSmokeTest
# Job (components/kafka/smoke-test/); the tests run it with stub Kafka tools on PATH.
#
# usage: smoke-test.sh --bootstrap-server HOST:PORT --topic NAME --messages N --command-config FILE
#                      [--timeout-seconds S]
#
# 1. waits for the cluster and reads the end offset of partition 0 of the (single-partition) topic;
# 2. produces N distinct lines with acks=all and the idempotent producer (every in-sync replica has
#    each record before it counts as written; no duplicates on retry);
# 3. reads exactly the records after that offset back and compares them, line by line, with what
#    was sent: count, content and order.
#
# Environment: SMOKE_RUN_ID (default: hostname) makes this run's records distinguishable;
#   SMOKE_POLL_SECONDS pause between connection attempts (default 5).
# Exit codes: 0 delivered and read back; 2 bad arguments; 4 the cluster did not answer in time;
#   5 records missing, extra or different; anything else: a Kafka tool failed (its message is above).
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

bootstrap="" topic="" messages="" command_config="" timeout_seconds=300
while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || die 2 "$1 needs a value"
    case "$1" in
        --bootstrap-server) bootstrap=$2 ;;
        --topic) topic=$2 ;;
        --messages) messages=$2 ;;
        --command-config) command_config=$2 ;;
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

run_id=${SMOKE_RUN_ID:-$(hostname)}
poll_seconds=${SMOKE_POLL_SECONDS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The client's own settings plus durability: acks=all is what the test is about.
producer_config="$work/producer.properties"
(umask 077 && cat "$command_config" >"$producer_config")
printf '%s\n' "acks=all" "enable.idempotence=true" "delivery.timeout.ms=60000" >>"$producer_config"

# 1. Wait for the cluster; the end offset of partition 0 ("topic:0:offset") is where our records will start.
deadline=$((SECONDS + timeout_seconds))
while ! offsets=$(kafka-get-offsets.sh --bootstrap-server "$bootstrap" --command-config "$command_config" --topic "$topic" --partitions 0 --time -1); do
    if ((SECONDS >= deadline)); then die 4 "no answer from $bootstrap after ${timeout_seconds}s"; fi
    echo "smoke-test: waiting for $bootstrap" >&2
    sleep "$poll_seconds"
done
start=$(awk -F: -v t="$topic" '$1 == t && $2 == "0" { print $3; exit }' <<<"$offsets")
[[ $start =~ ^[0-9]+$ ]] || die 1 "cannot read the end offset of $topic partition 0 from: $offsets"

# 2. Produce.
expected="$work/expected"
for ((i = 1; i <= messages; i++)); do printf 'smoke-test %s %d/%d\n' "$run_id" "$i" "$messages"; done >"$expected"
kafka-console-producer.sh --bootstrap-server "$bootstrap" --topic "$topic" --producer.config "$producer_config" <"$expected"

# 3. Read back exactly the records after the start offset (one partition: order is the send order).
remaining=$((deadline - SECONDS))
((remaining > 10)) || remaining=10
received="$work/received"
kafka-console-consumer.sh --bootstrap-server "$bootstrap" --topic "$topic" --consumer.config "$command_config" \
    --partition 0 --offset "$start" --max-messages "$messages" --timeout-ms $((remaining * 1000)) >"$received" || true

got=$(wc -l <"$received" | tr -d ' ')
if ! cmp -s "$expected" "$received"; then
    first=$(diff "$expected" "$received" | head -n 5 || true)
    die 5 "sent $messages records to $topic from offset $start, read back $got that do not match:
$first"
fi
echo "smoke-test: $messages records written to $topic with acks=all (offsets $start-$((start + messages - 1))) and read back intact"
