#!/bin/bash
# kafka-metadata-quorum.sh (tools/src/main/java/org/apache/kafka/tools/MetadataQuorumCommand.java),
# the call the roller makes: `--bootstrap-server B --command-config F describe --replication`. Only
# 4.3.1 is modelled: the roller checks a quorum in KRaft mode only, and KRaft stacks run 4.x.
# The quorum comes from the simulated cluster (STUB_MODEL, tests/kafka/stubs/simulated-cluster.ts).
source "${0%/*}/lib.sh"
at_least_4 || { echo "stub: kafka-metadata-quorum.sh is not used at $V" >&2; exit 97; }
model_on || { echo "stub: kafka-metadata-quorum.sh needs STUB_MODEL" >&2; exit 97; }

# An ArgumentParserException: usage and "kafka-metadata-quorum: error: <message>" on stderr, exit 1
# (:85-87; argparse4j ArgumentParserImpl.java:1326-1340).
fail() {
    echo "usage: kafka-metadata-quorum [-h] (--bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER) [--command-config COMMAND_CONFIG] {describe,add-controller,remove-controller} ..." >&2
    echo "kafka-metadata-quorum: error: $1" >&2
    exit 1
}
# Global options before the subcommand (:103-110): exactly one of --bootstrap-server and
# --bootstrap-controller (a required mutually exclusive group), --command-config a file the tool
# loads (:122-123; a missing file fails). "--opt=value" and "--opt value" (argparse4j :833-842,1014-1027).
declare -A VAL=()
while [[ $# -gt 0 && $1 == --* ]]; do
    tok=$1
    shift
    name=${tok%%=*}
    case $name in --bootstrap-server | --bootstrap-controller | --command-config) ;; *) fail "unrecognized arguments: '$tok'" ;; esac
    if [[ $tok == *=* ]]; then VAL[$name]=${tok#*=}; else
        [[ $# -gt 0 && $1 != -* ]] || fail "argument $name: expected one argument"
        VAL[$name]=$1
        shift
    fi
done
if [[ -n ${VAL[--bootstrap-server]+x} && -n ${VAL[--bootstrap-controller]+x} ]]; then
    fail "argument --bootstrap-controller: not allowed with argument --bootstrap-server"
fi
[[ -n ${VAL[--bootstrap-server]+x} || -n ${VAL[--bootstrap-controller]+x} ]] || fail "one of the arguments --bootstrap-server --bootstrap-controller is required"
if [[ -n ${VAL[--command-config]+x} ]]; then load_props "${VAL[--command-config]}"; fi
# describe with --status or --replication, not both (:131-143; TerseException: message on stderr, exit 1, :88-90).
[[ ${1:-} == describe ]] || fail "invalid choice: '${1:-}' (choose from 'describe', 'add-controller', 'remove-controller')"
shift
status=false replication=false
for a in "$@"; do
    case $a in --status) status=true ;; --replication) replication=true ;; --human-readable) fail "human-readable output is not modelled" ;; *) fail "unrecognized arguments: '$a'" ;; esac
done
if [[ $status == true && $replication == true ]]; then echo "Only one of --status or --replication should be specified with describe sub-command" >&2; exit 1; fi
[[ $replication == true ]] || { echo "stub: describe --status not modelled" >&2; exit 98; }

maybe_unreachable echo "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeMetadataQuorum" >&2
# No active controller: the admin call fails; the message and a stack trace on stderr, exit 1 (:91-94).
if ! rows=$(model_get /kafka/quorum); then
    echo "org.apache.kafka.common.errors.NotControllerException: No controller is available" >&2
    exit 1
fi
# Rows (Leader, then Followers, then Observers, :204-206), each "id dirId leo lag lastFetch lastCaughtUp status".
# ToolsUtils.prettyPrintTable (tools/src/main/java/org/apache/kafka/tools/ToolsUtils.java:73-105): every
# cell padded with spaces to its column's widest value (header included) and followed by a tab.
# (Lines of other than 7 blank-separated cells are skipped.)
table=() widths=(0 0 0 0 0 0 0)
while read -ra cells; do
    ((${#cells[@]} == 7)) || continue
    table+=("${cells[*]}")
    for i in "${!cells[@]}"; do ((${#cells[i]} <= widths[i])) || widths[i]=${#cells[i]}; done
done <<<"NodeId DirectoryId LogEndOffset Lag LastFetchTimestamp LastCaughtUpTimestamp Status"$'\n'"$rows"
for line in "${table[@]}"; do
    read -ra cells <<<"$line"
    out=""
    for i in "${!cells[@]}"; do printf -v cell '%-*s\t' "${widths[i]}" "${cells[i]}"; out+=$cell; done
    printf '%s\n' "$out"
done
