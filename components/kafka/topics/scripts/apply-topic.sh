#!/usr/bin/env bash
# Applies one declared topic to a Kafka cluster, idempotently: create it when missing, grow its
# partitions, set its declared config overrides. Run by the topic's Job (components/kafka/topics/job.ts);
# the tests run it with stub kafka-topics.sh / kafka-configs.sh on PATH (tests/kafka/stubs/).
#
# Kafka 3.9 (ZooKeeper-mode stacks) and 4.x (KRaft stacks) alike: kafka-topics.sh and kafka-configs.sh
# take the same flags (--command-config included) and print the same formats at 3.9.2 and 4.3.1, so
# nothing here depends on the version (unlike the console producer and consumer, see smoke-test.sh).
#
# usage: apply-topic.sh --bootstrap-server HOST:PORT --topic NAME --partitions N --replication-factor R
#                       [--config KEY=VALUE]... [--command-config FILE] [--wait-seconds S]
#
#   --command-config  client.properties for SASL/TLS listeners, passed to every Kafka tool.
#   --wait-seconds    how long to wait for the cluster to answer (default 300).
#   APPLY_TOPIC_POLL_SECONDS (env) pause between connection attempts (default 5).
#
# Exit codes: 0 applied or already up to date; 2 bad arguments; 3 the live topic conflicts with the
# declaration (more partitions than declared, another replication factor) and was left unchanged;
# 4 the cluster did not answer in time; anything else: a Kafka tool failed (its message is above).
#
# Config keys that are set on the topic but not declared are reported, never deleted: this script
# cannot tell a key an earlier declaration set from one an operator set during an incident or
# kafka-reassign-partitions set as a throttle, and deleting the wrong one is worse than keeping
# a stale one.
set -euo pipefail

# The apache/kafka image keeps its tools in /opt/kafka/bin, which is not on PATH. Appended, not
# prepended, so an earlier PATH entry (the tests' stubs) wins.
PATH="${PATH}:/opt/kafka/bin"

die() {
    local code=$1
    shift
    echo "apply-topic: $*" >&2
    exit "$code"
}

bootstrap="" topic="" partitions="" rf="" command_config="" wait_seconds=300
poll_seconds=${APPLY_TOPIC_POLL_SECONDS:-5}
configs=()

while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || die 2 "$1 needs a value"
    case "$1" in
        --bootstrap-server) bootstrap=$2 ;;
        --topic) topic=$2 ;;
        --partitions) partitions=$2 ;;
        --replication-factor) rf=$2 ;;
        --config) configs+=("$2") ;;
        --command-config) command_config=$2 ;;
        --wait-seconds) wait_seconds=$2 ;;
        *) die 2 "unknown argument: $1" ;;
    esac
    shift 2
done

[[ -n $bootstrap ]] || die 2 "--bootstrap-server is required"
[[ $topic =~ ^[a-zA-Z0-9._-]{1,249}$ ]] || die 2 "--topic must be 1-249 characters of letters, digits, '.', '_' or '-' (got '$topic')"
[[ $partitions =~ ^[1-9][0-9]*$ ]] || die 2 "--partitions must be a positive integer (got '$partitions')"
[[ $rf =~ ^[1-9][0-9]*$ ]] || die 2 "--replication-factor must be a positive integer (got '$rf')"
[[ $wait_seconds =~ ^[0-9]+$ ]] || die 2 "--wait-seconds must be a whole number (got '$wait_seconds')"
for kv in "${configs[@]}"; do
    [[ $kv =~ ^[a-z0-9]+([._-][a-z0-9]+)*=.+$ ]] || die 2 "--config must be KEY=VALUE (got '$kv')"
done
if [[ -n $command_config && ! -r $command_config ]]; then die 2 "--command-config $command_config is not readable"; fi

