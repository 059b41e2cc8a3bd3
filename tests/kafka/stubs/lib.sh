# Sourced by every stub Kafka tool in this directory. The stubs stand in for the apache/kafka
# image's tools in the tests of the shipped scripts (smoke test, topic Job, example consumer,
# kafka-node.sh). Each one is a claim about upstream: for everything the scripts rely on, it does
# what the pinned release does (argument parsing, stdout vs stderr, exit codes, output formats),
# and cites the upstream file and line beside the behaviour.
#
# Releases (apache/kafka, read from the confluentinc/kafka mirror, which carries the same commits):
#   3.9.2 = 5e9866f43ab8e7e41ef39e5584ac50019381328d   (ZooKeeper-mode stacks)
#   4.3.1 = 26b251a451ce941d3d7a55e6487bcb7f16b5ad48   (KRaft stacks)
# Argument parsers: jopt-simple 5.0.4 (tag jopt-simple-5.0.4 = 2a41140d8448d67c30b94b5990d7a3df82c2d8f6)
# and argparse4j 0.7.0 (tag argparse4j-0.7.0 = 974ae57d6d3453da4168633d8a84dc310b96bbbf), the versions
# both releases pin (gradle/dependencies.gradle: `jopt: "5.0.4"`, `argparse4j: "0.7.0"`).
#
# Environment:
#   STUB_KAFKA_VERSION  3.9.2 or 4.3.1: whose behaviour to reproduce. Required.
#   STUB_STATE          directory of the fake cluster (written by tests/kafka/stubs/cluster.ts):
#     calls                  one line per tool call: tool name and arguments separated by \x1f
#     pids                   "<tool> <pid>" per call (the tests check that a script exec'ed the tool)
#     chatter                every line a tool printed to stdout that is not its result (deprecation
#                            warnings): the tests assert none reach a script's parser
#     topics/<name>/         partitions, rf, configs (key=value lines), log (partition 0, one record a line)
#     fail/<tool>            how many more calls of <tool> fail as if no broker answered
#     drop                   records whose send fails: the producer logs a send error for each and stores none
#     lose                   records the producer acks without error that never reach the log (lost after the ack)
#     poll-error             exception (class: message) the consumer's poll throws instead of returning records
#     no-leader              how many more kafka-get-offsets.sh calls skip partition 0 (its ListOffsets failed)
#     corrupt                sed script the consumer applies to record values (a damaged log)
#     zk/                    ZooKeeper mode: nodes (created paths), users/<name> (SCRAM credential),
#                            acl-<path with / as _> (ACL of a created node, one line), acl-users/<name>
#     scram/<user>           password Kafka holds a SCRAM-SHA-512 credential for (admin-client logins)
#     logins                 per SASL admin-client call: the user it logged in as, then its arguments
set -euo pipefail
S=${STUB_STATE:?STUB_STATE not set}
V=${STUB_KAFKA_VERSION:?STUB_KAFKA_VERSION not set (3.9.2 or 4.3.1)}
case "$V" in 3.9.2 | 4.3.1) ;; *) echo "stub: no behaviour recorded for Kafka $V" >&2; exit 97 ;; esac
# The stubs run often (the roller tests make thousands of calls), so they start bash directly
# (#!/bin/bash, as every tool of the image does: bin/kafka-topics.sh:1 at 3.9.2 and 4.3.1) and lib.sh
# spawns no process on the common paths: parameter expansions stand in for basename, dirname, cat
# and head. $0 is the stub's path: the scripts run it as $KAFKA_BIN/<tool> or find it on PATH, and
# bash then hands the full path to the interpreter; each stub sources "${0%/*}/lib.sh".
TOOL=${0##*/}
[[ -d $S/topics && -d $S/fail ]] || mkdir -p "$S/topics" "$S/fail"
{ printf '%s' "$TOOL"; for a in "$@"; do printf '\x1f%s' "$a"; done; printf '\n'; } >>"$S/calls"
echo "$TOOL $$" >>"$S/pids"

at_least_4() { [[ $V == 4.* ]]; }

# The user this JVM logs in to ZooKeeper as: `username` of the Client section of the JAAS file that
# KAFKA_OPTS names with -Djava.security.auth.login.config (Client is the ZooKeeper client's default login
# context, ZooKeeper 3.8.4 ZKClientConfig.java:39-40; Kafka 3.9.2 treats ZooKeeper as secured exactly
# when that section exists, clients/src/main/java/org/apache/kafka/common/security/JaasUtils.java:55-81).
# Fails without one (the session then has no authenticated id).
login_user() {
    local o file=""
    for o in ${KAFKA_OPTS-}; do [[ $o == -Djava.security.auth.login.config=* ]] && file=${o#*=}; done
    [[ -n $file && -r $file ]] || return 1
    # What sed -n '/^Client *{/,/^};/s/.*username="\([^"]*\)".*/\1/p' FILE | grep . prints: in each
    # range from a "Client {" line to the next "};" line (checked from the line after the start),
    # the last username="..." value of a line, when not empty; fails when there is none.
    local line in=false found="" start='^Client *\{' end='^\};' user='^.*username="([^"]*)"'
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $in == false ]]; then
            [[ $line =~ $start ]] || continue
            in=true
        elif [[ $line =~ $end ]]; then
            in=false
        fi
        if [[ $line =~ $user && -n ${BASH_REMATCH[1]} ]]; then found+=${BASH_REMATCH[1]}$'\n'; fi
    done <"$file"
    [[ -n $found ]] || return 1
    printf '%s' "$found"
}

