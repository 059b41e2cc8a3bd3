#!/usr/bin/env bash
# Finalizes a KRaft cluster's metadata.version at the release its nodes now run, after the roller
# has restarted every node onto it (the finalize Job). First it unregisters the brokers a
# scale-down removed: their registrations stay (fenced) otherwise, and the controller checks every
# registration before raising a feature level (4.3.1 metadata/.../FeatureControlManager.java:330-339). Until then the cluster keeps the old level
# and a rollback to the old Kafka works; from then on Kafka below that release cannot read the
# metadata log, which the preview refuses (layout-guard/).
#
#   0. kafka-cluster.sh list-endpoints --include-fenced-brokers: wait (bounded) until every broker
#      with an id at or above --brokers is fenced (its pod stopped), then unregister each;
#   1. kafka-features.sh describe: the finalized metadata.version (e.g. 4.2-IV1); at or above
#      --metadata already: nothing to do;
#   2. kafka-features.sh upgrade --metadata <major.minor>: metadata.version only. Not
#      --release-version, which would also raise kraft.version (dynamic quorum membership, which this
#      program does not run with its static controller.quorum.voters) and the other features;
#   3. describe again: the level must now be at or above the target.
#
# Usage: finalize-features.sh --bootstrap-server HOST:PORT --command-config FILE --metadata MAJOR.MINOR
#          --brokers N [--poll-seconds S] [--max-polls N]
# Exit codes: 0 finalized (or already); 1 the tool refused or failed, or a wait ran out; 2 usage.
set -euo pipefail

bootstrap="" command_config="" target="" brokers="" poll_seconds=10 max_polls=30
usage() { echo "finalize-features: $1" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bootstrap-server) bootstrap=${2:?}; shift 2 ;;
        --command-config) command_config=${2:?}; shift 2 ;;
        --metadata) target=${2:?}; shift 2 ;;
        --brokers) brokers=${2:?}; shift 2 ;;
        --poll-seconds) poll_seconds=${2:?}; shift 2 ;;
        --max-polls) max_polls=${2:?}; shift 2 ;;
        *) usage "unknown argument $1" ;;
    esac
done
[[ -n $bootstrap && -n $command_config && $target =~ ^[0-9]+\.[0-9]+$ && $brokers =~ ^[1-9][0-9]*$ ]] || usage "--bootstrap-server, --command-config, --metadata MAJOR.MINOR and --brokers N are required"
[[ $poll_seconds =~ ^[0-9]+$ && $max_polls =~ ^[1-9][0-9]*$ ]] || usage "--poll-seconds, --max-polls: non-negative integers"

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
log() { echo "finalize-features: $*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
features() { "$KAFKA_BIN/kafka-features.sh" --bootstrap-server "$bootstrap" --command-config "$command_config" "$@"; }

# list-endpoints --include-fenced-brokers: a header row, then "ID HOST PORT RACK STATE ENDPOINT_TYPE"
# rows, space-padded, STATE fenced|unfenced (4.3.1 tools/.../ClusterTool.java:172-200). Prints
# "id state" of the registered brokers at or above --brokers.
removed_registrations() {
    local out
    out=$("$KAFKA_BIN/kafka-cluster.sh" list-endpoints --bootstrap-server "$bootstrap" --command-config "$command_config" --include-fenced-brokers) || return 1
    printf '%s\n' "$out" | awk -v n="$brokers" '$1 ~ /^[0-9]+$/ && $6 == "broker" && $1 >= n { print $1, $5 }'
}
still_running=""
for ((i = 1; ; i++)); do
    regs=$(removed_registrations) || fail "kafka-cluster.sh list-endpoints failed"
    still_running=$(awk 'NF && $2 != "fenced" { printf "%s ", $1 }' <<<"$regs")
    [[ -n $still_running && $i -lt $max_polls ]] || break
    sleep "$poll_seconds"
done
[[ -z $still_running ]] || fail "brokers ${still_running% } are above kafka.brokers ($brokers) and still unfenced after $max_polls checks, ${poll_seconds}s apart: their pods have not stopped"
for id in $(awk '{ print $1 }' <<<"$regs"); do
    # "Broker <id> is no longer registered." (ClusterTool.java:158-161)
    out=$("$KAFKA_BIN/kafka-cluster.sh" unregister --bootstrap-server "$bootstrap" --command-config "$command_config" --id "$id" 2>&1) || fail "kafka-cluster.sh unregister --id $id: $out"
    log "$out (removed by a scale-down)"
done

# describe: "Feature: metadata.version<pad>  SupportedMinVersion: …  SupportedMaxVersion: …
# FinalizedVersionLevel: 4.3-IV0<pad>  Epoch: N" (4.3.1 tools/.../FeatureCommand.java:248-257).
finalized() {
    local out
    out=$(features describe) || return 1
    printf '%s\n' "$out" | awk '$1 == "Feature:" && $2 == "metadata.version" { for (i = 3; i < NF; i++) if ($i == "FinalizedVersionLevel:") print $(i + 1) }'
}
# "4.2-IV1" -> "4.2"; true when A (major.minor) is at or above B.
minor() { printf '%s' "${1%%-*}"; }
at_least() { local a=$1 b=$2; [[ ${a%%.*} -gt ${b%%.*} || ( ${a%%.*} -eq ${b%%.*} && ${a#*.} -ge ${b#*.} ) ]]; }

level=$(finalized) || fail "kafka-features.sh describe failed"
[[ $level =~ ^[0-9]+\.[0-9]+-IV[0-9]+$ ]] || fail "kafka-features.sh describe shows no finalized metadata.version (got '${level}')"
if at_least "$(minor "$level")" "$target"; then log "metadata.version is $level: nothing to finalize for $target"; exit 0; fi
log "finalizing metadata.version $level -> $target"
# A refusal ("Could not upgrade metadata.version to N. <reason>") is on stdout, the count on stderr,
# exit 1 (FeatureCommand.java:452-470); the --metadata deprecation line is on stdout too (:325-326).
if ! out=$(features upgrade --metadata "$target" 2>&1); then
    fail "kafka-features.sh upgrade --metadata $target: $(printf '%s\n' "$out" | grep -v 'flag is deprecated' | paste -sd' ' -) (a node not yet on Kafka $target refuses it: check every pod runs the new image, then run pulumi up again)"
fi
level=$(finalized) || fail "kafka-features.sh describe failed after the upgrade"
at_least "$(minor "$level")" "$target" || fail "metadata.version is $level after upgrading to $target"
log "metadata.version finalized at $level"
