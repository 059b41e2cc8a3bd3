#!/usr/bin/env bash
source "$(dirname "$0")/stub-lib.sh"
record kafka-get-offsets.sh "$@"
n=$(count offset_failures)
if ((n > 0)); then echo $((n - 1)) >"$S/offset_failures"; echo "TimeoutException: brokers not available" >&2; exit 1; fi
echo "$(arg --topic "$@"):0:$(wc -l <"$S/records" | tr -d ' ')"
