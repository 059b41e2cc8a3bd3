#!/bin/bash
# kafka-reassign-partitions.sh (ReassignPartitionsCommand) against the simulated cluster
# (STUB_MODEL: tests/kafka/stubs/simulated-cluster.ts), the actions the rebalance Jobs use:
# --generate, --execute, --verify, --list. Line numbers "3.9.2 / 4.3.1" of
# tools/src/main/java/org/apache/kafka/tools/reassign/ReassignPartitionsCommand.java unless a file
# is named; options from ReassignPartitionsCommandOptions.java beside it.
source "${0%/*}/lib.sh"
model_on || { echo "stub kafka-reassign-partitions.sh: needs STUB_MODEL (the simulated cluster)" >&2; exit 98; }

CMD=ReassignPartitionsCommand.java
JOPT_ARG=(command-config reassignment-json-file topics-to-move-json-file broker-list throttle replica-alter-log-dirs-throttle timeout)
JOPT_FLAG=(verify generate execute cancel list disable-rack-aware additional preserve-throttles disallow-replication-factor-change help version)
if at_least_4; then
    # 4.3.1: --bootstrap-server and --bootstrap-controller take an optional argument (Options :59-62, :89-93).
    JOPT_OPT=(bootstrap-server bootstrap-controller)
else
    # 3.9.2: --bootstrap-server requires one (Options :57-60); there is no --bootstrap-controller.
    JOPT_ARG+=(bootstrap-server)
fi
jopt_parse "$@"

# validateAndParseArgs (3.9.2 :1389-1475 / 4.3.1 :1443-1522): exactly one action, a bootstrap
# server, the action's required options, and no option the action does not permit; each failure is
# CommandLineUtils.printUsageAndExit (message and usage on stderr, exit 1).
actions=()
for a in generate execute verify cancel list; do if has "$a"; then actions+=("$a"); fi; done
((${#actions[@]} == 1)) || jopt_fail "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list"
action=${actions[0]}
has bootstrap-server || jopt_fail "$(if at_least_4; then echo "Please specify either --bootstrap-server or --bootstrap-controller"; else echo "Please specify --bootstrap-server"; fi)"
case $action in
    generate) required=(topics-to-move-json-file broker-list) permitted=(bootstrap-server broker-list command-config disable-rack-aware) ;;
    execute) required=(reassignment-json-file) permitted=(additional bootstrap-server command-config throttle replica-alter-log-dirs-throttle timeout disallow-replication-factor-change) ;;
    verify) required=(reassignment-json-file) permitted=(bootstrap-server command-config preserve-throttles) ;;
    list) required=() permitted=(bootstrap-server command-config) ;;
    *) echo "stub kafka-reassign-partitions.sh: --$action not modelled" >&2; exit 98 ;;
esac
for r in "${required[@]}"; do has "$r" || jopt_fail "Missing required argument \"[$r]\""; done
for o in "${!OPT[@]}"; do
    [[ $o == "$action" ]] || jopt_known "$o" "${required[@]}" "${permitted[@]}" || jopt_fail "Option \"[$o]\" can't be used with action \"[$action]\""
done

# main (3.9.2 :123-152 / 4.3.1 :131-164): a TerseException prints its message on stdout; any other
# error prints "Error: <message>" and the stack trace on stdout; either way exit 1.
terse() { printf '%s\n' "$1"; exit 1; }
error() { # MESSAGE EXCEPTION-CLASS
    echo "Error: $1"
    echo "$2: $1"
    echo "	at org.apache.kafka.tools.reassign.ReassignPartitionsCommand.main(ReassignPartitionsCommand.java)"
    exit 1
}
# --command-config is loaded inside main's try (3.9.2 :129-131 / 4.3.1 :137-139), so a missing file
# is main's catch-all on stdout: "Error: <path>" (NoSuchFileException's message), then the trace.
if has command-config; then
    [[ -r $(opt command-config) ]] || error "$(opt command-config)" java.nio.file.NoSuchFileException
    load_props "$(opt command-config)"
