#!/usr/bin/env bash
# Rolls the Kafka StatefulSets (updateStrategy OnDelete) one pod at a time, never taking a
# partition below min.insync.replicas and never restarting a controller while the quorum is
# behind. Runs in the roller Job (apache/kafka image: bash and the Kafka tools) beside a
# `kubectl proxy` sidecar that holds the ServiceAccount token; this script reaches the
# Kubernetes API only through that proxy on loopback (plain HTTP/1.0 over bash's /dev/tcp).
#
# Per pool, in the order given (controllers before brokers):
#   1. wait until the StatefulSet controller has seen the current spec (observedGeneration);
#   2. pick the next pod whose controller-revision-hash is not the updateRevision: lowest
#      ordinal first, the active controller (KRaft leader) last in controller and combined pools
#      (waiting, bounded, until the quorum tool names the leader);
#   3. wait until deleting it is safe: broker nodes: no partition has the node in its ISR with
#      ISR size <= min ISR (kafka-topics.sh --under-min-isr-partitions --at-min-isr-partitions),
#      and no partition misses a replica on another node (--under-replicated-partitions);
#      controller nodes: no partition misses a replica (a broker still catching up) and every
#      voter's lag <= --max-voter-lag (kafka-metadata-quorum.sh);
#   4. delete the pod, wait until it is back on the updateRevision and Ready;
#   5. wait until it has caught up: broker nodes: no under-replicated partition
#      (--under-replicated-partitions); controller nodes: its lag <= --max-voter-lag.
# Every wait is bounded (--max-polls x --poll-seconds) and fails naming what it waited for.
#
# Usage: roll-nodes.sh --namespace NS --bootstrap-server HOST:PORT --command-config FILE
#          --pool STATEFULSET:NODE_ID_BASE:ROLE ... [--kraft] [--max-voter-lag N]
#          [--poll-seconds S] [--max-polls N]
#   ROLE: broker | controller | combined. --kraft: the cluster has a KRaft quorum to check.
# Environment: KUBE_PROXY host:port of the kubectl proxy (default 127.0.0.1:8001); KUBE_API_LIB
# kube-api.sh (default: beside this script, as the Job mounts it).
# Exit codes: 0 rolled (or nothing to roll); 1 a bounded wait ran out or a call kept failing;
# 2 usage. Both fail the Job at once (roller/spec.ts ROLLER_PERMANENT_EXIT_CODES): the next
# `pulumi up` runs a new Job, which continues with the pods not yet on the new revision.
set -euo pipefail

namespace="" bootstrap="" command_config="" kraft=false max_voter_lag=0 poll_seconds=10 max_polls=180
pools=()
usage() { echo "roll-nodes: $1" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --namespace) namespace=${2:?}; shift 2 ;;
        --bootstrap-server) bootstrap=${2:?}; shift 2 ;;
        --command-config) command_config=${2:?}; shift 2 ;;
        --pool) pools+=("${2:?}"); shift 2 ;;
        --kraft) kraft=true; shift ;;
        --max-voter-lag) max_voter_lag=${2:?}; shift 2 ;;
        --poll-seconds) poll_seconds=${2:?}; shift 2 ;;
        --max-polls) max_polls=${2:?}; shift 2 ;;
        *) usage "unknown argument $1" ;;
    esac
