#!/bin/bash
# Starts (or prepares the storage of) one Kafka node from the server.properties template in its
# ConfigMap. Usage: kafka-node.sh start|format|scram-users
#   start        render the config, then exec kafka-server-start.sh (the JVM becomes PID 1 and gets SIGTERM
#                directly, so controlled shutdown runs within terminationGracePeriodSeconds).
#   format       render the config, then run an idempotent `kafka-storage.sh format` (KRaft init container).
#                With SECRETS_DIR set, the first format also stores the generated users' SCRAM-SHA-512
#                credentials (--add-scram, from an argument file removed afterwards); --ignore-formatted
#                skips that on an already formatted volume. Without SECRETS_DIR the tool is exec'ed.
#   scram-users  ZooKeeper mode, until the cluster has bootstrapped (BOOTSTRAP_MARKER_DIR holds no marker):
#                upsert every generated user's SCRAM-SHA-512 credential in ZooKeeper (kafka-configs.sh
#                --zookeeper, the only way before any broker runs), under the chroot of zookeeper.connect,
#                which is created first when missing. Afterwards the credential Jobs change passwords.
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
#   ZOOKEEPER_JAAS_FILE  ZooKeeper mode with zookeeper.authentication sasl: the mounted JAAS file (section Client)
#                    every JVM started here logs in to ZooKeeper with; it goes into KAFKA_OPTS as
#                    -Djava.security.auth.login.config (a path: the password stays in the file).
#   BOOTSTRAP_MARKER_DIR  format, KRaft quorum voters only: the optional mount of the <cluster>-bootstrapped
#                    ConfigMap (see "A voter that lost its volume" below).
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

# ZooKeeper's login: the JVMs of kafka-server-start.sh, kafka-configs.sh and zookeeper-shell.sh all read
# KAFKA_OPTS (3.9.2 bin/kafka-run-class.sh:353 word-splits it, so the path may hold no blanks). A missing
# file would make the broker refuse to start with zookeeper.set.acl=true (KafkaZkClient.scala:2408-2417),
# and kafka-configs.sh write credentials without ACLs: stop here instead, naming the file.
if [[ -n "${ZOOKEEPER_JAAS_FILE:-}" ]]; then
    [[ "$ZOOKEEPER_JAAS_FILE" != *[[:space:]]* ]] || die "ZOOKEEPER_JAAS_FILE must not contain blanks"
    [[ -s "$ZOOKEEPER_JAAS_FILE" ]] || die "ZooKeeper JAAS file $ZOOKEEPER_JAAS_FILE is missing or empty (Secret key client-jaas.conf)"
    export KAFKA_OPTS="-Djava.security.auth.login.config=$ZOOKEEPER_JAAS_FILE${KAFKA_OPTS:+ $KAFKA_OPTS}"
fi

