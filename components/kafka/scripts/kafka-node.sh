#!/bin/bash
# Starts (or prepares the storage of) one Kafka node from the server.properties template in its
# ConfigMap. Usage: kafka-node.sh start|format|scram-users
#   start        render the config, then exec kafka-server-start.sh (the JVM becomes PID 1 and gets SIGTERM
#                directly, so controlled shutdown runs within terminationGracePeriodSeconds).
#   format       render the config, then exec an idempotent `kafka-storage.sh format` (KRaft init container).
#                With SECRETS_DIR set, the first format also stores the generated users' SCRAM-SHA-512
#                credentials (--add-scram); --ignore-formatted skips that on an already formatted volume.
#   scram-users  ZooKeeper mode: upsert every generated user's SCRAM-SHA-512 credential in ZooKeeper
#                (kafka-configs.sh --zookeeper, the only way before any broker runs), under the chroot of
#                zookeeper.connect, which is created first when missing.
# The apache/kafka image entrypoint is deliberately not used: it always formats storage, which
# rejects ZooKeeper-mode configs, and it rebuilds the config from KAFKA_* env vars.
#
# Environment (deliberately no KAFKA_* names: the image maps those to broker properties):
#   POD_NAME         pod name (Downward API); default: hostname. Its "-<n>" suffix is the StatefulSet ordinal.
#   NODE_ID_BASE     first node id of this StatefulSet; node.id/broker.id = base + ordinal.
#   CONFIG_TEMPLATE  server.properties with @@NODE_ID@@, @@POD_NAME@@, @@RACK@@ and @@SECRET:<file>@@ placeholders.
#   CONFIG_FILE      where the rendered file goes (writable; in memory when it holds secrets).
#   RACK_FILE        file holding the node's zone (written by node-zone.sh); a missing or empty
#                    file drops broker.rack (clusters without zone labels, e.g. kind).
#   SECRETS_DIR      mounted credential files: @@SECRET:<file>@@ becomes the content of $SECRETS_DIR/<file>;
#                    every <user>-username / <user>-password pair is a SCRAM user to create.
#   CLUSTER_ID       KRaft cluster id (format only).
#   BIN_DIR          Kafka's bin directory; default /opt/kafka/bin.
#   METRICS_AGENT_JAR, METRICS_PORT, METRICS_CONFIG  (start only) the Prometheus JMX exporter agent: when
#                    the jar is there, `-javaagent:<jar>=<port>:<config>` goes into KAFKA_OPTS of the
#                    broker JVM alone (in the container env, every Kafka tool run with kubectl exec would load
#                    it too and fail on the port the broker holds). No jar: the init container could not
#                    download it; the node starts without metrics.
# Secret values are never printed: error messages name the file or key, not the value.
set -euo pipefail
# A failing $(…) must stop the script too (secret() dies inside one).
shopt -s inherit_errexit

die() { echo "kafka-node: $*" >&2; exit 1; }

command="${1:-}"
[[ "$command" == start || "$command" == format || "$command" == scram-users ]] || die "usage: kafka-node.sh start|format|scram-users"
: "${NODE_ID_BASE:?NODE_ID_BASE is not set}"
: "${CONFIG_TEMPLATE:?CONFIG_TEMPLATE is not set}"
: "${CONFIG_FILE:?CONFIG_FILE is not set}"
bin="${BIN_DIR:-/opt/kafka/bin}"
SCRAM_MECHANISM=SCRAM-SHA-512

# The content of credential file $1, checked to be safe inside a JAAS value and a SCRAM argument
# ("[name=..,password=..]" splits on ',' and ']').
secret() {
    local file="${SECRETS_DIR:?SECRETS_DIR is not set but the config needs secret $1}/$1" value
    [[ "$1" =~ ^[a-z0-9][a-z0-9_-]*$ ]] || die "invalid secret file name '$1'"
    [[ -s "$file" ]] || die "secret file $file is missing or empty"
    value="$(<"$file")"
    [[ "$value" =~ ^[A-Za-z0-9._~-]+$ ]] || die "secret file $file holds characters other than letters, digits and ._~-"
    printf '%s' "$value"
}

