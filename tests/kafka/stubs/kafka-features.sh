#!/bin/bash
# kafka-features.sh (FeatureCommand), the parts the finalize Job uses: describe and upgrade --metadata,
# at 4.3.1 (KRaft stacks; tools/src/main/java/org/apache/kafka/tools/FeatureCommand.java, ":N" below).
# State: $STUB_STATE/features/metadata.version, the finalized metadata.version feature level (default
# 30, what a 4.3.1 format writes), and features/supported-max, the highest level every registered
# node supports (default 30: 4.3.1's latest production level).
source "${0%/*}/lib.sh"
at_least_4 || { echo "stub kafka-features.sh: only 4.3.1 (KRaft) is modelled" >&2; exit 98; }
mkdir -p "$S/features"
read_file_or finalized "$S/features/metadata.version" 30
read_file_or supported_max "$S/features/supported-max" 30

# argparse4j: --bootstrap-server/--bootstrap-controller (mutually exclusive), --command-config, then
# a subcommand with its own options (:76-95, :138-164). An ArgumentParserException prints
# "Command line error: <message>. Type --help for help." on stderr (printf, no newline) and exits 1 (:66-68).
usage_error() { printf 'Command line error: %s. Type --help for help.' "$1" >&2; exit 1; }
bootstrap="" command_config="" command="" metadata="" dry_run=false
while [[ $# -gt 0 ]]; do
    case "$1" in
        # The main parser's options come before the subcommand; after it they are the subparser's unknowns.
        --bootstrap-server | --bootstrap-controller) [[ -z $command ]] || usage_error "unrecognized arguments: '$1'"; [[ $# -ge 2 ]] || usage_error "argument $1: expected one argument"; bootstrap=$2; shift 2 ;;
        --command-config) [[ -z $command ]] || usage_error "unrecognized arguments: '$1'"; [[ $# -ge 2 ]] || usage_error "argument --command-config: expected one argument"; command_config=$2; shift 2 ;;
        describe | upgrade) [[ -z $command ]] || usage_error "unrecognized arguments: '$1'"; command=$1; shift ;;
        --metadata) [[ $command == upgrade && $# -ge 2 ]] || usage_error "unrecognized arguments: '$1'"; metadata=$2; shift 2 ;;
        --dry-run) [[ $command == upgrade ]] || usage_error "unrecognized arguments: '$1'"; dry_run=true; shift ;;
        downgrade | disable | version-mapping | feature-dependencies | --release-version | --feature | --node-id) echo "stub kafka-features.sh: $1 not modelled" >&2; exit 98 ;;
        *) usage_error "unrecognized arguments: '$1'" ;;
    esac
done
[[ -n $command ]] || usage_error "too few arguments"
# Neither bootstrap option: initializeBootstrapProperties fails, rethrown as ArgumentParserException (:108-116).
[[ -n $bootstrap ]] || usage_error "You must specify either --bootstrap-controller or --bootstrap-server."
if [[ -n $command_config ]]; then load_props "$command_config"; fi
# Any other failure: its message on stderr, exit 1 (:69-71).
maybe_unreachable echo "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeFeatures" >&2

# metadata.version levels and names, server-common/src/main/java/org/apache/kafka/server/common/MetadataVersion.java:97-133
# (22 4.0-IV0 … 30 4.3-IV0, 31 4.4-IV0 unstable); a "major.minor" name is the latest IV of that release
# (fromVersionString, :349-367). Levels below 22 are shown as their 3.x names, not modelled here.
LEVELS="22 4.0-IV0
23 4.0-IV1
24 4.0-IV2
25 4.0-IV3
26 4.1-IV0
27 4.1-IV1
28 4.2-IV0
29 4.2-IV1
30 4.3-IV0
31 4.4-IV0"
name_of() { awk -v l="$1" '$1 == l { print $2; f = 1 } END { if (!f) print "UNKNOWN " l }' <<<"$LEVELS"; } # levelToString (:227-236)
level_of() { awk -v v="$1" '{ split($2, n, "-") } n[1] == v || $2 == v { l = $1 } END { if (l) print l }' <<<"$LEVELS"; }

case $command in
describe)
    # One line per supported feature, sorted by name, "%-40s" padded cells (:238-258). The stub prints
    # metadata.version only (the finalize Job reads that line).
    printf 'Feature: %-40s  SupportedMinVersion: %-15s  SupportedMaxVersion: %-15s  FinalizedVersionLevel: %-15s  Epoch: %s\n' \
        metadata.version 3.3-IV3 "$(name_of "$supported_max")" "$(name_of "$finalized")" 17
    ;;
upgrade)
    [[ -n $metadata ]] || { echo "You must specify at least one feature to upgrade" >&2; exit 1; } # update (:434-437)
    # --metadata is deprecated: a line on stdout first (:325-326).
    chatter " \`metadata\` flag is deprecated and may be removed in a future release."
    level=$(level_of "$metadata")
    if [[ -z $level ]]; then
        # fromVersionString's IllegalArgumentException, as a TerseException (:327-330).
        echo "Unknown metadata.version '$metadata'. Supported metadata.version are: 3.3-IV3, …, 4.4-IV0" >&2
        exit 1
    fi
    # The controller (metadata/src/main/java/org/apache/kafka/controller/FeatureControlManager.java):
    # every registered node must support the level (:256-259, QuorumFeatures.java:42-55), and UPGRADE
    # refuses a lower level (:261-266); the same level is accepted. A failure prints "Could not upgrade
    # <feature> to <level>. <message>" on stdout, then the count on stderr, exit 1 (FeatureCommand :452-470).
    reason=""
    if ((level > supported_max)); then reason="Invalid update version $level for feature metadata.version. Broker 0 only supports versions 7-$supported_max"
    elif ((level < finalized)); then reason="Invalid update version $level for feature metadata.version. Can't downgrade the version of this feature without setting the upgrade type to either safe or unsafe downgrade."; fi
    if [[ -n $reason ]]; then
        echo "$([[ $dry_run == true ]] && echo "Can not" || echo "Could not") upgrade metadata.version to $level. $reason"
        echo "1 out of 1 operation(s) failed." >&2
        exit 1
    fi
    [[ $dry_run == true ]] || echo "$level" >"$S/features/metadata.version"
    echo "metadata.version $([[ $dry_run == true ]] && echo "can be" || echo "was") upgraded to $level."
    ;;
esac