# A line on stdout that is not the tool's result (a deprecation warning), also kept in $S/chatter.
chatter() { printf '%s\n' "$1"; printf '%s: %s\n' "$TOOL" "$1" >>"$S/chatter"; }

# VAR=the content of FILE, without its trailing newlines (what $(cat FILE) gives), or DEFAULT when
# FILE is not a readable file (where `$(cat FILE 2>/dev/null || echo DEFAULT)` falls back), without a
# subshell: read -d '' reads to the end (it stops only at a NUL) and then fails, hence the `|| true`.
read_file_or() { # VAR FILE DEFAULT
    local content=""
    if [[ -f $2 && -r $2 ]]; then
        IFS= read -r -d '' content <"$2" || true
        content=${content%"${content##*[!$'\n']}"}
    else
        content=$3
    fi
    printf -v "$1" '%s' "$content"
}

# Fails this call as if no broker answered, when $S/fail/<tool> says so.
maybe_unreachable() { # message-to-print...
    local f="$S/fail/$TOOL" n
    read_file_or n "$f" 0
    if ((n > 0)); then
        echo $((n - 1)) >"$f"
        "$@"
        exit 1
    fi
}

# --- jopt-simple 5.0.4, as Kafka's tools configure it ------------------------------------------
# Kafka's CommandDefaultOptions builds `new OptionParser(false)`: no abbreviations, every option
# long (4.3.1 and 3.9.2 server-common/src/main/java/org/apache/kafka/server/util/CommandDefaultOptions.java:30-36).
#  * "--name=value" splits at the first '=' (OptionParser.java:506-513,640-642; util/KeyValuePair.java:54-62);
#  * an option that requires an argument takes the next token verbatim, even one starting with '-'
#    (RequiredArgumentOptionSpec.java:46-51); none left: OptionMissingRequiredArgumentException;
#  * an unknown option: UnrecognizedOptionException (OptionParser.java:509-510; a '-x' token goes
#    through handleShortOptionCluster, OptionParser.java:526-538,628-634);
#  * "--" ends the options (ParserRules.java:58-60; OptionParserState.java:52-54); other tokens
#    are non-option arguments, which Kafka's tools ignore.
# Set JOPT_ARG (options taking a value), JOPT_OPT (an optional value) and JOPT_FLAG (options without)
# before calling jopt_parse.
# jopt_fail is what the tool does with an OptionException (set per tool; default: usage, exit 1).
declare -A OPT=()
JOPT_ARG=() JOPT_FLAG=() JOPT_OPT=()
# CommandLineUtils.printUsageAndExit: message and help on stderr, exit 1
# (4.3.1 server-common/src/main/java/org/apache/kafka/server/util/CommandLineUtils.java:163-171;
# 3.9.2 the same file :133-141).
print_usage_and_exit() {
    echo "$1" >&2
    echo "Option                                   Description" >&2
    echo "------                                   -----------" >&2
    exit 1
}
jopt_fail() { print_usage_and_exit "$1"; }
jopt_known() { local want=$1; shift; local o; for o in "$@"; do [[ $o == "$want" ]] && return 0; done; return 1; }
jopt_parse() {
    local tok name value
    while [[ $# -gt 0 ]]; do
        tok=$1
        shift
        if [[ $tok == -- ]]; then break; fi
        if [[ $tok == --* ]]; then
            name=${tok#--}
            value=""
            local embedded=false
            if [[ $name == *=* ]]; then value=${name#*=}; name=${name%%=*}; embedded=true; fi
            if jopt_known "$name" "${JOPT_ARG[@]}"; then
                if [[ $embedded == false ]]; then
                    # OptionMissingRequiredArgumentException.java:38-45: the spec's names joined by '/'
                    # (OptionException.java:71-73), bare: "Option topic requires an argument"
                    # (src/main/resources/joptsimple/ExceptionMessages.properties:5).
                    [[ $# -gt 0 ]] || jopt_fail "Option $name requires an argument"
                    value=$1
                    shift
                fi
                # Repeated options keep every value, newline-separated (OptionSet.valuesOf).
                OPT[$name]+="${OPT[$name]+$'\n'}$value"
            elif jopt_known "$name" "${JOPT_OPT[@]}"; then
                # An optional argument takes the next token unless it looks like an option
                # (OptionalArgumentOptionSpec.java:46-58; OptionParser.looksLikeAnOption).
                if [[ $embedded == false && $# -gt 0 && $1 != -?* ]]; then value=$1; shift; fi
                OPT[$name]+="${OPT[$name]+$'\n'}$value"
            elif jopt_known "$name" "${JOPT_FLAG[@]}"; then
                OPT[$name]=""
            else
                jopt_fail "$name is not a recognized option"
            fi
        elif [[ $tok == -?* ]]; then
            jopt_fail "${tok:1:1} is not a recognized option"
        fi
    done
}
has() { [[ ${OPT[$1]+set} == set ]]; }
opt() { [[ ${OPT[$1]+set} == set ]] || return 1; printf '%s\n' "${OPT[$1]##*$'\n'}"; }
opts() { [[ ${OPT[$1]+set} == set ]] || return 0; printf '%s\n' "${OPT[$1]}"; }

# sed 's/^[[:space:]]*//;s/[[:space:]]*$//' <<<"$1": every line without its leading and trailing
# blanks. A value of one line (all but pathological ones) is trimmed without a process.
trim() {
    if [[ $1 == *$'\n'* ]]; then sed 's/^[[:space:]]*//;s/[[:space:]]*$//' <<<"$1"; return; fi
    local v=${1#"${1%%[![:space:]]*}"}
    printf '%s\n' "${v%"${v##*[![:space:]]}"}"
}
# Whether FILE has a line equal to LINE (grep -qxF LINE FILE, for a LINE without a newline).
has_line() { # FILE LINE
    local l
    while IFS= read -r l || [[ -n $l ]]; do if [[ $l == "$2" ]]; then return 0; fi; done <"$1"
    return 1
}

# A Java properties file the tool loads (Utils.loadProps): Files.newInputStream, so a missing file is
# a java.nio.file.NoSuchFileException whose message is the path (clients/src/main/java/org/apache/kafka/
# common/utils/Utils.java 4.3.1 :665-671, 3.9.2 :651-657). By default the tool fails with it on stderr,
# exit 1; a tool that prints it elsewhere checks the file itself first.
load_props() {
    [[ -r $1 ]] || { echo "java.nio.file.NoSuchFileException: $1" >&2; exit 1; }
}

# --- the fake cluster ---------------------------------------------------------------------------
topic_dir() { printf '%s/topics/%s' "$S" "$1"; }
topic_exists() { [[ -d $(topic_dir "$1") ]]; }
# Topic names, sorted as kafka-topics.sh sorts them (tools/src/main/java/org/apache/kafka/tools/
# TopicCommand.java:638-639 at 4.3.1, :669 at 3.9.2: `allTopics.stream().sorted()`).
topic_names() { find "$S/topics" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort; }
set_config() { set_key "$(topic_dir "$1")/configs" "$2" "$3"; } # topic key value
set_user_quota() { set_key "$S/users/$1/quotas" "$2" "$3"; }      # user key value: users/<name>/quotas
# FILE's lines without the ones `grep -v "^KEY="` drops, then KEY=VALUE. A key of letters, digits,
# '.', '_' and '-' means the same as a basic (grep) and an extended (bash) regex, so bash filters the
# lines itself; any other key goes through grep.
set_key() { # FILE KEY VALUE: key=value lines
    local f=$1 line kept="" re="^$2="
    [[ -e $f ]] || : >>"$f"
    if [[ $2 =~ ^[A-Za-z0-9._-]+$ ]]; then
        while IFS= read -r line || [[ -n $line ]]; do [[ $line =~ $re ]] || kept+=$line$'\n'; done <"$f"
    else
        kept=$(grep -v "^$2=" "$f"; printf x) || true
        kept=${kept%x}
    fi
    printf '%s%s=%s\n' "$kept" "$2" "$3" >"$f"
}

# --- the simulated cluster of the roller tests ------------------------------------------------------
# tests/kafka/stubs/simulated-cluster.ts serves brokers, partitions, ISRs and the controller quorum on
# STUB_MODEL=host:port (loopback); a stub reads it with one HTTP/1.0 GET. Unset: the files above.
model_on() { [[ -n ${STUB_MODEL:-} ]]; }
model_get() { model_request GET "$1"; }
# A change the tool makes to the cluster (a reassignment, a throttle): POST, no body.
model_post() { model_request POST "$1" >/dev/null; }
model_request() { # METHOD PATH -> body on stdout; fails when the model answers other than 200
    local r
    exec 4<>"/dev/tcp/${STUB_MODEL%:*}/${STUB_MODEL##*:}"
    printf '%s %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "$1" "$2" >&4
    # The whole answer, up to the end of the stream (read -d '' stops only at a NUL, and fails at the
    # end of input, which is where it stops here); unlike $(...) it keeps trailing newlines.
    IFS= read -r -d '' r <&4 || true
    exec 4<&-
    # The status line: the first line of the answer.
    [[ ${r%%$'\n'*} == *" 200 "* ]] || return 1
    printf '%s' "${r#*$'\r\n\r\n'}"
}
