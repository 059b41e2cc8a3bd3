#!/usr/bin/env bash
. "$(dirname "$0")/stub-lib.sh"
record kafka-topics.sh "$@"
arg --bootstrap-server "$@" >/dev/null || { echo "stub: --bootstrap-server missing" >&2; exit 9; }

if has --list "$@"; then
    left=$(cat "$S/list_failures" 2>/dev/null || echo 0)
    if ((left > 0)); then
        echo $((left - 1)) >"$S/list_failures"
        echo "Error while executing topic command : Timed out waiting for a node assignment." >&2
        exit 1
    fi
    echo "__consumer_offsets"
    if [[ -f $S/exists ]]; then cat "$S/name"; fi
    echo "zz-other"
elif has --create "$@"; then
    [[ ! -f $S/exists ]] || { echo "Error: Topic already exists." >&2; exit 1; }
    arg --topic "$@" >"$S/name"
    arg --partitions "$@" >"$S/partitions"
    arg --replication-factor "$@" >"$S/rf"
    : >"$S/configs"
    prev=""
    for a in "$@"; do
        if [[ $prev == --config ]]; then set_config "${a%%=*}" "${a#*=}"; fi
        prev=$a
    done
    touch "$S/exists"
    echo "Created topic $(cat "$S/name")."
elif has --describe "$@"; then
    name=$(cat "$S/name")
    # A decoy first: a topic the (escaped) regex must not be confused with.
    printf 'Topic: %s-old\tTopicId: AAAA\tPartitionCount: 99\tReplicationFactor: 1\tConfigs: \n' "$name"
    printf 'Topic: %s\tTopicId: BBBB\tPartitionCount: %s\tReplicationFactor: %s\tConfigs: %s\n' \
        "$name" "$(cat "$S/partitions")" "$(cat "$S/rf")" "$(paste -sd, "$S/configs" 2>/dev/null || true)"
    for ((p = 0; p < $(cat "$S/partitions"); p++)); do
        printf '\tTopic: %s\tPartition: %d\tLeader: 1\tReplicas: 1,2\tIsr: 1,2\n' "$name" "$p"
    done
elif has --alter "$@"; then
    arg --partitions "$@" >"$S/partitions"
else
    echo "stub kafka-topics.sh: unexpected call: $*" >&2
    exit 9
fi
