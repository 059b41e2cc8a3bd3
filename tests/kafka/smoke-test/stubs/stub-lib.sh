# Shared by the stub Kafka tools of the smoke-test tests: a one-partition topic kept as a file of
# records in $STUB_STATE, and a call log.
#   records          one record per line (the partition's log; line n is offset n-1)
#   offset_failures  how many more kafka-get-offsets.sh calls fail (brokers not up yet)
#   drop             records the producer "loses" (acked but never stored), default 0
#   calls            one line per tool call: tool name and args separated by \x1f
#   producer.properties  copy of the --producer.config file the producer was given
set -euo pipefail
S=${STUB_STATE:?STUB_STATE not set}
touch "$S/records"

record() {
    { printf '%s' "$1"; shift; for a in "$@"; do printf '\x1f%s' "$a"; done; printf '\n'; } >>"$S/calls"
}

arg() {
    local want=$1; shift
    while [[ $# -gt 0 ]]; do
        if [[ $1 == "$want" ]]; then echo "$2"; return 0; fi
        shift
    done
    return 1
}

count() { cat "$S/$1" 2>/dev/null || echo 0; }
