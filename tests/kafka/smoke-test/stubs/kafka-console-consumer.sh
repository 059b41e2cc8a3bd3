#!/usr/bin/env bash
source "$(dirname "$0")/stub-lib.sh"
record kafka-console-consumer.sh "$@"
offset=$(arg --offset "$@")
max=$(arg --max-messages "$@")
tail -n +$((offset + 1)) "$S/records" | head -n "$max"
echo "Processed a total of N messages" >&2
