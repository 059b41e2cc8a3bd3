#!/bin/bash
# Stub of kafka-configs.sh (kafka.admin.ConfigCommand) for what apply-credentials.sh uses: an admin client
# logging in with SASL/SCRAM from --command-config, upserting a user's SCRAM credential from
# --add-config-file, and describing a user. The same at 3.9.2 (5e9866f) and 4.3.1 (26b251a); line numbers
# below are core/src/main/scala/kafka/admin/ConfigCommand.scala at 3.9.2 / 4.3.1 unless named otherwise.
# Other uses are refused with exit 3 ("not modelled") so a test cannot pass on behaviour nobody checked.
#
# State in $STUB_STATE:
#   scram/<user>  the password Kafka holds a SCRAM-SHA-512 credential for (the real thing stores a salted hash)
#   down          present: the cluster does not answer (every call times out)
#   calls         one line per call: the user it logged in as (or "-"), then its arguments, \x1f-separated
set -uo pipefail
S=${STUB_STATE:?STUB_STATE not set}
mkdir -p "$S/scram"
args=("$@")

# main's catch-all for anything but IllegalArgumentException/OptionException (3.9.2:106-110, 4.3.1:98-102):
# a fixed line with the whole command line, then the stack trace (first line: the exception), exit 1.
fail_executing() {
    echo "Error while executing config command with args '${args[*]}'" >&2
    echo "java.util.concurrent.ExecutionException: $1" >&2
    echo "	at org.apache.kafka.common.internals.KafkaFutureImpl.wrapAndThrow(KafkaFutureImpl.java:165)" >&2
    exit 1
}
# IllegalArgumentException / OptionException: the message alone on stderr, exit 1 (3.9.2:101-104, 4.3.1:93-96).
fail_argument() { echo "$1" >&2; exit 1; }
not_modelled() { echo "kafka-configs stub: not modelled: $*" >&2; exit 3; }

bootstrap="" command_config="" action="" entity_type="" entity_name="" add_config="" add_config_file="" delete_config=""
while [[ $# -gt 0 ]]; do
    # joptsimple options with a required argument take the next word (the script never passes one starting with '-').
    case "$1" in
        --bootstrap-server) bootstrap="$2"; shift 2 ;;
        --command-config) command_config="$2"; shift 2 ;;
        --alter | --describe) [[ -z $action ]] || not_modelled "two actions"; action="${1#--}"; shift ;;
        --entity-type) entity_type="$2"; shift 2 ;;
        --entity-name) entity_name="$2"; shift 2 ;;
        --add-config) add_config="$2"; shift 2 ;;
        --add-config-file) add_config_file="$2"; shift 2 ;;
        --delete-config) delete_config="$2"; shift 2 ;;
        --zookeeper)
            # 4.3.1 has no such option: joptsimple's OptionException message (4.3.1:93-96); 3.9.2's ZooKeeper path is not modelled.
            [[ ${STUB_KAFKA_VERSION:-4.3.1} == 4.* ]] && fail_argument "zookeeper is not a recognized option"
            not_modelled "--zookeeper" ;;
        *) not_modelled "argument $1" ;;
    esac
done

# checkArgs (3.9.2:907-993, 4.3.1:652-740): an action, a bootstrap (3.9.2:945, 4.3.1:669), and something to
# add or delete with --alter (3.9.2:989-992, 4.3.1:735-738).
[[ -n $action ]] || not_modelled "no action (the real tool prints usage)"
if [[ -z $bootstrap ]]; then
    [[ ${STUB_KAFKA_VERSION:-4.3.1} == 4.* ]] && fail_argument "Either --bootstrap-server or --bootstrap-controller must be specified."
    fail_argument "One of the required --bootstrap-server, --boostrap-controller, or --zookeeper arguments must be specified"
fi
if [[ $action == alter ]]; then
    [[ -n $add_config && -n $add_config_file ]] && fail_argument "Only one of --add-config or --add-config-file must be specified"
    [[ -z $add_config && -z $add_config_file && -z $delete_config ]] && fail_argument "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
    [[ -z $add_config && -z $delete_config ]] || not_modelled "--add-config/--delete-config (the script passes passwords in a file)"
fi
[[ $entity_type == users && -n $entity_name ]] || not_modelled "entity type '$entity_type' / name '$entity_name'"

# The admin client logs in with the JAAS config of --command-config (Utils.loadProps, 3.9.2:333-334,
# 4.3.1:149-150). No command config: PLAINTEXT, which a SASL listener does not serve (not modelled).
[[ -n $command_config && -r $command_config ]] || not_modelled "no readable --command-config"
jaas="$(sed -n 's/^sasl\.jaas\.config=//p' "$command_config")"
[[ $jaas =~ username=\"([^\"]*)\"\ password=\"([^\"]*)\" ]] || not_modelled "a command config without a SCRAM JAAS login"
login_user="${BASH_REMATCH[1]}" login_password="${BASH_REMATCH[2]}"
{ printf '%s' "$login_user"; for a in "${args[@]}"; do printf '\x1f%s' "$a"; done; printf '\n'; } >>"$S/calls"

# Unreachable cluster: the admin call's future times out (alter: .get(60 s), 4.3.1:294; describe: .get(30 s), 4.3.1:496).
[[ -e $S/down ]] && fail_executing "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeUserScramCredentials"
# Wrong password: the broker answers SASL_AUTHENTICATION_FAILED with this text
# (clients/src/main/java/org/apache/kafka/common/security/authenticator/SaslServerAuthenticator.java 3.9.2:493-495, 4.3.1:489-491),
# which the admin client raises as SaslAuthenticationException.
if [[ ! -f $S/scram/$login_user || "$(<"$S/scram/$login_user")" != "$login_password" ]]; then
    fail_executing "org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"
fi

if [[ $action == describe ]]; then
    # describeClientQuotaAndUserScramCredentialConfigs (3.9.2:650-664, 4.3.1:490-505): users without a
    # credential are left out (DescribeUserScramCredentialsResult.users filters RESOURCE_NOT_FOUND).
    [[ -f $S/scram/$entity_name ]] && echo "SCRAM credential configs for user-principal '$entity_name' are SCRAM-SHA-512=iterations=4096"
    exit 0
fi

# --add-config-file: Utils.loadProps (3.9.2:288-291, 4.3.1:108-111); keys checked by validatePropsKey;
# a SCRAM value must read "(?:iterations=(-?[0-9]*),)?password=(.*)" (3.9.2:485-490, 4.3.1:277-282),
# else IllegalArgumentException "Invalid credential property <mechanism>=<value>".
[[ -r $add_config_file ]] || fail_executing "java.nio.file.NoSuchFileException: $add_config_file"
password=""
while IFS= read -r line || [[ -n $line ]]; do
    [[ -z $line || $line == '#'* ]] && continue
    key="${line%%=*}" value="${line#*=}"
    [[ $key == SCRAM-SHA-512 ]] || not_modelled "config $key"
    if [[ $value =~ ^(iterations=(-?[0-9]*),)?password=(.*)$ ]]; then
        password="${BASH_REMATCH[3]}"
    else
        fail_argument "Invalid credential property SCRAM-SHA-512=$value"
    fi
done <"$add_config_file"
[[ -n $password ]] || not_modelled "an empty config file"
printf '%s' "$password" >"$S/scram/$entity_name"
# 3.9.2:475-476, 4.3.1:267-268 (entity type without its trailing "s").
echo "Completed updating config for user $entity_name."
