#!/usr/bin/env bash
# Moves partitions between brokers with kafka-reassign-partitions.sh (--generate, --execute with a
# replication throttle, --verify until done). Runs in the rebalance Jobs (apache/kafka image: bash
# and the Kafka tools) beside a `kubectl proxy` sidecar; the Kubernetes API is reached only through
# that proxy on loopback (plain HTTP/1.0 over bash's /dev/tcp), as roll-nodes.sh does.
#
# --mode drain (before the broker StatefulSet is updated): when the StatefulSet runs more pods than
#   --brokers N, moves every replica off brokers N.. (node id = ordinal) onto brokers 0..N-1, so the
#   StatefulSet can shrink; refuses when a partition's replication factor exceeds N. No StatefulSet
#   (first deploy) or no more pods than N: nothing to do.
# --mode spread (after the new brokers are up): when a broker among 0..N-1 holds no replica, waits
#   for every pod to be Ready, then re-places every topic over brokers 0..N-1 (--generate is
#   rack-aware: broker.rack is the node's zone).
# Either way: waits first until no reassignment is in progress (--list), executes only the
# partitions whose replica set changes, and waits (bounded) until --verify reports every one
# completed, which also removes the throttle. A reassignment that does not complete fails the run
# naming the partitions still moving; nothing is removed (the StatefulSet update waits for this
# Job) and the reassignment goes on in the cluster.
#
# Usage: reassign-partitions.sh --mode drain|spread --brokers N --statefulset NAME --namespace NS
#          --bootstrap-server HOST:PORT --command-config FILE --throttle BYTES_PER_SECOND
#          [--poll-seconds S] [--max-polls N]
# Environment: KUBE_PROXY host:port of the kubectl proxy (default 127.0.0.1:8001); KUBE_API_LIB
# kube-api.sh (default: beside this script, as the Job mounts it).
# Exit codes: 0 done (or nothing to do); 1 a bounded wait ran out or a tool kept failing; 2 usage;
# 3 refused (a partition cannot fit on the remaining brokers).
set -euo pipefail

mode="" brokers="" sts="" namespace="" bootstrap="" command_config="" throttle="" poll_seconds=10 max_polls=360
usage() { echo "reassign-partitions: $1" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --mode) mode=${2:?}; shift 2 ;;
        --brokers) brokers=${2:?}; shift 2 ;;
        --statefulset) sts=${2:?}; shift 2 ;;
        --namespace) namespace=${2:?}; shift 2 ;;
        --bootstrap-server) bootstrap=${2:?}; shift 2 ;;
        --command-config) command_config=${2:?}; shift 2 ;;
        --throttle) throttle=${2:?}; shift 2 ;;
        --poll-seconds) poll_seconds=${2:?}; shift 2 ;;
        --max-polls) max_polls=${2:?}; shift 2 ;;
        *) usage "unknown argument $1" ;;
    esac
done
[[ $mode == drain || $mode == spread ]] || usage "--mode drain|spread is required"
[[ -n $sts && -n $namespace && -n $bootstrap && -n $command_config ]] || usage "--statefulset, --namespace, --bootstrap-server and --command-config are required"
[[ $brokers =~ ^[1-9][0-9]*$ && $throttle =~ ^[1-9][0-9]*$ && $poll_seconds =~ ^[0-9]+$ && $max_polls =~ ^[1-9][0-9]*$ ]] || usage "--brokers, --throttle, --max-polls: positive integers; --poll-seconds: a non-negative integer"

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
work=$(mktemp -d)
log() { echo "reassign-partitions: $*" >&2; }
fail() { log "FAILED: $*"; exit "${2:-1}"; }

# --- Kubernetes API through the proxy (api, json_field, pod_ready) ------------------------------------
# shellcheck source=../../scripts/kube-api.sh
source "${KUBE_API_LIB:-$(dirname "${BASH_SOURCE[0]}")/kube-api.sh}"
pods_not_ready() { # -> names of pods 0..N-1 that are absent or not Ready
    local i json
    for ((i = 0; i < brokers; i++)); do
        json=$(api GET "/api/v1/namespaces/$namespace/pods/$sts-$i" 2>/dev/null) || { printf '%s ' "$sts-$i"; continue; }
        pod_ready "$json" || printf '%s ' "$sts-$i"
    done
}