done
[[ -n $namespace && -n $bootstrap && -n $command_config && ${#pools[@]} -gt 0 ]] || usage "--namespace, --bootstrap-server, --command-config and --pool are required"
for p in "${pools[@]}"; do [[ $p =~ ^[a-z0-9-]+:[0-9]+:(broker|controller|combined)$ ]] || usage "--pool $p: want STATEFULSET:NODE_ID_BASE:broker|controller|combined"; done
[[ $max_voter_lag =~ ^[0-9]+$ && $poll_seconds =~ ^[0-9]+$ && $max_polls =~ ^[1-9][0-9]*$ ]] || usage "--max-voter-lag, --poll-seconds, --max-polls: non-negative integers"

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
log() { echo "roll-nodes: $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }

# --- Kubernetes API through the proxy (api, json_field, pod_ready) ------------------------------------
# shellcheck source=../../scripts/kube-api.sh
source "${KUBE_API_LIB:-$(dirname "${BASH_SOURCE[0]}")/kube-api.sh}"
pod_json() { api GET "/api/v1/namespaces/$namespace/pods/$1" 2>/dev/null; }
pod_ready() { # the Ready condition is True (PodCondition fields in API order: type, [observedGeneration,] status)
    local re='"type":"Ready",("observedGeneration":[0-9]+,)?"status":"True"'
    [[ $1 =~ $re ]]
}

# --- Kafka tools ------------------------------------------------------------------------------------
# Partition lines of kafka-topics.sh --describe with report flags, "topic partition leader isr" (isr
# comma-separated). With any report flag only partition lines are printed, each "\tTopic: …\t
# Partition: …\tLeader: …\tReplicas: …\tIsr: …" (TopicCommand.java, 4.3.1 :338-373 and :383-389,
# 3.9.2 :355-391 and :400-406); other stdout lines are ignored.
# The cells of $1 between tabs into FIELDS, empty ones kept (as awk -F'\t' splits): bash only, as
# the checks below run thousands of times in the roller's tests.
split_tabs() {
    local rest=$1
    FIELDS=()
    while [[ $rest == *$'\t'* ]]; do
        FIELDS+=("${rest%%$'\t'*}")
        rest=${rest#*$'\t'}
    done
    FIELDS+=("$rest")
}
partitions() { # report flags... -> "topic partition leader isr replicas" lines
    local out line topic partition leader replicas isr
    out=$("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$command_config" --describe "$@") || return 1
    while IFS= read -r line; do
        split_tabs "$line"
        topic=${FIELDS[1]-} partition=${FIELDS[2]-} leader=${FIELDS[3]-} replicas=${FIELDS[4]-} isr=${FIELDS[5]-}
        [[ $topic == "Topic: "* && $partition == "Partition: "* ]] || continue
        isr=${isr:5}
        printf '%s %s %s %s %s\n' "${topic:7}" "${partition:11}" "${leader:8}" "${isr:--}" "${replicas:10}"
    done <<<"$out"
}
# NODE in a comma-separated LIST.
listed() { [[ ",$2," == *",$1,"* ]]; }
# Partitions that would drop below min ISR (or lose their last in-sync replica) without NODE:
# NODE is in the ISR and the ISR is at or below min ISR. --at-min-isr-partitions: ISR size ==
# min ISR; --under-min-isr-partitions: below it or leaderless (4.3.1 :326-332, 3.9.2 :343-349).
unsafe_without() { # NODE -> "topic-partition(isr)" words; fails if the tool fails
    local node=$1 lines t p l isr r extra
    lines=$(partitions --under-min-isr-partitions --at-min-isr-partitions) || return 1
    while read -r t p l isr r extra; do
        [[ -n $r && -z $extra ]] || continue
        if listed "$node" "$isr"; then printf '%s-%s(isr %s) ' "$t" "$p" "$isr"; fi
    done <<<"$lines"
}
under_replicated() { # -> "topic-partition(isr)" words (ISR smaller than the replica set, 4.3.1 :318-320, 3.9.2 :335-337)
    local lines t p l isr r extra
    lines=$(partitions --under-replicated-partitions) || return 1
    while read -r t p l isr r extra; do
        [[ -n $r && -z $extra ]] || continue
        printf '%s-%s(isr %s) ' "$t" "$p" "$isr"
    done <<<"$lines"
}
# Under-replicated partitions missing a replica on a node other than NODE: that node is down or
# still catching up (restarted by an earlier run of this Job, or behind on its own), and NODE
# must wait for it even where min ISR would allow the restart. NODE's own absence does not count:
# restarting it may be what brings it back.
others_behind() { # NODE -> "topic-partition(isr I, replicas R)" words
    local node=$1 lines t p l isr r extra replica
    lines=$(partitions --under-replicated-partitions) || return 1
    while read -r t p l isr r extra; do
        [[ -n $r && -z $extra ]] || continue
        for replica in ${r//,/ }; do
            if [[ $replica != "$node" ]] && ! listed "$replica" "$isr"; then
                printf '%s-%s(isr %s, replicas %s) ' "$t" "$p" "$isr" "$r"
                break
            fi
        done
    done <<<"$lines"
}
restart_blockers() { # NODE -> what unsafe_without and others_behind print
    local a b
    a=$(unsafe_without "$1") || return 1
    b=$(others_behind "$1") || return 1
    printf '%s%s' "$a" "$b"
}
# kafka-metadata-quorum.sh describe --replication: a header row then Leader, Follower and Observer
# rows, columns NodeId DirectoryId LogEndOffset Lag LastFetchTimestamp LastCaughtUpTimestamp Status,
# each cell padded and followed by a tab (4.3.1 tools/.../MetadataQuorumCommand.java:198-235,
# ToolsUtils.java:73-105). Prints "id lag status" per voter. Through a broker (--bootstrap-server):
# brokers forward DescribeQuorum to the active controller (core/.../KafkaApis.scala:226), and the
# controller listener is open to Kafka nodes only.
voters() {
    local out line id lag status
    out=$("$KAFKA_BIN/kafka-metadata-quorum.sh" --bootstrap-server "$bootstrap" --command-config "$command_config" describe --replication) || return 1
    while IFS= read -r line; do
        split_tabs "$line"
        id=${FIELDS[0]-} lag=${FIELDS[3]-} status=${FIELDS[6]-}
        # The padding: trailing spaces of each cell.
        id=${id%"${id##*[! ]}"} lag=${lag%"${lag##*[! ]}"} status=${status%"${status##*[! ]}"}
        if [[ $status == Leader || $status == Follower ]]; then printf '%s %s %s\n' "$id" "$lag" "$status"; fi
    done <<<"$out"
}
quorum_leader() {
    local v id lag status
    v=$(voters) || return 1
    while read -r id lag status; do
        if [[ $status == Leader ]]; then echo "$id"; fi
    done <<<"$v"
}
# The active controller into $leader_file; prints what is missing. A failed call must not pass for
# "no leader": the pod picked next would then be the lowest ordinal, the active controller maybe.
leader_file=$(mktemp)
no_quorum_leader() { { quorum_leader >"$leader_file" && [[ -s $leader_file ]]; } || echo "no active controller known (kafka-metadata-quorum.sh describe --replication)"; }
lagging_voters() { # -> "id(lag N)" words of voters beyond the bound; fails if the tool fails or no leader
    local v id lag status
    v=$(voters) || return 1
    [[ -n $v ]] || return 1
    while read -r id lag status; do
        if ((lag > max_voter_lag)); then printf '%s(lag %s) ' "$id" "$lag"; fi
    done <<<"$v"
}

# --- bounded waits --------------------------------------------------------------------------------
# until CHECK prints nothing and succeeds; CHECK's last output names what is still wrong.
wait_until_clear() { # WHAT CHECK ARGS...
    local what=$1 i out=""
    shift
    for ((i = 1; i <= max_polls; i++)); do
        if out=$("$@"); then
            [[ -z ${out// /} ]] && return 0
        else
            out="the check itself failed ($*)"
        fi
        ((i < max_polls && poll_seconds > 0)) && sleep "$poll_seconds"
    done
    fail "$what: ${out% } (after $max_polls checks, ${poll_seconds}s apart)"
}

pod_back() { # NAME REVISION OLD_UID -> prints what is missing
    local json
    json=$(pod_json "$1") || { echo "pod $1 absent"; return 0; }
    [[ $(json_field uid "$json") != "$3" ]] || { echo "pod $1 not yet replaced"; return 0; }
    [[ $(json_field controller-revision-hash "$json") == "$2" ]] || { echo "pod $1 not on revision $2"; return 0; }
    pod_ready "$json" || echo "pod $1 not Ready"
}
sts_observed() { # NAME -> prints what is missing
    local json
    json=$(api GET "/apis/apps/v1/namespaces/$namespace/statefulsets/$1") || { echo "StatefulSet $1 unreadable"; return 0; }
    [[ $(json_field observedGeneration "$json") == "$(json_field generation "$json")" ]] || echo "StatefulSet $1 spec not yet observed"
}

# --- the roll -------------------------------------------------------------------------------------
roll_pool() { # STATEFULSET BASE ROLE
    local sts=$1 base=$2 role=$3 json revision replicas ordinal pod node leader pending uid
    wait_until_clear "StatefulSet $sts" sts_observed "$sts"
    json=$(api GET "/apis/apps/v1/namespaces/$namespace/statefulsets/$sts") || fail "cannot read StatefulSet $sts"
    revision=$(json_field updateRevision "$json")
    replicas=$(json_field replicas "$json")
    [[ -n $revision && $replicas =~ ^[0-9]+$ ]] || fail "StatefulSet $sts has no updateRevision/replicas"
    log "$sts: $replicas pods, target revision $revision"
    while true; do
        pending=()
        for ((ordinal = 0; ordinal < replicas; ordinal++)); do
            pod="$sts-$ordinal"
            if json=$(pod_json "$pod") && [[ $(json_field controller-revision-hash "$json") == "$revision" ]]; then continue; fi
            pending+=("$ordinal")
        done
        [[ ${#pending[@]} -gt 0 ]] || break
        ordinal=${pending[0]}
        if [[ $role != broker && $kraft == true ]]; then
            # The active controller last: restarting it forces an election; do it once, at the end.
            wait_until_clear "before picking the next pod of $sts, the active controller" no_quorum_leader
            leader=$(<"$leader_file")
            for o in "${pending[@]}"; do
                if ((base + o != ${leader:--1})); then ordinal=$o; break; fi
                ordinal=$o
            done
        fi
        pod="$sts-$ordinal"
        node=$((base + ordinal))
        # A partition whose min ISR equals its RF never gets clear: the message says what to change.
        if [[ $role != controller ]]; then wait_until_clear "before restarting $pod (node $node), partitions it holds at or below min ISR, or missing a replica on another node (wait for the other replicas to catch up; a topic whose min.insync.replicas equals its replication factor cannot lose a replica: lower kafka-eks:topics[].config min.insync.replicas or raise its replicationFactor)" restart_blockers "$node"
        # A controller holds no partition, but a broker an earlier run restarted may still be
        # catching up (a new revision since): one node catching up at a time, controllers too.
        else wait_until_clear "before restarting $pod (node $node), brokers still catching up (partitions missing a replica)" others_behind "$node"; fi
        if [[ $kraft == true ]]; then wait_until_clear "before restarting $pod (node $node), quorum voters behind" lagging_voters; fi
        json=$(pod_json "$pod") || json=""
        uid=$(json_field uid "$json")
        log "restarting $pod (node $node)"
        if [[ -n $json ]]; then api DELETE "/api/v1/namespaces/$namespace/pods/$pod" >/dev/null || fail "cannot delete pod $pod"; fi
        wait_until_clear "after restarting $pod (node $node), waiting for the pod" pod_back "$pod" "$revision" "$uid"
        if [[ $kraft == true ]]; then wait_until_clear "after restarting $pod (node $node), quorum voters behind" lagging_voters; fi
        if [[ $role != controller ]]; then wait_until_clear "after restarting $pod (node $node), under-replicated partitions" under_replicated; fi
        log "$pod (node $node) is back and caught up"
    done
    log "$sts: every pod on $revision"
}

for p in "${pools[@]}"; do
    IFS=: read -r sts base role <<<"$p"
    roll_pool "$sts" "$base" "$role"
done
log "done"
