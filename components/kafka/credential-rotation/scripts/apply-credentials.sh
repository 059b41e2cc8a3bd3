#!/bin/bash
# Stores the generated SCRAM users' passwords in Kafka around a rolling restart, as an admin client of
# the client listener (kafka-configs.sh --bootstrap-server: the same in ZooKeeper mode, 3.9, and KRaft, 4.x).
#
# usage: apply-credentials.sh apply|retire
#   apply   before the brokers roll. Logs in as whichever inter-broker user Kafka accepts with its current
#           password (the active one, else the one the brokers are leaving), stores the active inter-broker
#           user's current password, then waits until it logs in. Before the cluster's
#           first successful deploy (no bootstrap marker) it changes nothing: the nodes' bootstrap step stores
#           every user (KRaft: storage format --add-scram; ZooKeeper mode: the scram-users init container).
#   retire  after the roll. As the active inter-broker user, replaces the other inter-broker user's password
#           with a random value that is stored nowhere: the password the brokers left stops working.
# Passwords reach kafka-configs.sh in files (--add-config-file), never on its command line: when it fails it
# prints its whole command line (3.9.2 and 4.3.1 core/src/main/scala/kafka/admin/ConfigCommand.scala, main's
# catch-all: 3.9.2:106-110, 4.3.1:98-102). This script prints no secret.
#
# Environment:
#   BOOTSTRAP_SERVERS     host:port of the client listener.
#   SECURITY_PROTOCOL     SASL_PLAINTEXT or SASL_SSL.
#   CA_FILE               with SASL_SSL: the cluster CA (PEM).
#   SECRETS_DIR           the generated users' files <user>-username and <user>-password.
#   ACTIVE_USER           file prefix of the inter-broker user the brokers run with after this deploy.
#   RETIRED_USER          file prefix of the other inter-broker user.
#   BOOTSTRAP_MARKER_DIR  mount of the optional <cluster>-bootstrapped ConfigMap.
#   WAIT_SECONDS          how long to keep retrying while the cluster does not accept a login (default 300).
#   WORK_DIR              writable directory for the client property files (default /tmp, an in-pod emptyDir).
#   BIN_DIR               Kafka's bin directory (default /opt/kafka/bin).
# Exit codes: 0 done; 1 no login accepted within WAIT_SECONDS (the Job may retry); 2 bad usage or input.
set -euo pipefail
shopt -s inherit_errexit

die() { echo "apply-credentials: $1" >&2; exit "${2:-2}"; }
log() { echo "apply-credentials: $*" >&2; }

phase="${1:-}"
[[ $phase == apply || $phase == retire ]] || die "usage: apply-credentials.sh apply|retire"
for v in BOOTSTRAP_SERVERS SECURITY_PROTOCOL SECRETS_DIR ACTIVE_USER RETIRED_USER; do
    [[ -n "${!v:-}" ]] || die "$v is not set"
done
[[ $SECURITY_PROTOCOL == SASL_PLAINTEXT || $SECURITY_PROTOCOL == SASL_SSL ]] || die "SECURITY_PROTOCOL must be SASL_PLAINTEXT or SASL_SSL, got '$SECURITY_PROTOCOL'"
bin="${BIN_DIR:-/opt/kafka/bin}"
work="${WORK_DIR:-/tmp}"
wait_seconds="${WAIT_SECONDS:-300}"
[[ $wait_seconds =~ ^[0-9]+$ ]] || die "WAIT_SECONDS must be a number of seconds"
deadline=$((SECONDS + wait_seconds))
umask 077

# Content of a credential file, checked to be safe inside a JAAS value and a properties file.
credential() {
    local file="$SECRETS_DIR/$1" value
    [[ -s $file ]] || die "credential file $file is missing or empty"
    value="$(<"$file")"
    [[ $value =~ ^[A-Za-z0-9._~-]+$ ]] || die "credential file $file holds characters other than letters, digits and ._~-"
    printf '%s' "$value"
}

name_of() { credential "$1-username"; }

# Every credential is checked here, in the main shell: inside the retry loops' conditions a failed check
# would not stop the script (errexit does not apply there).
for user in "$ACTIVE_USER" "$RETIRED_USER"; do
    credential "$user-username" >/dev/null
    credential "$user-password" >/dev/null