# --- Kafka tools --------------------------------------------------------------------------------------
# "topic partition replicas" per partition line of kafka-topics.sh --describe ("\tTopic: …\tPartition:
# …\tLeader: …\tReplicas: …\tIsr: …", TopicCommand.java 4.3.1 :338-373, 3.9.2 :355-391); topic header
# lines ("Topic: …\tTopicId: …") do not start with a tab and are skipped. During a reassignment
# Replicas lists the target and the replicas being removed.
partitions() {
    local out
    out=$("$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$bootstrap" --command-config "$command_config" --describe) || return 1
    printf '%s\n' "$out" | awk -F'\t' '$1 == "" && $2 ~ /^Topic: / && $3 ~ /^Partition: / { print substr($2, 8), substr($3, 12), substr($5, 11) }'
}
reassign() { "$KAFKA_BIN/kafka-reassign-partitions.sh" --bootstrap-server "$bootstrap" --command-config "$command_config" "$@"; }
# Reassignment JSON as the tool writes it (Jackson, compact: {"version":1,"partitions":[{"topic":…,
# "partition":…,"replicas":[…],"log_dirs":[…]},…]}, ReassignPartitionsCommand.java 4.3.1 :1336-1359,
# 3.9.2 :1276-1299) -> "topic partition replicas" lines. Topic names are [a-zA-Z0-9._-].
assignment_lines() {
    grep -oE '"topic":"[^"]*","partition":[0-9]+,"replicas":\[[0-9,]*\]' <<<"$1" | sed -E 's/^"topic":"([^"]*)","partition":([0-9]+),"replicas":\[([0-9,]*)\]$/\1 \2 \3/'
}
assignment_json() { # "topic partition replicas" lines on stdin -> the JSON --execute/--verify read
    awk 'BEGIN { printf "{\"version\":1,\"partitions\":[" } NF == 3 { printf "%s{\"topic\":\"%s\",\"partition\":%s,\"replicas\":[%s]}", (n++ ? "," : ""), $1, $2, $3 } END { print "]}" }'
}
# --list prints "No partition reassignments found." when none is in progress, else "Current partition
# reassignments:" and "<topic>-<partition>: replicas: …" lines (4.3.1 :890-914, 3.9.2 :849-871).
reassignments_in_progress() {
    local out
    out=$(reassign --list) || { echo "(kafka-reassign-partitions.sh --list failed)"; return 0; }
    [[ $out == *"No partition reassignments found."* ]] || printf '%s\n' "$out" | awk -F': ' '/: replicas: / { printf "%s ", $1 }'
}

