#!/bin/bash
# Starts (or formats the storage of) one Kafka node from the server.properties template in its
# ConfigMap. Usage: kafka-node.sh start|format
#   start   render the config, then exec kafka-server-start.sh (the JVM becomes PID 1 and gets SIGTERM
#           directly, so controlled shutdown runs within terminationGracePeriodSeconds).
#   format  render the config, then exec an idempotent `kafka-storage.sh format` (KRaft init container).
# The apache/kafka image entrypoint is deliberately not used: it always formats storage, which
# rejects ZooKeeper-mode configs, and it rebuilds the config from KAFKA_* env vars.
#
# Environment (deliberately no KAFKA_* names: the image maps those to broker properties):
#   POD_NAME         pod name (Downward API); default: hostname. Its "-<n>" suffix is the StatefulSet ordinal.
#   NODE_ID_BASE     first node id of this StatefulSet; node.id/broker.id = base + ordinal.
#   CONFIG_TEMPLATE  server.properties with @@NODE_ID@@, @@POD_NAME@@ and @@RACK@@ placeholders.
#   CONFIG_FILE      where the rendered file goes (writable).
#   RACK_FILE        file holding the node's zone (written by node-zone.sh); a missing or empty
#                    file drops broker.rack (clusters without zone labels, e.g. kind).
#   CLUSTER_ID       KRaft cluster id (format only).
#   BIN_DIR          Kafka's bin directory; default /opt/kafka/bin.
set -euo pipefail

die() { echo "kafka-node: $*" >&2; exit 1; }

command="${1:-}"
[[ "$command" == start || "$command" == format ]] || die "usage: kafka-node.sh start|format"
: "${NODE_ID_BASE:?NODE_ID_BASE is not set}"
: "${CONFIG_TEMPLATE:?CONFIG_TEMPLATE is not set}"
: "${CONFIG_FILE:?CONFIG_FILE is not set}"
bin="${BIN_DIR:-/opt/kafka/bin}"

pod="${POD_NAME:-$(hostname)}"
ordinal="${pod##*-}"
[[ "$ordinal" =~ ^[0-9]+$ ]] || die "cannot derive a StatefulSet ordinal from pod name '$pod'"
[[ "$NODE_ID_BASE" =~ ^[0-9]+$ ]] || die "NODE_ID_BASE must be a number, got '$NODE_ID_BASE'"
node_id=$((NODE_ID_BASE + 10#$ordinal))

rack=""
if [[ -n "${RACK_FILE:-}" && -s "$RACK_FILE" ]]; then
    rack="$(tr -d '[:space:]' <"$RACK_FILE")"
    [[ "$rack" =~ ^[A-Za-z0-9._-]+$ ]] || die "zone '$rack' in $RACK_FILE is not a valid rack id"
fi

mkdir -p "$(dirname "$CONFIG_FILE")"
tmp="$CONFIG_FILE.tmp"
: >"$tmp"
while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" == broker.rack=* && -z "$rack" ]]; then
        echo "kafka-node: no zone known for this node; broker.rack not set" >&2
        continue
    fi
    line="${line//@@NODE_ID@@/$node_id}"
    line="${line//@@POD_NAME@@/$pod}"
    line="${line//@@RACK@@/$rack}"
    [[ "$line" != *@@*@@* ]] || die "unknown placeholder left in: $line"
    printf '%s\n' "$line" >>"$tmp"
done <"$CONFIG_TEMPLATE"
mv -f "$tmp" "$CONFIG_FILE"
echo "kafka-node: $pod is node $node_id${rack:+ in rack $rack}; config at $CONFIG_FILE" >&2

if [[ "$command" == format ]]; then
    [[ "${CLUSTER_ID:-}" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "CLUSTER_ID must be a 22-character base64url id"
    # --ignore-formatted: a restarted pod with an already formatted volume is not an error.
    exec "$bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$CONFIG_FILE" --ignore-formatted
fi
exec "$bin/kafka-server-start.sh" "$CONFIG_FILE"
