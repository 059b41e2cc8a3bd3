#!/bin/bash
# kafka-cluster.sh (ClusterTool) at 4.3.1, the parts the finalize Job uses: list-endpoints
# --include-fenced-brokers and unregister (tools/src/main/java/org/apache/kafka/tools/ClusterTool.java, ":N").
# State: $STUB_STATE/registrations, one registered broker a line, "id rack fenced|unfenced";
# $STUB_STATE/stopping, "id calls": a broker shutting down, shown fenced from its calls-th list-endpoints call on.
source "${0%/*}/lib.sh"
at_least_4 || { echo "stub kafka-cluster.sh: only 4.3.1 (KRaft) is modelled" >&2; exit 98; }
reg="$S/registrations"
touch "$reg"

# argparse4j: the subcommand first, then its options: --bootstrap-server|-b or --bootstrap-controller|-C
# (required, exclusive), --command-config|-c; unregister --id|-i (required, Integer);
# list-endpoints --include-fenced-brokers (:70-101). A parse error: parseArgsOrFail (:103) prints the
# usage and "<prog>: error: <message>" on stderr (prog "kafka-cluster <subcommand>" for a subparser's
# error; argparse4j ArgumentParserImpl.java:1326-1340) and exits 1, outside mainNoExit's catch. An
# --id that is no Integer: Integer.valueOf's NumberFormatException text in parentheses, the message
# prefixed "argument --id/-i: " (argparse4j impl/type/ReflectArgumentType.java:158-162,
# inf/ArgumentParserException.java:69-78).
command=${1:-}
shift || true
fail() {
    echo "usage: kafka-cluster $command [-h] (--bootstrap-server BOOTSTRAP_SERVER | --bootstrap-controller BOOTSTRAP_CONTROLLER) ..." >&2
    echo "kafka-cluster $command: error: $1" >&2
    exit 1
}
bootstrap="" command_config="" id="" fenced=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        --bootstrap-server | -b) bootstrap=${2:?}; shift 2 ;;
        --command-config | -c) command_config=${2:?}; shift 2 ;;
        --id | -i) [[ $command == unregister && ${2:-} =~ ^-?[0-9]+$ ]] || fail "argument --id/-i: could not convert '${2:-}' to Integer (For input string: \"${2:-}\")"; id=$2; shift 2 ;;
        --include-fenced-brokers) [[ $command == list-endpoints ]] || fail "unrecognized arguments: '$1'"; fenced=true; shift ;;
        *) fail "unrecognized arguments: '$1'" ;;
    esac
done
[[ -n $bootstrap ]] || fail "one of the arguments --bootstrap-server/-b --bootstrap-controller/-C is required"
if [[ -n $command_config ]]; then load_props "$command_config"; fi
# Failures: the message, then the stack trace, on stderr; exit 1 (:51-62).
maybe_unreachable echo "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeCluster" >&2

case $command in
list-endpoints)
    # describeCluster(includeFencedBrokers): without the flag only unfenced brokers. A header row and
    # one row per broker, "%-10s %-<host>s %-10s %-<rack>s %-10s %-15s" (ID HOST PORT RACK STATE
    # ENDPOINT_TYPE); a broker without rack prints "null" (:172-200).
    if [[ -f $S/stopping ]]; then
        while read -r sid n; do
            if ((n <= 1)); then sed -i "s/^$sid \(.*\) unfenced$/$sid \1 fenced/" "$reg"; else echo "$sid $((n - 1))"; fi
        done <"$S/stopping" >"$S/stopping.new"
        mv "$S/stopping.new" "$S/stopping"
    fi
    fmt='%-10s %-51s %-10s %-10s %-10s %-15s\n'
    # shellcheck disable=SC2059
    printf "$fmt" ID HOST PORT RACK STATE ENDPOINT_TYPE
    while read -r bid rack state; do
        [[ -n $bid ]] || continue
        [[ $state == unfenced || $fenced == true ]] || continue
        # shellcheck disable=SC2059
        printf "$fmt" "$bid" "kafka-broker-$bid.kafka-broker-headless.kafka.svc.cluster.local" 9092 "$rack" "$state" broker
    done <"$reg"
    ;;
unregister)
    [[ -n $id ]] || fail "argument --id/-i is required"
    grep -q "^$id " "$reg" || { echo "stub kafka-cluster.sh: unregistering an unregistered id is not modelled" >&2; exit 98; }
    grep -v "^$id " "$reg" >"$reg.new" || true
    mv "$reg.new" "$reg"
    echo "Broker $id is no longer registered." # (:158-161)
    ;;
*)
    echo "stub kafka-cluster.sh: ${command:-no command} not modelled" >&2
    exit 98
    ;;
esac