# --- bounded waits ------------------------------------------------------------------------------------
wait_until_clear() { # WHAT CHECK ARGS... : until CHECK prints nothing
    local what=$1 i out=""
    shift
    for ((i = 1; i <= max_polls; i++)); do
        out=$("$@") || out="the check itself failed ($*)"
        [[ -z ${out// /} ]] && return 0
        ((i < max_polls)) && sleep "$poll_seconds"
    done
    fail "$what: ${out% } (after $max_polls checks, ${poll_seconds}s apart)"
}

# --verify output (4.3.1 :277-298, 3.9.2 :264-285): "Reassignment of partition t-p is completed.",
# "… is still in progress.", or "There is no active reassignment of partition t-p, but replica set is
# A rather than B." (someone else changed it). The tool exits 0 whichever it reports; once no
# reassignment is left in the cluster it also removes the throttles and says "Clearing broker-level
# throttles on …" (:226-232, :499-513).
# Runs in a subshell (wait_until_clear): what the caller needs afterwards goes to files.
still_moving() { # PLAN -> partitions still moving; none once done or once one ended elsewhere ($work/diverged)
    local out
    out=$(reassign --verify --reassignment-json-file "$1") || { echo "(kafka-reassign-partitions.sh --verify failed)"; return 0; }
    printf '%s\n' "$out" | sed -nE 's/^There is no active reassignment of partition ([^,]+), but replica set is ([0-9,]*) rather than ([0-9,]*)\.$/\1 (replicas \2, target \3)/p' >"$work/diverged"
    [[ -s $work/diverged ]] && return 0
    printf '%s\n' "$out" | sed -nE 's/^Reassignment of partition (.+) is still in progress\.$/\1/p' | paste -sd' ' -
    if [[ $out == *"Clearing broker-level throttles"* ]]; then : >"$work/throttle-cleared"; fi
}

# --- the move -------------------------------------------------------------------------------------------
range() { seq -s, 0 $(($1 - 1)); }

# Re-places TOPICS (one a line) over brokers 0..N-1 and waits until every moved partition arrived.
move() { # TOPICS WHY
    local topics=$1 why=$2 out current proposed plan
    printf '%s\n' "$topics" | awk 'BEGIN { printf "{\"version\":1,\"topics\":[" } NF { printf "%s{\"topic\":\"%s\"}", (n++ ? "," : ""), $1 } END { print "]}" }' >"$work/topics.json"
    # stdout: "Current partition replica assignment", its JSON, a blank line, "Proposed partition
    # reassignment configuration", its JSON (4.3.1 :573-576, 3.9.2 :558-561); errors go to stdout
    # too, "Error: <message>" and exit 1 (4.3.1 :149-163, 3.9.2 :137-151).
    out=$(reassign --generate --topics-to-move-json-file "$work/topics.json" --broker-list "$(range "$brokers")") || fail "kafka-reassign-partitions.sh --generate failed: $out"
    current=$(printf '%s\n' "$out" | awk 'prev == "Current partition replica assignment" { print; exit } { prev = $0 }')
    proposed=$(printf '%s\n' "$out" | awk 'prev == "Proposed partition reassignment configuration" { print; exit } { prev = $0 }')
    [[ -n $proposed ]] || fail "kafka-reassign-partitions.sh --generate printed no proposal: $out"
    # Only the partitions whose replica list changes (a new order moves leadership, no data).
    plan=$(awk 'NR == FNR { cur[$1 " " $2] = $3; next } cur[$1 " " $2] != $3' <(assignment_lines "$current") <(assignment_lines "$proposed"))
    if [[ -z $plan ]]; then log "$why: the proposal moves nothing"; return 0; fi
    printf '%s\n' "$plan" | assignment_json >"$work/plan.json"
    log "$why: moving $(wc -l <<<"$plan") partitions, throttled to $throttle B/s; plan: $(cat "$work/plan.json")"
    log "to undo: kafka-reassign-partitions.sh --cancel with this plan, or --execute with the current assignment: $current"
    # --execute prints the current assignment, the throttle and "Successfully started partition
    # reassignment(s) for …" (4.3.1 :766-828, 3.9.2 :725-784); a refusal or error exits 1.
    out=$(reassign --execute --reassignment-json-file "$work/plan.json" --throttle "$throttle") || fail "kafka-reassign-partitions.sh --execute failed: $out"
    rm -f "$work/diverged" "$work/throttle-cleared"
    wait_until_clear "$why: reassignment not completed, still moving (nothing is removed; the reassignment goes on in the cluster, throttled: run pulumi up again to wait for it, raise kafka-eks:kafka.rebalance.throttleBytesPerSecond, or cancel it with kafka-reassign-partitions.sh --cancel and the plan above)" still_moving "$work/plan.json"
    [[ ! -s $work/diverged ]] || fail "$why: reassignment ended elsewhere than planned: $(paste -sd';' "$work/diverged" | sed 's/;/; /g'); nothing is removed: check who changed these partitions, then run pulumi up again"
    [[ -e $work/throttle-cleared ]] || log "$why: the throttle stays until no other reassignment is in progress (--verify removes it then)"
    log "$why: every moved partition completed"
}

# During a reassignment Replicas lists more replicas than the replication factor, and --generate
# would keep that count: every wait starts from a cluster with none in progress.
settled() { wait_until_clear "before reassigning, reassignments already in progress (started by someone else or by an earlier run)" reassignments_in_progress; }
if [[ $mode == drain ]]; then
    json=$(api GET "/apis/apps/v1/namespaces/$namespace/statefulsets/$sts" 2>/dev/null) || {
        status=$(cat "$KUBE_API_STATUS")
        [[ $status == 404 ]] || fail "cannot read StatefulSet $sts (HTTP ${status:-no answer})"
        log "no StatefulSet $sts yet: nothing to drain"
        exit 0
    }
    running=$(json_field replicas "$json")
    [[ $running =~ ^[0-9]+$ ]] || fail "StatefulSet $sts has no spec.replicas"
    if ((running <= brokers)); then log "$sts runs $running brokers, the target is $brokers: nothing to drain"; exit 0; fi
    removed=$(seq -s, "$brokers" $((running - 1)))
    settled
    rows=$(partitions) || fail "kafka-topics.sh --describe failed"
    affected=$(printf '%s\n' "$rows" | awk -v n="$brokers" 'NF == 3 { k = split($3, r, ","); for (i = 1; i <= k; i++) if (r[i] >= n) { print; break } }')
    if [[ -z $affected ]]; then log "no replica on brokers $removed: nothing to move"; exit 0; fi
    too_big=$(printf '%s\n' "$affected" | awk -v n="$brokers" '{ k = split($3, r, ","); if (k > n) printf "%s-%s(rf %d) ", $1, $2, k }')
    [[ -z $too_big ]] || fail "cannot remove brokers $removed: these partitions have more replicas than the $brokers brokers left: ${too_big% }; lower their replication factor (kafka-reassign-partitions.sh) or keep kafka-eks:kafka.brokers at $running" 3
    move "$(printf '%s\n' "$affected" | awk '{ print $1 }' | LC_ALL=C sort -u)" "draining brokers $removed"
    rows=$(partitions) || fail "kafka-topics.sh --describe failed"
    left=$(printf '%s\n' "$rows" | awk -v n="$brokers" 'NF == 3 { k = split($3, r, ","); for (i = 1; i <= k; i++) if (r[i] >= n) { printf "%s-%s(replicas %s) ", $1, $2, $3; break } }')
    [[ -z $left ]] || fail "after the reassignment, partitions still on brokers $removed: ${left% }; nothing is removed"
    log "brokers $removed hold no replica: the StatefulSet may shrink to $brokers"
else
    wait_until_clear "before spreading, brokers not Ready" pods_not_ready
    settled
    rows=$(partitions) || fail "kafka-topics.sh --describe failed"
    empty=$(printf '%s\n' "$rows" | awk -v n="$brokers" 'NF == 3 { k = split($3, r, ","); for (i = 1; i <= k; i++) held[r[i]] = 1 } END { for (b = 0; b < n; b++) if (!(b in held)) printf "%d ", b }')
    if [[ -z $empty ]]; then log "every broker 0..$((brokers - 1)) holds replicas: nothing to spread"; exit 0; fi
    move "$(printf '%s\n' "$rows" | awk 'NF == 3 { print $1 }' | LC_ALL=C sort -u)" "spreading onto brokers ${empty% }"
fi
log "done"
