# Shared by the stub Kafka tools: a fake topic kept as files in $STUB_STATE, and a call log.
#   exists            present when the topic exists
#   name partitions rf   the topic's name and shape
#   configs           its dynamic config overrides, one key=value per line
#   list_failures     how many more `--list` calls fail (simulates brokers not up yet)
#   calls             one line per tool call: tool name and args separated by \x1f
set -euo pipefail
S=${STUB_STATE:?STUB_STATE not set}

record() {
    { printf '%s' "$1"; shift; for a in "$@"; do printf '\x1f%s' "$a"; done; printf '\n'; } >>"$S/calls"
}

# Value following flag $1 in the remaining arguments.
arg() {
    local want=$1; shift
    while [[ $# -gt 0 ]]; do
        if [[ $1 == "$want" ]]; then echo "$2"; return 0; fi
        shift
    done
    return 1
}

has() {
    local want=$1; shift
    for a in "$@"; do [[ $a == "$want" ]] && return 0; done
    return 1
}

set_config() { # key value
    touch "$S/configs"
    grep -v "^$1=" "$S/configs" >"$S/configs.new" || true
    echo "$1=$2" >>"$S/configs.new"
    mv "$S/configs.new" "$S/configs"
}
