#!/bin/bash
# kafka-topics.sh (TopicCommand), the parts the topic Job relies on. The options, the output and the
# exit codes below are the same at 3.9.2 and 4.3.1 (tools/src/main/java/org/apache/kafka/tools/TopicCommand.java
# in both; line numbers "3.9.2 / 4.3.1").
source "${0%/*}/lib.sh"

# --command-config is an admin-client properties file in both (:752 / :724).
JOPT_ARG=(bootstrap-server command-config topic topic-id config delete-config partitions replication-factor
    replica-assignment partition-size-limit-per-response)
JOPT_FLAG=(list create delete alter describe under-replicated-partitions unavailable-partitions under-min-isr-partitions
    at-min-isr-partitions topics-with-overrides if-exists if-not-exists exclude-internal help version)
# An OptionException escapes to mainNoExit: message and stack trace on stderr, exit 1 (:88-96 / :88-96).
jopt_fail() { echo "$1" >&2; echo "joptsimple.OptionException: $1" >&2; exit 1; }
jopt_parse "$@"
actions=0
for a in list create delete alter describe; do if has "$a"; then actions=$((actions + 1)); fi; done
# checkArgs: exactly one action, else printUsageAndExit (message and help on stderr, exit 1), not
# mainNoExit's catch (3.9.2 :963-969 / 4.3.1 :907-911).
((actions == 1)) || print_usage_and_exit "Command must include exactly one action: --list, --describe, --create, --alter or --delete"
if has command-config; then load_props "$(opt command-config)"; fi

# A failed action prints "Error while executing topic command : <message>" on STDOUT (the stack trace
# goes to the log, i.e. stderr) and exits 1 (:115-135 / :115-131).
error() { echo "Error while executing topic command : $1"; echo "[ERROR] org.apache.kafka.common.errors.$1 (org.apache.kafka.tools.TopicCommand\$)" >&2; exit 1; }
maybe_unreachable error "Timed out waiting for a node assignment. Call: listTopics"
# The partition lines' ELR fields. 4.3.1 (KRaft) describes through DescribeTopicPartitions, which
# carries the lists (printed, empty here). At 3.9.2 that API is served by KRaft brokers only
# (clients/src/main/resources/common/message/DescribeTopicPartitionsRequest.json:19 "listeners":
# ["broker"]), so against ZooKeeper-mode brokers the admin client describes through Metadata,
# whose TopicPartitionInfo has no ELR (KafkaAdminClient.java:2451-2453, TopicPartitionInfo.java:63-68):
# "Elr: N/A", "LastKnownElr: N/A" (TopicCommand 3.9.2 :379,387 / 4.3.1 :362,370).
if at_least_4; then ELR=$'\tElr: \tLastKnownElr: '; else ELR=$'\tElr: N/A\tLastKnownElr: N/A'; fi

# --topic is a Java regex that must match the whole name (TopicFilter.IncludeList: `topic.matches(regex)`,
# 3.9.2 server-common/src/main/java/org/apache/kafka/server/util/TopicFilter.java:64, 4.3.1
# tools/src/main/java/org/apache/kafka/tools/filter/TopicFilter.java:64). The topic names the tests use
# make Java and POSIX ERE agree.
matching() { local re=$1 t; while IFS= read -r t; do if [[ -n $t && $t =~ ^($re)$ ]]; then echo "$t"; fi; done < <(topic_names); }
# --describe/--alter of a regex that matches nothing: IllegalArgumentException. 3.9.2 formats the
# Optional itself (`String.format(.., requestedTopic)`, :218): "Topic 'Optional[x]' ..."; 4.3.1
# formats `requestedTopic.get()` (:207): "Topic 'x' ...".
require_match() {
    local shown
    shown=$(opt topic)
    if ! at_least_4; then shown="Optional[$shown]"; fi
    [[ -n $1 ]] || error "Topic '$shown' does not exist as expected"
}

if has list; then
    # Sorted names joined by "\n", one println (:502-507 / :473-476): an empty cluster prints one empty line.
    names=$(topic_names)
    printf '%s\n' "$names"