# "name password" per generated user, from the <user>-username / <user>-password files.
scram_users() {
    local f user name password
    for f in "${SECRETS_DIR:?SECRETS_DIR is not set}"/*-username; do
        [[ -e "$f" ]] || die "no <user>-username files in $SECRETS_DIR"
        user="$(basename "$f" -username)"
        name="$(secret "$user-username")"
        password="$(secret "$user-password")"
        printf '%s %s\n' "$name" "$password"
    done
}

if [[ "$command" == scram-users ]]; then
    zk="$(sed -n 's/^zookeeper\.connect=//p' "$CONFIG_TEMPLATE")"
    [[ -n "$zk" ]] || die "no zookeeper.connect in $CONFIG_TEMPLATE"
    hosts="${zk%%/*}"
    if [[ "$zk" == */* ]]; then
        # A chrooted ZooKeeper client cannot create its own root; the broker would create it later,
        # but the credentials must be there first. "Node already exists" is fine (not checked here:
        # kafka-configs.sh below fails if the chroot is still missing).
        "$bin/zookeeper-shell.sh" "$hosts" create "/${zk#*/}" >/dev/null 2>&1 || true
    fi
    users="$(scram_users)"
    while read -r name password; do
        "$bin/kafka-configs.sh" --zookeeper "$zk" --alter --entity-type users --entity-name "$name" \
            --add-config "$SCRAM_MECHANISM=[password=$password]" >/dev/null
        echo "kafka-node: SCRAM credential of user $name stored in ZooKeeper" >&2
    done <<<"$users"
    exit 0
fi

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
(umask 077 && : >"$tmp")
secret_re='@@SECRET:([^@]*)@@'
while IFS= read -r line || [[ -n "$line" ]]; do
    if [[ "$line" == broker.rack=* && -z "$rack" ]]; then
        echo "kafka-node: no zone known for this node; broker.rack not set" >&2
        continue
    fi
    line="${line//@@NODE_ID@@/$node_id}"
    line="${line//@@POD_NAME@@/$pod}"
    line="${line//@@RACK@@/$rack}"
    while [[ "$line" =~ $secret_re ]]; do
        file="${BASH_REMATCH[1]}"
        value="$(secret "$file")"
        line="${line//"@@SECRET:$file@@"/$value}"
    done
    [[ "$line" != *@@*@@* ]] || die "unknown placeholder left in the value of ${line%%=*}"
    printf '%s\n' "$line" >>"$tmp"
done <"$CONFIG_TEMPLATE"
mv -f "$tmp" "$CONFIG_FILE"
echo "kafka-node: $pod is node $node_id${rack:+ in rack $rack}; config at $CONFIG_FILE" >&2

if [[ "$command" == format ]]; then
    [[ "${CLUSTER_ID:-}" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "CLUSTER_ID must be a 22-character base64url id"
    # "--cluster-id=ID", never "--cluster-id ID": argparse4j takes a separate value only when it does
    # not start with '-', and a base64url id does one time in 64 (KAFKA-19988; argparse4j 0.7.0
    # ArgumentParserImpl.java:1014-1027, attached value :833-842).
    args=(format "--cluster-id=$CLUSTER_ID" --config "$CONFIG_FILE" --ignore-formatted)
    if [[ -n "${SECRETS_DIR:-}" ]]; then
        users="$(scram_users)"
        while read -r name password; do
            args+=(--add-scram "$SCRAM_MECHANISM=[name=$name,password=$password]")
        done <<<"$users"
    fi
    # --ignore-formatted: a restarted pod with an already formatted volume is not an error.
    exec "$bin/kafka-storage.sh" "${args[@]}"
fi
# Metrics agent (components/observability). kafka-run-class.sh word-splits $KAFKA_OPTS into JVM
# options before the main class (4.3.1 bin/kafka-run-class.sh:352, 3.9.2 :353), so no value may hold blanks.
if [[ -n "${METRICS_AGENT_JAR:-}" ]]; then
    : "${METRICS_CONFIG:?METRICS_CONFIG is not set}"
    [[ "${METRICS_PORT:-}" =~ ^[0-9]+$ ]] || die "METRICS_PORT must be a port number, got '${METRICS_PORT:-}'"
    [[ "$METRICS_AGENT_JAR$METRICS_CONFIG" != *[[:space:]]* ]] || die "METRICS_AGENT_JAR and METRICS_CONFIG must not contain blanks"
    if [[ -s "$METRICS_AGENT_JAR" ]]; then
        export KAFKA_OPTS="-javaagent:$METRICS_AGENT_JAR=$METRICS_PORT:$METRICS_CONFIG${KAFKA_OPTS:+ $KAFKA_OPTS}"
    else
        echo "kafka-node: no metrics agent at $METRICS_AGENT_JAR (see the metrics-agent init container's log); starting without metrics" >&2
    fi
fi
exec "$bin/kafka-server-start.sh" "$CONFIG_FILE"
