#!/bin/bash
# kafka-get-offsets.sh (GetOffsetShell), the parts the smoke test relies on. Same at 3.9.2 and 4.3.1.
source "${0%/*}/lib.sh"

# Both releases take --command-config (3.9.2 tools/src/main/java/org/apache/kafka/tools/GetOffsetShell.java:138;
# 4.3.1 :132) and --time as a string, so "-1" is a value, not an option (jopt-simple, lib.sh).
# 3.9.2 also still has the deprecated --broker-list (:110).
JOPT_ARG=(bootstrap-server topic-partitions topic partitions time command-config)
JOPT_FLAG=(exclude-internal-topics help version)
if [[ $V == 3.9.2 ]]; then JOPT_ARG+=(broker-list); fi
# A parse error is a TerseException: "Error occurred: <message>" on stderr, exit 1, no usage
# (3.9.2 GetOffsetShell.java:74-75,150-151; 4.3.1 :73-75,144-145).
jopt_fail() { echo "Error occurred: $1" >&2; exit 1; }
jopt_parse "$@"
# Missing --bootstrap-server: checkRequiredArgs, i.e. printUsageAndExit (4.3.1 :150). 3.9.2 checks
# --bootstrap-server if given, else the deprecated --broker-list, and names that one (:154-162).
if at_least_4; then
    has bootstrap-server || print_usage_and_exit "Missing required argument \"[bootstrap-server]\""
elif ! has bootstrap-server; then
    has broker-list || print_usage_and_exit "Missing required argument \"[broker-list]\""
fi
# A missing --command-config fails in fetchOffsets, i.e. mainNoExit's catch-all: "Error occurred: <path>"
# (NoSuchFileException's message), then the trace, on stderr, exit 1 (4.3.1 :76-79; 3.9.2 :77-80).
if has command-config; then
    [[ -r $(opt command-config) ]] || { echo "Error occurred: $(opt command-config)" >&2; echo "java.nio.file.NoSuchFileException: $(opt command-config)" >&2; exit 1; }
fi

# No broker: the admin client's timeout surfaces as "Error occurred: ..." on stderr, exit 1 (:76-79 at 4.3.1).
maybe_unreachable echo "Error occurred: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listTopics" >&2

topic=$(opt topic)
[[ $(opt time) == -1 || $(opt time) == latest ]] || { echo "stub: only --time -1 (latest) is modelled" >&2; exit 98; }
[[ $(opt partitions) == 0 ]] || { echo "stub: only --partitions 0 is modelled" >&2; exit 98; }
# No matching partition: TerseException (4.3.1 :232-234; 3.9.2 the same message).
topic_exists "$topic" || { echo "Error occurred: Could not match any topic-partitions with the specified filters" >&2; exit 1; }
# One line per partition, "topic:partition:offset", on stdout (4.3.1 :93; 3.9.2 :94). The latest
# offset of partition 0 is the number of records in its log.
# A partition whose ListOffsets fails with a KafkaException (e.g. no leader right after a broker roll:
# the admin client retries until its timeout) is skipped with a line on stderr, and the tool still
# exits 0 with no line for it (4.3.1 :245-254; 3.9.2 :257-266). $S/no-leader counts such calls.
read_file_or n "$S/no-leader" 0
if ((n > 0)); then
    echo $((n - 1)) >"$S/no-leader"
    echo "Skip getting offsets for topic-partition $topic-0 due to error: org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listOffsets" >&2
    exit 0
fi
log="$(topic_dir "$topic")/log"
touch "$log"
# The number of newlines in the log, as `wc -l` counts.
records=""
IFS= read -r -d '' records <"$log" || true
records=${records//[!$'\n']/}
echo "$topic:0:${#records}"
