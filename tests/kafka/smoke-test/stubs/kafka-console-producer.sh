#!/usr/bin/env bash
source "$(dirname "$0")/stub-lib.sh"
record kafka-console-producer.sh "$@"
cp "$(arg --producer.config "$@")" "$S/producer.properties"
drop=$(count drop)
i=0
while IFS= read -r line; do
    i=$((i + 1))
    ((i <= drop)) && continue
    printf '%s\n' "$line" >>"$S/records"
done
