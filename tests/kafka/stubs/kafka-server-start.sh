#!/bin/bash
# kafka-server-start.sh CONFIG: kafka-node.sh execs it as the container's main process. Same at 3.9.2
# and 4.3.1 (bin/kafka-server-start.sh): no argument is a usage line on stdout and exit 1 (:17-21);
# otherwise the JVM starts with the file as its first argument (:34-44). The stub keeps a copy of the
# file it was given and returns.
source "${0%/*}/lib.sh"
if [[ $# -lt 1 ]]; then echo "USAGE: $0 [-daemon] server.properties [--override property=value]*"; exit 1; fi
[[ $1 != -daemon ]] || { echo "stub: -daemon is not modelled" >&2; exit 98; }
cp "$1" "$S/kafka-server-start.properties"
# JVM options from KAFKA_OPTS: kafka-run-class.sh expands it unquoted (word splitting) between -cp
# and the main class (4.3.1 bin/kafka-run-class.sh:246-248,352; 3.9.2 :247-249,353). Kept one per line.
# shellcheck disable=SC2086
printf '%s\n' ${KAFKA_OPTS-} >"$S/kafka-server-start.jvm-options"
