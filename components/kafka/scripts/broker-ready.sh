#!/bin/bash
# Readiness of a broker (and of a combined node): it serves, and it follows every partition it
# hosts without lag, i.e. it is (or is about to be put back) in every ISR it belongs to. Bash
# builtins only (/dev/tcp): no JVM per probe, and the apache/kafka image has no curl and no wget
# (Alpine with `apk add bash`: 4.3.1 docker/jvm/Dockerfile:75, 3.9.2 :65; both `apk del wget`,
# 4.3.1 :85, 3.9.2 :83).
#
#   1. the client listener accepts a TCP connection (what "Ready" meant before);
#   2. when the JMX exporter agent runs in this JVM (kafka-node.sh loads it when its jar is
#      there), its endpoint on 127.0.0.1 reports the follower-lag gauge (argument 2) as 0 and
#      the failed-partitions gauge (argument 3) as 0. The first is the broker's largest lag over
#      the partitions it fetches, 0 when it fetches none; a partition whose fetching failed is
#      dropped from it but stays out of the ISR, hence the second (components/observability/
#      jmx-exporter.ts FOLLOWER_LAG_METRIC and FAILED_FETCH_METRIC cite Kafka).
#      No agent (metrics off, or its download failed at start): step 1 alone decides.
#
# Usage: broker-ready.sh CLIENT_PORT LAG_METRIC FAILED_METRIC
# Environment (the Kafka container's, set with metrics on): METRICS_AGENT_JAR, METRICS_PORT.
# Exit 0 Ready, 1 not Ready (the reason on stdout, which the kubelet records in the probe event).
set -u

usage="usage: broker-ready.sh CLIENT_PORT LAG_METRIC FAILED_METRIC"
port=${1:?$usage}
lag_metric=${2:?$usage}
failed_metric=${3:?$usage}

not_ready() { echo "not ready: $*"; exit 1; }

# The braces keep 2>/dev/null (bash's own "connect: Connection refused") from becoming permanent
# the way a redirection of exec itself would.
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || not_ready "port $port does not accept connections"
exec 3<&- 3>&-

[[ -n ${METRICS_AGENT_JAR:-} && -s ${METRICS_AGENT_JAR:-} ]] || exit 0

# The agent starts before Kafka's main class (it is a -javaagent), so once the client port is open
# an endpoint that does not answer is a fault, not a start-up state.
{ exec 3<>"/dev/tcp/127.0.0.1/${METRICS_PORT:?METRICS_PORT is not set}"; } 2>/dev/null || not_ready "metrics endpoint 127.0.0.1:$METRICS_PORT does not answer"
# HTTP/1.0 with Connection: close: the server closes after the body (no chunked encoding, no
# keep-alive), so reading to EOF ends; no Accept-Encoding, so the body is plain text.
printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 3 status <&3 || not_ready "no answer from the metrics endpoint"
[[ $status =~ ^HTTP/1\.[01]\ 200 ]] || not_ready "metrics endpoint answered '${status%$'\r'}'"
# Exposition lines: `name value` (the rules give these gauges no labels); `#` lines are HELP/TYPE.
# The exporter writes a double with Java's Double.toString: 0.0, or 1234.0, 1.2345678E7.
lag_ok=false failed_ok=false
while IFS= read -r -t 3 line <&3; do
    line=${line%$'\r'}
    if [[ $line == "$lag_metric "* ]]; then
        value=${line#"$lag_metric "}
        [[ $value =~ ^0(\.0*)?$ ]] || not_ready "follower lag $value messages (partitions this broker follows are behind their leaders)"
        lag_ok=true
    elif [[ $line == "$failed_metric "* ]]; then
        value=${line#"$failed_metric "}
        [[ $value =~ ^0(\.0*)?$ ]] || not_ready "$value partitions this broker follows failed fetching and stay out of the ISR (see the broker log: 'marked as failed')"
        failed_ok=true
    else
        continue
    fi
    [[ $lag_ok == true && $failed_ok == true ]] && exit 0
done
[[ $lag_ok == true ]] || not_ready "the metrics endpoint reports no $lag_metric"
not_ready "the metrics endpoint reports no $failed_metric"
