#!/bin/sh
# Writes a Kafka client.properties for the cluster's listener security, then execs the given
# command. The one place where the project's own client pods (topic Jobs, smoke test, example
# consumer) turn KafkaClientSettings into client configuration; components/common/client-config.ts
# builds the env and volumes this reads.
#
# usage: client-properties.sh COMMAND [ARG]...
#
# Environment:
#   CLIENT_PROPERTIES   file to write (mode 600).
#   SECURITY_PROTOCOL   PLAINTEXT | SASL_PLAINTEXT | SASL_SSL | SSL.
#   SASL_MECHANISM      with SASL_*: the mechanism (SCRAM-SHA-512).
#   SASL_USERNAME_FILE, SASL_PASSWORD_FILE   with SASL_*: mounted Secret files holding the credentials.
#   CA_FILE             with SSL / SASL_SSL: PEM bundle of the CA to trust (mounted Secret file).
# Credentials are read from files at start and written only to CLIENT_PROPERTIES, never printed.
set -eu

die() { echo "client-properties: $*" >&2; exit 2; }

: "${CLIENT_PROPERTIES:?CLIENT_PROPERTIES is not set}"
: "${SECURITY_PROTOCOL:?SECURITY_PROTOCOL is not set}"
[ "$#" -gt 0 ] || die "usage: client-properties.sh COMMAND [ARG]..."

case "$SECURITY_PROTOCOL" in
    PLAINTEXT) sasl=false tls=false ;;
    SASL_PLAINTEXT) sasl=true tls=false ;;
    SASL_SSL) sasl=true tls=true ;;
    SSL) sasl=false tls=true ;;
    *) die "unknown SECURITY_PROTOCOL '$SECURITY_PROTOCOL'" ;;
esac

umask 077
mkdir -p "$(dirname "$CLIENT_PROPERTIES")"
tmp="$CLIENT_PROPERTIES.tmp"
echo "security.protocol=$SECURITY_PROTOCOL" >"$tmp"
if [ "$sasl" = true ]; then
    : "${SASL_MECHANISM:?SASL_MECHANISM is not set}"
    [ -s "${SASL_USERNAME_FILE:?SASL_USERNAME_FILE is not set}" ] || die "$SASL_USERNAME_FILE is missing or empty"
    [ -s "${SASL_PASSWORD_FILE:?SASL_PASSWORD_FILE is not set}" ] || die "$SASL_PASSWORD_FILE is missing or empty"
    username=$(cat "$SASL_USERNAME_FILE")
    password=$(cat "$SASL_PASSWORD_FILE")
    # The JAAS value quotes them; a quote, backslash or line break would break (or inject into) it.
    for v in "$username" "$password"; do
        case "$v" in *'"'* | *'\'* | *"
"*) die "SASL credential files must not contain quotes, backslashes or line breaks" ;; esac
    done
    echo "sasl.mechanism=$SASL_MECHANISM" >>"$tmp"
    printf 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' "$username" "$password" >>"$tmp"
fi
if [ "$tls" = true ]; then
    [ -s "${CA_FILE:?CA_FILE is not set}" ] || die "$CA_FILE is missing or empty"
    # A PEM CA file as truststore (Kafka clients >= 2.7): no JKS conversion, no truststore password.
    echo "ssl.truststore.type=PEM" >>"$tmp"
    echo "ssl.truststore.location=$CA_FILE" >>"$tmp"
fi
mv -f "$tmp" "$CLIENT_PROPERTIES"
exec "$@"