elif has create; then
    name=$(opt topic)
    # A name with '.' or '_' gets a warning on stdout first (:461-464 / :438-441).
    if [[ $name == *[._]* ]]; then
        echo "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both."
    fi
    # Each --config is `split("\\s*=\\s*")` and must give exactly two parts, else IllegalArgumentException
    # (parseTopicConfigsToBeAdded, 3.9.2 :163-175; 4.3.1 :158-170). Java's split keeps a leading empty
    # part and drops trailing ones: "=v" is ["", "v"] (accepted), "k=" and "k= " are ["k"] (refused),
    # "k=v=w" three parts (refused). Both parts are then trim()med, and LogConfig.validate rejects an
    # unknown name, so the empty key of "=v" fails there: InvalidConfigurationException "Unknown
    # topic config name: " (3.9.2 storage/.../log/LogConfig.java:579-584,741-750; 4.3.1 :458-463,607-615).
    keys=() values=() empty_key=false
    while IFS= read -r kv; do
        value=${kv#*=}
        value=${value#"${value%%[![:space:]]*}"}
        if [[ $kv != *=* || $value == *=* || -z $value ]]; then
            error "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\"."
        fi
        key=${kv%%=*}
        key=${key#"${key%%[![:space:]]*}"} key=${key%"${key##*[![:space:]]}"}
        value=${value%"${value##*[![:space:]]}"}
        [[ -n $key ]] || empty_key=true
        keys+=("$key") values+=("$value")
    done < <(opts config)
    [[ $empty_key == false ]] || error "Unknown topic config name: "
    topic_exists "$name" && error "Topic '$name' already exists."
    d=$(topic_dir "$name")
    mkdir -p "$d"
    opt partitions >"$d/partitions"
    opt replication-factor >"$d/rf"
    : >"$d/configs"
    : >"$d/log"
    for i in "${!keys[@]}"; do set_config "$name" "${keys[$i]}" "${values[$i]}"; done
    echo "Created topic $name." # (:491 / :462)
elif has describe && model_on; then
    # The roller's calls: every topic (no --topic), partitions from the simulated cluster, lines
    # "topic partition leader replicas isr minIsr" (leader "none" when leaderless).
    rows=$(model_get /kafka/partitions) || error "Timed out waiting for a node assignment. Call: describeTopics"
    # Any report flag suppresses the topic header lines (describeConfigs, 3.9.2 :403-406 / 4.3.1 :385-388)
    # and prints a partition when any requested report matches it (:426-432 / :408-414):
    # under-replicated: RF - |ISR| > 0 (:335-337 / :318-320); under-min-isr: no leader or |ISR| < min ISR
    # (:343-345 / :326-328); at-min-isr: |ISR| == min ISR (:347-349 / :330-332). The options combine
    # freely (checkInvalidArgs only pairs each with --topics-with-overrides, :1008-1015 / :951-958).
    report=false
    for f in under-replicated-partitions under-min-isr-partitions at-min-isr-partitions unavailable-partitions; do if has "$f"; then report=true; fi; done
    has unavailable-partitions && { echo "stub kafka-topics.sh: --unavailable-partitions not modelled" >&2; exit 98; }
    while IFS=' ' read -r t p leader replicas isr min; do
        [[ -n $t ]] || continue
        IFS=, read -ra rs <<<"$replicas"
        [[ $isr == - ]] && isr=""
        IFS=, read -ra is <<<"$isr"
        nr=${#rs[@]} ni=${#is[@]}
        show=false
        if [[ $report == false ]]; then show=true; fi
        if has under-replicated-partitions && ((nr - ni > 0)); then show=true; fi
        if has under-min-isr-partitions && { [[ $leader == none ]] || ((ni < min)); }; then show=true; fi
        if has at-min-isr-partitions && ((ni == min)); then show=true; fi
        # Partition line: tab-led fields, then the ELR ones (:355-391 / :338-373).
        if [[ $show == true ]]; then printf '\tTopic: %s\tPartition: %s\tLeader: %s\tReplicas: %s\tIsr: %s%s\n' "$t" "$p" "$leader" "$replicas" "$isr" "$ELR"; fi
    done <<<"$rows"
elif has describe; then
    topics=$(matching "$(opt topic)")
    require_match "$topics"
    while IFS= read -r name; do
        d=$(topic_dir "$name")
        # Non-default configs: the topic's overrides, then the brokers' static ones it does not override
        # (`filter(!isDefault)`, :296-300 / :283-287).
        # (The override lines joined by ',', as `paste -sd,` joins them.)
        mapfile -t overrides <"$d/configs"
        printf -v configs '%s,' "${overrides[@]}"
        configs=${configs%,}
        static_min_isr=true
        for kv in "${overrides[@]}"; do if [[ $kv == min.insync.replicas=* ]]; then static_min_isr=false; fi; done
        if [[ $static_min_isr == true ]]; then configs="${configs:+$configs,}min.insync.replicas=2"; fi
        # (A made-up TopicId: the first 22 characters of the name's MD5.)
        id=$(printf '%s' "$name" | md5sum)
        read_file_or partitions "$d/partitions" ""
        read_file_or rf "$d/rf" ""
        # Header: tab-separated fields, "Topic: " first (:301-308 / :288-294).
        printf 'Topic: %s\tTopicId: %s\tPartitionCount: %s\tReplicationFactor: %s\tConfigs: %s\n' \
            "$name" "${id:0:22}" "$partitions" "$rf" "$configs"
        # One line per partition, starting with a tab (:356-390 / :339-372).
        for ((p = 0; p < partitions; p++)); do
            printf '\tTopic: %s\tPartition: %d\tLeader: 1\tReplicas: 1,2\tIsr: 1,2%s\n' "$name" "$p" "$ELR"
        done
    done <<<"$topics"
elif has alter; then
    topics=$(matching "$(opt topic)")
    require_match "$topics"
    # Every matching topic grows to --partitions; silent on success (:509-521 / :478-490).
    while IFS= read -r name; do opt partitions >"$(topic_dir "$name")/partitions"; done <<<"$topics"
else
    echo "stub kafka-topics.sh: action not modelled: $*" >&2
    exit 98
fi