done

# Admin client properties that log in as user $1 (a file prefix); prints the file's path.
login_properties() {
    local file="$work/login-$1.properties"
    {
        echo "security.protocol=$SECURITY_PROTOCOL"
        echo "sasl.mechanism=SCRAM-SHA-512"
        printf 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' "$(name_of "$1")" "$(credential "$1-password")"
        if [[ $SECURITY_PROTOCOL == SASL_SSL ]]; then
            [[ -s ${CA_FILE:-} ]] || die "CA_FILE is missing or empty"
            echo "ssl.truststore.type=PEM"
            echo "ssl.truststore.location=$CA_FILE"
        fi
        # One attempt fails within seconds while the cluster is away; the loops below retry.
        echo "default.api.timeout.ms=20000"
        echo "request.timeout.ms=10000"
    } >"$file"
    printf '%s' "$file"
}

# kafka-configs.sh as user $1; its output goes to the log file of the attempt.
configs_as() {
    local as="$1"
    shift
    "$bin/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP_SERVERS" --command-config "$(login_properties "$as")" "$@" >"$work/last-attempt.log" 2>&1
}

# Stores password $3 for user $2 (a file prefix), logged in as $1. The properties form of
# --add-config-file takes the value without brackets (ConfigCommand parseConfigsToBeAdded: Utils.loadProps,
# 3.9.2:288-291, 4.3.1:108-111; then "(?:iterations=..,)?password=(.*)", 3.9.2:485-490, 4.3.1:277-282).
store() {
    local as="$1" user="$2" password="$3" file="$work/scram.properties" status=0
    printf 'SCRAM-SHA-512=password=%s\n' "$password" >"$file"
    configs_as "$as" --alter --entity-type users --entity-name "$(name_of "$user")" --add-config-file "$file" || status=$?
    rm -f "$file"
    return "$status"
}

# Whether user $1 logs in with its current password (a describe of itself succeeds).
logs_in() { configs_as "$1" --describe --entity-type users --entity-name "$(name_of "$1")"; }

# Waits a little before the next attempt, or gives up with the last attempt's output.
retry_or_fail() {
    if ((SECONDS >= deadline)); then
        sed 's/^/  | /' "$work/last-attempt.log" >&2 || true
        die "$1 (gave up after ${wait_seconds}s)" 1
    fi
    sleep 5
}

if [[ $phase == apply ]]; then
    if [[ ! -e "${BOOTSTRAP_MARKER_DIR:-/nonexistent}/bootstrapped" ]]; then
        log "the cluster has not completed a deploy yet (no bootstrap marker): the nodes' bootstrap step stores every user; nothing to do"
        exit 0
    fi
    as=""
    until [[ -n $as ]]; do
        for candidate in "$ACTIVE_USER" "$RETIRED_USER"; do
            if store "$candidate" "$ACTIVE_USER" "$(credential "$ACTIVE_USER-password")"; then
                as="$candidate"
                break
            fi
        done
        [[ -n $as ]] || retry_or_fail "Kafka accepts neither inter-broker user's current password ($(name_of "$ACTIVE_USER"), $(name_of "$RETIRED_USER")): was one replaced outside security.rotation? (README: Rotating passwords)"
    done
    log "logged in as $(name_of "$as"); stored the password of $(name_of "$ACTIVE_USER")"
    # The credential reaches every broker through the metadata log (KRaft) or ZooKeeper: wait until it logs in.
    until logs_in "$ACTIVE_USER"; do retry_or_fail "$(name_of "$ACTIVE_USER") does not log in with its new password"; done
    log "$(name_of "$ACTIVE_USER") logs in with its current password"
    exit 0
fi

# retire: a password nobody knows (hex of 32 random bytes; od and tr read to the end, so pipefail holds).
unknown="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
[[ ${#unknown} -eq 64 ]] || die "could not read /dev/urandom"
until store "$ACTIVE_USER" "$RETIRED_USER" "$unknown"; do
    retry_or_fail "$(name_of "$ACTIVE_USER") cannot log in to retire $(name_of "$RETIRED_USER")"
done
log "retired the password of $(name_of "$RETIRED_USER"); the brokers log in as $(name_of "$ACTIVE_USER")"