if [[ "$command" == scram-users ]]; then
    # Only until the cluster has bootstrapped: afterwards passwords change through the credential Jobs,
    # ordered around the roll; an upsert here would change the password running brokers log in with.
    if [[ -e "${BOOTSTRAP_MARKER_DIR:-/nonexistent}/bootstrapped" ]]; then
        echo "kafka-node: the cluster has bootstrapped; SCRAM credentials change only through the credential Jobs" >&2
        exit 0
    fi
    zk="$(sed -n 's/^zookeeper\.connect=//p' "$CONFIG_TEMPLATE")"
    [[ -n "$zk" ]] || die "no zookeeper.connect in $CONFIG_TEMPLATE"
    hosts="${zk%%/*}"
    if [[ "$zk" == */* ]]; then
        # A chrooted ZooKeeper client cannot create its own root; the broker would create it later,
        # but the credentials must be there first. "Node already exists" is fine (not checked here:
        # kafka-configs.sh below fails if the chroot is still missing).
        create=(create "/${zk#*/}")
        # Logged in: the ACLs the broker would give it (3.9.2 core/src/main/scala/kafka/zk/ZkData.scala:1127-1135:
        # ZooDefs.Ids.CREATOR_ALL_ACL, the "auth" scheme, which ZooKeeper turns into the session's sasl:<user>,
        # plus READ_ACL_UNSAFE, world read); the CLI's create takes them after the data (CreateCommand.java:113-121).
        if [[ -n "${ZOOKEEPER_JAAS_FILE:-}" ]]; then create+=("" "auth::cdrwa,world:anyone:r"); fi
        "$bin/zookeeper-shell.sh" "$hosts" "${create[@]}" >/dev/null 2>&1 || true
    fi
    users="$(scram_users)"
    # The password goes in a file (in the pod's memory-backed run directory), never on the command line:
    # on failure kafka-configs.sh prints its whole command line (3.9.2 ConfigCommand.scala:106-110); the
    # file takes the value without brackets (ConfigCommand.scala:288-291 Utils.loadProps, :192-203).
    credential_file="$(dirname "$CONFIG_FILE")/scram.properties"
    mkdir -p "$(dirname "$CONFIG_FILE")"
    while read -r name password; do
        (umask 077 && printf '%s=password=%s\n' "$SCRAM_MECHANISM" "$password" >"$credential_file")
        "$bin/kafka-configs.sh" --zookeeper "$zk" --alter --entity-type users --entity-name "$name" \
            --add-config-file "$credential_file" >/dev/null
        rm -f "$credential_file"
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

# A voter that lost its volume: once the cluster has bootstrapped (the marker ConfigMap exists), a quorum
# voter whose metadata log directory has no meta.properties lost or replaced its volume. With static
# controller.quorum.voters an empty voter still votes and can help elect a leader that misses committed
# metadata (KIP-853), so format refuses unless the operator listed this pod in the marker's reformat-nodes
# after checking that the other voters have a leader and no lag.
if [[ "$command" == format && -n "${BOOTSTRAP_MARKER_DIR:-}" && -e "$BOOTSTRAP_MARKER_DIR/bootstrapped" ]]; then
    # The metadata log lives in metadata.log.dir, else in the first of log.dirs
    # (4.3.1 core/src/main/scala/kafka/server/KafkaConfig.scala:226-231); format writes meta.properties into
    # every log dir and the metadata log dir that lacks one (4.3.1 core/src/main/scala/kafka/tools/StorageTool.scala:172,402-406,
    # metadata/src/main/java/org/apache/kafka/metadata/storage/Formatter.java:419-453), and a directory without
    # meta.properties is what Kafka itself calls empty (metadata/.../properties/MetaPropertiesEnsemble.java:126-131).
    metadata_dir="$(sed -n 's/^metadata\.log\.dir=//p' "$CONFIG_FILE" | tail -n 1)"
    if [[ -z "$metadata_dir" ]]; then
        log_dirs="$(sed -n 's/^log\.dirs=//p' "$CONFIG_FILE" | tail -n 1)"
        metadata_dir="${log_dirs%%,*}"
    fi
    [[ -n "$metadata_dir" ]] || die "no metadata.log.dir or log.dirs in $CONFIG_FILE"
    if [[ ! -e "$metadata_dir/meta.properties" ]]; then
        reformat_key="$(cat "$BOOTSTRAP_MARKER_DIR/reformat-key" 2>/dev/null || echo kafka.kraft.reformatNodes)"
        if grep -qxF -- "$pod" "$BOOTSTRAP_MARKER_DIR/reformat-nodes" 2>/dev/null; then
            echo "kafka-node: $pod: formatting the empty metadata log directory $metadata_dir because $reformat_key lists it; remove it from that list once $pod has caught up" >&2
        else
            die "refusing to format $metadata_dir on $pod: the cluster has bootstrapped (marker $BOOTSTRAP_MARKER_DIR/bootstrapped), but this quorum voter's metadata log directory has no meta.properties, so its volume was lost or replaced. An empty voter in a static quorum (controller.quorum.voters) can help elect a leader that misses committed metadata. Recovery: check that the other voters have a leader and no lag (kafka-metadata-quorum.sh --bootstrap-controller <healthy voter>:9093 describe --replication), then set $reformat_key to include \"$pod\" and run pulumi up; $pod formats and catches up from the leader; then remove it from the list again (README: A quorum voter lost its volume)."
        fi
    fi
fi

if [[ "$command" == format ]]; then
    [[ "${CLUSTER_ID:-}" =~ ^[A-Za-z0-9_-]{22}$ ]] || die "CLUSTER_ID must be a 22-character base64url id"
    # "--cluster-id=ID", never "--cluster-id ID": argparse4j takes a separate value only when it does
    # not start with '-', and a base64url id does one time in 64 (KAFKA-19988; argparse4j 0.7.0
    # ArgumentParserImpl.java:1014-1027, attached value :833-842).
    args=(format "--cluster-id=$CLUSTER_ID" --config "$CONFIG_FILE" --ignore-formatted)
    if [[ -z "${SECRETS_DIR:-}" ]]; then
        # --ignore-formatted: a restarted pod with an already formatted volume is not an error.
        exec "$bin/kafka-storage.sh" "${args[@]}"
    fi
    # The SCRAM credentials go in an argument file beside the rendered config (memory-backed, private),
    # never on the command line, where /proc/<pid>/cmdline shows them to every process in the pod.
    # StorageTool's parser replaces an argument "@<file>" with the file's lines, one argument each
    # (4.3.1 core/src/main/scala/kafka/tools/StorageTool.scala:291 fromFilePrefix "@"; argparse4j 0.7.0
    # ArgumentParserImpl.java:1183-1197,1213-1247); the java launcher leaves arguments after the main
    # class alone (JDK 21 src/java.base/share/native/libjli/args.c JLI_PreprocessArg: no expansion once
    # firstAppArgIndex is set). "--add-scram=<value>" keeps each credential on one line.
    users="$(scram_users)"
    scram_args="$(dirname "$CONFIG_FILE")/format-scram.args"
    trap 'rm -f "$scram_args"' EXIT
    (umask 077 && : >"$scram_args")
    while read -r name password; do
        printf -- '--add-scram=%s=[name=%s,password=%s]\n' "$SCRAM_MECHANISM" "$name" "$password" >>"$scram_args"
    done <<<"$users"
    # Not exec'ed: the file is removed once the tool has read it (this is an init container; no signals to forward).
    status=0
    "$bin/kafka-storage.sh" "${args[@]}" "@$scram_args" || status=$?
    exit "$status"
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