client=(--bootstrap-server "$bootstrap")
if [[ -n $command_config ]]; then client+=(--command-config "$command_config"); fi
# --topic takes a regular expression everywhere but --create: escape '.', the only regex
# character a topic name may hold, so "orders.v1" cannot also alter "ordersXv1".
topic_re=${topic//./\\.}

# 1. Wait for the cluster. Listing topics both proves the brokers answer and tells whether ours exists.
deadline=$((SECONDS + wait_seconds))
# kafka-topics.sh prints its own error ("Error while executing topic command : ...") on stdout.
while ! listing=$(kafka-topics.sh "${client[@]}" --list); do
    if ((SECONDS >= deadline)); then die 4 "no answer from $bootstrap after ${wait_seconds}s: ${listing##*$'\n'}"; fi
    echo "apply-topic: waiting for $bootstrap: ${listing##*$'\n'}" >&2
    sleep "$poll_seconds"
done

# 2. Missing: create it with every declared setting in one call, and stop there.
if ! grep -Fxq -- "$topic" <<<"$listing"; then
    create=(--create --topic "$topic" --partitions "$partitions" --replication-factor "$rf")
    for kv in "${configs[@]}"; do create+=(--config "$kv"); done
    kafka-topics.sh "${client[@]}" "${create[@]}"
    echo "apply-topic: topic $topic: created with $partitions partitions, replication factor $rf"
    exit 0
fi

# 3. Present: read its shape from the header line
#    "Topic: <name>\tTopicId: ..\tPartitionCount: N\tReplicationFactor: R\tConfigs: .."
description=$(kafka-topics.sh "${client[@]}" --describe --topic "$topic_re")
header=$(awk -F'\t' -v want="Topic: $topic" '$1 == want { print; exit }' <<<"$description")
[[ -n $header ]] || die 1 "kafka-topics.sh --describe printed no header for topic $topic"
field() { awk -F'\t' -v k="$1: " '{ for (i = 1; i <= NF; i++) if (index($i, k) == 1) { print substr($i, length(k) + 1); exit } }' <<<"$header"; }
live_partitions=$(field PartitionCount)
live_rf=$(field ReplicationFactor)
[[ $live_partitions =~ ^[0-9]+$ && $live_rf =~ ^[0-9]+$ ]] || die 1 "cannot read PartitionCount/ReplicationFactor of topic $topic from: $header"

# Conflicts are checked before anything changes, so a rejected run leaves the topic as it was.
if ((live_partitions > partitions)); then
    die 3 "topic $topic has $live_partitions partitions; Kafka cannot reduce partitions; declare $live_partitions or more"
fi
if ((live_rf != rf)); then
    die 3 "topic $topic has replication factor $live_rf, declared $rf; changing it needs a partition reassignment (kafka-reassign-partitions.sh), which this Job does not do"
fi

changed=()
if ((live_partitions < partitions)); then
    kafka-topics.sh "${client[@]}" --alter --topic "$topic_re" --partitions "$partitions"
    changed+=("partitions $live_partitions -> $partitions")
fi

# 4. Configs: set only declared keys whose live value differs ("  key=value sensitive=.. synonyms=..").
declare -A live=()
while IFS= read -r line; do
    [[ -n $line ]] && live[${line%%=*}]=${line#*=}
done < <(kafka-configs.sh "${client[@]}" --entity-type topics --entity-name "$topic" --describe |
    sed -n 's/^ *\([a-z0-9._-]*\)=\(.*\) sensitive=.*$/\1=\2/p')

declare -A declared=()
updates=()
for kv in "${configs[@]}"; do
    key=${kv%%=*} value=${kv#*=}
    declared[$key]=1
    if [[ ${live[$key]+set} != set || ${live[$key]} != "$value" ]]; then
        # --add-config separates pairs with ','; a list value goes in brackets.
        [[ $value == *,* ]] && value="[$value]"
        updates+=("$key=$value")
    fi
done
if ((${#updates[@]} > 0)); then
    kafka-configs.sh "${client[@]}" --entity-type topics --entity-name "$topic" --alter --add-config "$(IFS=,; echo "${updates[*]}")"
    changed+=("configs set: $(IFS=,; echo "${updates[*]%%=*}")")
fi

undeclared=()
for key in "${!live[@]}"; do
    [[ ${declared[$key]+set} == set ]] || undeclared+=("$key")
done
if ((${#undeclared[@]} > 0)); then
    mapfile -t undeclared < <(printf '%s\n' "${undeclared[@]}" | sort)
    echo "apply-topic: warning: topic $topic has config overrides that are not declared, left unchanged: $(IFS=,; echo "${undeclared[*]}")" >&2
fi

if ((${#changed[@]} > 0)); then
    echo "apply-topic: topic $topic: $(IFS=';'; echo "${changed[*]}")"
else
    echo "apply-topic: topic $topic: up to date"
fi
