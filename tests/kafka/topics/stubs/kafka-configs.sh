#!/usr/bin/env bash
. "$(dirname "$0")/stub-lib.sh"
record kafka-configs.sh "$@"
[[ $(arg --entity-type "$@") == topics ]] || { echo "stub: --entity-type topics expected" >&2; exit 9; }
name=$(arg --entity-name "$@")

if has --describe "$@"; then
    echo "Dynamic configs for topic $name are:"
    while IFS= read -r kv; do
        [[ -n $kv ]] && echo "  $kv sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:$kv}"
    done <"$S/configs"
elif has --alter "$@"; then
    list=$(arg --add-config "$@")
    # Split on commas outside [...], as kafka-configs does.
    item="" depth=0
    for ((i = 0; i < ${#list}; i++)); do
        c=${list:i:1}
        case "$c" in
            "[") depth=1 ;;
            "]") depth=0 ;;
            ",") if ((depth == 0)); then set_config "${item%%=*}" "${item#*=}"; item=""; continue; else item+=$c; fi ;;
            *) item+=$c ;;
        esac
    done
    [[ -z $item ]] || set_config "${item%%=*}" "${item#*=}"
    echo "Completed updating config for topic $name."
else
    echo "stub kafka-configs.sh: unexpected call: $*" >&2
    exit 9
fi