fi
maybe_unreachable error "Timed out waiting for a node assignment. Call: describeCluster" "org.apache.kafka.common.errors.TimeoutException"

# The cluster, from the model: "topic partition leader replicas isr minIsr" per partition, "id rack"
# per live broker, "topic partition replicas adding removing" per reassignment in progress.
# The reassignments first, then the partitions, as --verify asks the controller
# (findPartitionReassignmentStates, 3.9.2 :296-354 / 4.3.1 :309-367).
live=$(model_get /kafka/brokers) || error "Timed out waiting for a node assignment. Call: describeCluster" "org.apache.kafka.common.errors.TimeoutException"
ongoing=$(model_get /kafka/reassignments)
rows=$(model_get /kafka/partitions) || error "Timed out waiting for a node assignment. Call: describeTopics" "org.apache.kafka.common.errors.TimeoutException"
# Looked up by "topic partition" (the model prints every id, topic and partition one way: no two
# spellings of one number): REPLICAS the replica list of each partition, ONGOING the partitions
# being reassigned, LIVE the ids of the live brokers.
declare -A REPLICAS=() ONGOING=() LIVE=()
while read -r t p _ r _; do if [[ -n $t ]]; then REPLICAS["$t $p"]=$r; fi; done <<<"$rows"
while read -r t p _; do if [[ -n $t ]]; then ONGOING["$t $p"]=1; fi; done <<<"$ongoing"
while read -r id _; do if [[ -n $id ]]; then LIVE[$id]=1; fi; done <<<"$live"
# TopicPartition.toString is "<topic>-<partition>"; sorted by topic (String.compareTo), then partition
# (compareTopicPartitions, 3.9.2 :243-246 / 4.3.1 :256-259).
sort_tp() { LC_ALL=C sort -t' ' -k1,1 -k2,2n; }
# "topic partition replicas" lines of a reassignment JSON file (version 1: partitions[].topic,
# .partition, .replicas; log_dirs optional, "any" when absent, 3.9.2 :1330-1382 / 4.3.1 :1387-1441).
# The stub reads compact JSON as the tool and the Jobs write it.
read_plan() {
    local f
    f=$(opt reassignment-json-file)
    [[ -r $f ]] || error "$f (No such file or directory)" "java.nio.file.NoSuchFileException"
    # Every match of the pattern, left to right (as `grep -o` finds them), as "topic partition replicas".
    local line re='"topic":"([^"]*)","partition":([0-9]+),"replicas":\[([0-9,]*)\]'
    while IFS= read -r line || [[ -n $line ]]; do
        while [[ $line =~ $re ]]; do
            printf '%s %s %s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
            line=${line#*"${BASH_REMATCH[0]}"}
        done
    done <"$f"
}
# formatAsReassignmentJson (3.9.2 :1276-1299 / 4.3.1 :1336-1359): Jackson, compact, keys in insertion
# order (version, partitions; topic, partition, replicas, log_dirs), partitions sorted. LOGDIR per replica.
as_json() { # LOGDIR; "topic partition replicas" lines on stdin
    local sorted t p r extra dirs commas i sep=""
    sorted=$(sort_tp)
    printf '{"version":1,"partitions":['
    while read -r t p r extra; do
        [[ -n $r && -z $extra ]] || continue # lines of three fields
        # One LOGDIR per replica: as many as the list has comma-separated entries.
        dirs="\"$1\"" commas=${r//[!,]/}
        for ((i = 0; i < ${#commas}; i++)); do dirs+=",\"$1\""; done
        printf '%s{"topic":"%s","partition":%s,"replicas":[%s],"log_dirs":[%s]}' "$sep" "$t" "$p" "$r" "$dirs"
        sep=,
    done <<<"$sorted"
    printf ']}\n'
}
# --generate at 4.3.1 reports each replica's current log directory (getReplicaToLogDir, :568-574,
# :1553-1571: this project's log.dirs, components/kafka/topology.ts); 3.9.2 passes an empty map
# (:555-559), so every entry is "any". Proposals and --execute's rollback JSON at 3.9.2 say "any".
current_dir() { if at_least_4; then echo /var/lib/kafka/data/logs; else echo any; fi; }

case $action in
list)
    # curReassignmentsToString (3.9.2 :847-871 / 4.3.1 :890-914).
    if [[ -z $ongoing ]]; then echo "No partition reassignments found."; exit 0; fi
    echo "Current partition reassignments:"
    while read -r t p r adding removing _; do
        [[ $adding == - ]] && adding="" || adding=" adding: $adding."
        [[ $removing == - ]] && removing="" || removing=" removing: $removing."
        printf '%s-%s: replicas: %s.%s%s\n' "$t" "$p" "$r" "$adding" "$removing"
    done < <(sort_tp <<<"$ongoing")
    ;;
generate)
    f=$(opt topics-to-move-json-file)
    [[ -r $f ]] || error "$f (No such file or directory)" "java.nio.file.NoSuchFileException"
    topics=$(grep -oE '"topic":"[^"]*"' "$f" | sed -E 's/"topic":"(.*)"/\1/')
    IFS=, read -ra wanted <<<"$(opt broker-list)"
    # Broker ids must be integers and distinct (parseGenerateAssignmentArgs, 3.9.2 :697-709 / 4.3.1 :738-750).
    for b in "${wanted[@]}"; do [[ $b =~ ^[0-9]+$ ]] || error "For input string: \"$b\"" "java.lang.NumberFormatException"; done
    current=""
    while IFS= read -r t; do
        [[ -n $t ]] || continue
        # describeTopics of a missing topic (3.9.2 :589-606 / 4.3.1 :619-636).
        grep -q "^$t " <<<"$rows" || error "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic $t not found." "java.util.concurrent.ExecutionException"
        current+=$(awk -v t="$t" '$1 == t { print $1, $2, $4 }' <<<"$rows")$'\n'
    done <<<"$topics"
    # getBrokerMetadata (3.9.2 :669-685 / 4.3.1 :710-726): the listed brokers that are registered (the
    # others are silently left out), with their racks unless --disable-rack-aware; some with and some
    # without a rack is an error.
    usable=$(awk -v list="$(opt broker-list)" 'BEGIN { n = split(list, l, ","); for (i = 1; i <= n; i++) want[l[i]] = 1 } ($1 in want)' <<<"$live")
    if has disable-rack-aware; then usable=$(awk '{ print $1, "-" }' <<<"$usable"); fi
    nusable=$(grep -c . <<<"$usable" || true)
    # calculateAssignment places every partition of a topic again with the replication factor of one of
    # its partitions (3.9.2 :573-587, AdminUtils.assignReplicasToBrokers; 4.3.1 :588-617,
    # StripedReplicaPlacer): the stub takes partition 0. Too few brokers fails the whole command:
    # 3.9.2 server-common/src/main/java/org/apache/kafka/admin/AdminUtils.java:127-128;
    # 4.3.1 metadata/src/main/java/org/apache/kafka/metadata/placement/StripedReplicaPlacer.java:411-416.
    while IFS=' ' read -r t p r; do
        [[ -n $t && $p == 0 ]] || continue
        rf=$(awk -F, '{ print NF }' <<<"$r")
        if ((rf > nusable)); then
            if at_least_4; then error "The target replication factor of $rf cannot be reached because only $nusable broker(s) are registered or some brokers have all their log directories cordoned." "org.apache.kafka.common.errors.InvalidReplicationFactorException"
            else error "Replication factor: $rf larger than available brokers: $nusable." "org.apache.kafka.common.errors.InvalidReplicationFactorException"; fi
        fi
    done <<<"$current"
    # Rack-aware placement: the brokers in rack-alternated order (AdminUtils.getRackAlternatedBrokerList,
    # 3.9.2 AdminUtils.java:227-245; 4.3.1 StripedReplicaPlacer's RackList stripes racks the same way),
    # each partition's leader the next broker in that order and every further replica on a rack with no
    # replica yet while one is left (AdminUtils.java:175-210). Upstream starts at a random index
    # (AdminUtils.java:172,174; `new StripedReplicaPlacer(new Random())`, 4.3.1 :97); the stub starts at 0.
    proposed=$(awk -v brokers="$(tr '\n' ';' <<<"$usable")" '
        BEGIN {
            nb = split(brokers, b, ";"); n = 0
            for (i = 1; i <= nb; i++) if (b[i] != "") { split(b[i], f, " "); rack[f[1]] = f[2]; if (!(f[2] in seen)) { seen[f[2]] = 1; racks[++nr] = f[2] } ids[++m] = f[1] }
            # racks sorted, brokers within a rack sorted, then one from each rack in turn
            for (i = 1; i <= nr; i++) for (j = i + 1; j <= nr; j++) if (racks[j] < racks[i]) { x = racks[i]; racks[i] = racks[j]; racks[j] = x }
            for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (ids[j] + 0 < ids[i] + 0) { x = ids[i]; ids[i] = ids[j]; ids[j] = x }
            for (round = 0; n < m; round++) for (k = 1; k <= nr; k++) { c = 0; for (i = 1; i <= m; i++) if (rack[ids[i]] == racks[k] && c++ == round) order[n++] = ids[i] }
        }
        NF == 3 { rfs[$1] = (rfs[$1] ? rfs[$1] : 0); if ($2 == 0) rfs[$1] = split($3, z, ","); parts[$1] = parts[$1] " " $2 }
        END {
            for (t in parts) {
                rf = rfs[t]; np = split(parts[t], ps, " ")
                for (q = 1; q <= np; q++) {
                    p = ps[q]; delete used; delete usedRack; list = order[p % n]; used[order[p % n]] = 1; usedRack[rack[order[p % n]]] = 1; nu = 1; nrk = 1
                    for (s = 1; nu < rf && s < 2 * n; s++) {
                        cand = order[(p + s) % n]
                        if (cand in used) continue
                        if ((rack[cand] in usedRack) && nrk < nr && s < n) continue
                        list = list "," cand; used[cand] = 1; if (!(rack[cand] in usedRack)) { usedRack[rack[cand]] = 1; nrk++ }; nu++
                    }
                    print t, p, list
                }
            }
        }' <<<"$current")
    # Both JSONs on stdout with their headings (3.9.2 :558-561 / 4.3.1 :573-576).
    printf 'Current partition replica assignment\n%s\n\n' "$(as_json "$(current_dir)" <<<"$current")"
    printf 'Proposed partition reassignment configuration\n%s\n' "$(as_json any <<<"$proposed")"
    ;;
execute)
    plan=$(read_plan)
    # parseExecuteAssignmentArgs (3.9.2 :1178-1211 / 4.3.1 :1238-1271).
    [[ -n $plan ]] || error "Partition reassignment list cannot be empty" "org.apache.kafka.server.common.AdminCommandFailedException"
    # An ongoing reassignment without --additional: TerseException (3.9.2 :741-743 / 4.3.1 :779-785).
    if [[ -n $ongoing ]] && ! has additional; then
        terse "Cannot execute because there is an existing partition assignment.  Use --additional to override this and create a new partition assignment in addition to the existing one. The --additional flag can also be used to change the throttle by resubmitting the current reassignment."
    fi
    # verifyBrokerIds: every target broker registered (3.9.2 :879-886 / 4.3.1 :922-929).
    # (The plan's broker ids in numeric order, each once: indices of an indexed array.)
    targets=()
    while read -r _ _ r; do
        IFS=, read -ra ids <<<"$r"
        for b in "${ids[@]}"; do if [[ -n $b ]]; then targets[10#$b]=1; fi; done
    done <<<"$plan"
    for b in "${!targets[@]}"; do
        [[ -n ${LIVE[$b]+set} ]] || error "Unknown broker id $b" "org.apache.kafka.server.common.AdminCommandFailedException"
    done
    # The rollback JSON of the partitions in the plan (currentPartitionReplicaAssignmentToString,
    # 3.9.2 :897-905 / 4.3.1 :941-962), then the throttle (:750-765 / :795-807, modifyInterBrokerThrottle
    # :1131-1147 / :1191-1207), then the reassignments and their summary (:766-783 / :810-824).
    rollback=$(while IFS=' ' read -r t p r; do echo "$t $p ${REPLICAS["$t $p"]-}"; done <<<"$plan")
    printf 'Current partition replica assignment\n\n%s\n\nSave this to use as the --reassignment-json-file option during rollback\n' "$(as_json "$(current_dir)" <<<"$rollback")"
    bps=$(opt throttle || echo -1)
    if ((bps >= 0)); then
        echo "Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed."
        model_post "/kafka/throttle/$bps"
        echo "The inter-broker throttle limit was set to $bps B/s"
    fi
    while IFS=' ' read -r t p r; do model_post "/kafka/reassign/$t/$p/$r"; done <<<"$plan"
    # (The number of non-empty plan lines; the partitions as "topic-partition", sorted, joined by ','.)
    n=0 started=""
    while IFS= read -r line; do if [[ -n $line ]]; then n=$((n + 1)); fi; done <<<"$plan"
    while read -r t p _; do started+=",$t-$p"; done < <(sort_tp <<<"$plan")
    printf 'Successfully started partition reassignment%s for %s\n' "$( ((n == 1)) || echo s)" "${started#,}"
    ;;
verify)
    plan=$(read_plan)
    # partitionReassignmentStatesToString (3.9.2 :264-285 / 4.3.1 :277-298): in progress while the
    # controller lists the partition; else completed when the replicas equal the target.
    echo "Status of partition reassignment:"
    while IFS=' ' read -r t p target; do
        if [[ -n ${ONGOING["$t $p"]+set} ]]; then
            echo "Reassignment of partition $t-$p is still in progress."
        else
            now=${REPLICAS["$t $p"]-}
            if [[ $now == "$target" ]]; then echo "Reassignment of partition $t-$p is completed."
            else echo "There is no active reassignment of partition $t-$p, but replica set is $now rather than $target."; fi
        fi
    done < <(sort_tp <<<"$plan")
    # The log-directory moves: none with "any" directories, so an empty line (3.9.2 :393-396 / 4.3.1 :404-410).
    echo ""
    # No reassignment left anywhere in the cluster: the throttles are removed (3.9.2 :213-219, :486-500 /
    # 4.3.1 :226-232, :499-513). HashSet order; the stub sorts.
    if [[ -z $ongoing ]] && ! has preserve-throttles; then
        # (The live brokers and the plan's, in numeric order, each once: indices of an indexed array;
        # the plan's topics in byte order, each once.)
        brokers=()
        for b in "${!LIVE[@]}"; do brokers[b]=1; done
        while read -r _ _ r; do
            IFS=, read -ra ids <<<"$r"
            for b in "${ids[@]}"; do if [[ -n $b ]]; then brokers[10#$b]=1; fi; done
        done <<<"$plan"
        ids=${!brokers[*]} ids=${ids// /,}
        tops=""
        while IFS= read -r t; do tops+=",$t"; done < <(while read -r t _; do printf '%s\n' "$t"; done <<<"$plan" | LC_ALL=C sort -u)
        tops=${tops#,}
        printf 'Clearing broker-level throttles on broker%s %s\n' "$([[ $ids == *,* ]] && echo s)" "$ids"
        model_post /kafka/throttle/clear
        printf 'Clearing topic-level throttles on topic%s %s\n' "$([[ $tops == *,* ]] && echo s)" "$tops"
    fi
    ;;
esac
