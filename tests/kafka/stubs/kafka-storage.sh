#!/bin/bash
# kafka-storage.sh format (core/src/main/scala/kafka/tools/StorageTool.scala), the parts kafka-node.sh
# relies on. Only 4.3.1 is modelled: kafka-node.sh formats storage in KRaft mode only, and KRaft
# stacks run Kafka 4.x (components/config/stack.ts refuses anything else).
source "${0%/*}/lib.sh"
at_least_4 || { echo "stub: kafka-storage.sh format is not used at $V" >&2; exit 97; }

# The format subcommand's arguments (StorageTool.scala:312-360, 395-400); every one is --long or -s.
declare -A LONG=([--config]=c [--cluster-id]=t [--add-scram]=S [--ignore-formatted]=g [--release-version]=r
    [--feature]=f [--standalone]=s [--no-initial-controllers]=N [--initial-controllers]=I)
declare -A TAKES_VALUE=([c]=1 [t]=1 [S]=1 [r]=1 [f]=1 [I]=1)
declare -A NAME=([c]="--config/-c" [t]="--cluster-id/-t" [S]="--add-scram/-S" [g]="--ignore-formatted/-g" [r]="--release-version/-r"
    [f]="--feature/-f" [s]="--standalone/-s" [N]="--no-initial-controllers/-N" [I]="--initial-controllers/-I")

# An ArgumentParserException: usage and "kafka-storage format: error: <message>" on stderr
# (argparse4j ArgumentParserImpl.java:1326-1340, inf/ArgumentParserException.java:63-78), exit 1
# (StorageTool.scala:73-75,55-56).
fail() {
    echo "usage: kafka-storage format [-h] --config CONFIG --cluster-id CLUSTER_ID [--add-scram ADD_SCRAM] [--ignore-formatted] ..." >&2
    echo "kafka-storage format: error: $1" >&2
    exit 1
}

# argparse4j 0.7.0 (ArgumentParserImpl.java), parser built with prefixChars "-" (StorageTool.scala:291):
#  * a token is a flag when it starts with '-' and is not a negative number "-\d+" (:1194-1196, :88);
#  * "--flag=value" takes everything after the first '=' as the value, whatever it starts with (:833-842,1020-1021);
#  * "--flag value" takes the next token only when it is not a flag, else "expected one argument"
#    (:1014-1027): a cluster id that begins with '-' cannot be passed this way (KAFKA-19988);
#  * "-tVALUE" is the short flag with its value attached (:849-868);
#  * an unknown flag is "unrecognized arguments" (:876-881).
[[ ${1:-} == format ]] || fail "invalid choice: '${1:-}' (choose from 'info', 'format', 'version-mapping', 'feature-dependencies', 'random-uuid')"
shift
is_flag() { [[ $1 == -* && ! $1 =~ ^-[0-9]+$ ]]; }
# The parser is built with fromFilePrefix "@" (StorageTool.scala:291), and the subparser inherits it
# (argparse4j SubparsersImpl.java:83-85). Wherever the parser looks for a flag, and where a flag's
# value may follow, a token "@<file>" (one or more '@', then something) is replaced by the file's
# lines, one argument per line (BufferedReader.readLine: "\n", "\r\n" or "\r" ends a line), followed by
# the remaining arguments; a line that again starts with '@' is expanded too (ArgumentParserImpl.java
# flagFound :1183-1197, extendArgs :1213-1247, value position :1015-1016; helper/PrefixPattern.java:60-63,
# 103-110,130-133). An unreadable file: "Could not read arguments from file '<file>'" (:1224-1227).
ARGS=("$@")
i=0
expand_at() {
    while ((i < ${#ARGS[@]})) && [[ ${ARGS[i]} =~ ^@+([^@].*)$ ]]; do
        local file=${BASH_REMATCH[1]} lines=()
        [[ -r $file && -f $file ]] || fail "Could not read arguments from file '$file'"
        mapfile -t lines < <(awk 'BEGIN{RS="\r\n|\r|\n"} {print}' "$file")
        ARGS=("${lines[@]}" "${ARGS[@]:i+1}")
        i=0
    done
}
declare -A VAL=()
SCRAM=()
while expand_at; ((i < ${#ARGS[@]})); do
    tok=${ARGS[i]}
    i=$((i + 1))
    is_flag "$tok" || fail "unrecognized arguments: '$tok'"
    flag=$tok embedded="" has_embedded=false
    if [[ $tok == *=* ]]; then flag=${tok%%=*} embedded=${tok#*=} has_embedded=true; fi
    if [[ -n ${LONG[$flag]+x} ]]; then
        key=${LONG[$flag]}
    elif [[ $tok =~ ^-([ctSgrfsNI])(.*)$ ]]; then
        key=${BASH_REMATCH[1]} embedded=${BASH_REMATCH[2]} has_embedded=false
        [[ -n $embedded ]] && has_embedded=true
    else
        fail "unrecognized arguments: '$tok'"
    fi
    if [[ -n ${TAKES_VALUE[$key]+x} ]]; then
        if [[ $has_embedded == true ]]; then
            value=$embedded
        elif expand_at; ((i < ${#ARGS[@]})) && ! is_flag "${ARGS[i]}"; then
            value=${ARGS[i]}
            i=$((i + 1))
        else
            fail "argument ${NAME[$key]}: expected one argument"
        fi
        if [[ $key == S ]]; then SCRAM+=("$value"); else VAL[$key]=$value; fi
    else
        VAL[$key]=true
    fi
done
# Required arguments (:318-320,396-398): "argument --cluster-id/-t is required" (ArgumentParserImpl.java:1256-1259).
for key in c t; do [[ -n ${VAL[$key]+x} ]] || fail "argument ${NAME[$key]} is required"; done
printf '%s\n' "${VAL[t]}" >"$S/kafka-storage.cluster-id"
printf '%s\n' "${SCRAM[@]}" >"$S/kafka-storage.scram"
cp "${VAL[c]}" "$S/kafka-storage.properties"

# An already formatted directory is an error unless --ignore-formatted; then the tool says so on stdout
# and exits 0 (metadata/src/main/java/org/apache/kafka/metadata/storage/Formatter.java:402-417).
if [[ -f $S/formatted ]]; then
    [[ -n ${VAL[g]+x} ]] || { echo "Log directory /var/lib/kafka/data is already formatted. Use --ignore-formatted to ignore this directory and format the others." >&2; exit 1; }
    echo "All of the log directories are already formatted."
    exit 0
fi
printf '%s\n' "${VAL[t]}" >"$S/formatted"
echo "Bootstrap metadata: BootstrapMetadata(records=..., metadataVersion=4.3-IV0, source=format command)" # (Formatter.java:417)
echo "Formatting metadata directory /var/lib/kafka/data with metadata.version 4.3-IV0." # (:436-438)
