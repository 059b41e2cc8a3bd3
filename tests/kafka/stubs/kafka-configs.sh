#!/bin/bash
# kafka-configs.sh (core/src/main/scala/kafka/admin/ConfigCommand.scala), the parts the topic Job
# (--bootstrap-server, topics), kafka-node.sh scram-users (3.9.2 --zookeeper, users) and the
# credential Jobs' apply-credentials.sh (--bootstrap-server with SASL/SCRAM, users) rely on.
source "${0%/*}/lib.sh"

# Options (3.9.2 :797-875; 4.3.1 :545-618). --command-config in both (:813 / :554). --zookeeper only
# in 3.9.2 (:799): 4.3.1 rejects it like any unknown option.
JOPT_ARG=(bootstrap-server bootstrap-controller command-config entity-type entity-name add-config add-config-file
    delete-config topic client user broker broker-logger ip)
JOPT_FLAG=(alter describe all entity-default force client-defaults user-defaults broker-defaults ip-defaults help version)
if at_least_4; then JOPT_ARG+=(group client-metrics); else JOPT_ARG+=(zookeeper zk-tls-config-file); fi
# OptionException and IllegalArgumentException: the message on stderr, exit 1 (3.9.2 :100-104; 4.3.1 :93-96).
jopt_fail() { echo "$1" >&2; exit 1; }
ARGS=("$@")
jopt_parse "$@"
actions=0
for a in alter describe; do if has "$a"; then actions=$((actions + 1)); fi; done
# checkArgs: exactly one action, else printUsageAndExit, not main's catch (3.9.2 :909-911; 4.3.1 :654-656).
((actions == 1)) || print_usage_and_exit "Command must include exactly one action: --describe, --alter"
if has command-config; then load_props "$(opt command-config)"; fi
type=$(opt entity-type || true)
name=$(opt entity-name || true)

# checkArgs for --alter: --add-config and --add-config-file exclude each other; one of them or
# --delete-config is required (3.9.2 :984-992; 4.3.1 :730-738). Checked before anything connects.
if has alter; then
    if has add-config && has add-config-file; then jopt_fail "Only one of --add-config or --add-config-file must be specified"; fi
    has add-config || has add-config-file || has delete-config || jopt_fail "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
fi

# ConfigCommand.parseConfigsToBeAdded (3.9.2 :286-312; 4.3.1 :106-126): fills ADD (key -> value) and
# ADD_KEYS (in order).
#  * --add-config-file: Utils.loadProps, i.e. java.util.Properties.load (clients/src/main/java/org/
#    apache/kafka/common/utils/Utils.java 3.9.2 :651-660, 4.3.1 :665-674): '#'/'!' lines are comments,
#    the key ends at the first '=', ':' or blank, the value is the rest with leading blanks removed and
#    is taken verbatim: no bracket removal, so a SCRAM credential reads "SCRAM-SHA-512=password=..."
#    ("=[password=...]" fails the credential pattern). In a value a backslash escapes the next
#    character ("\\" is one "\", "\=" is "="; Properties.loadConvert); \t \n \r \f \uXXXX and
#    continuation lines are not modelled (the user Job writes none). A missing file:
#    NoSuchFileException from Files.newInputStream, which main reports as
#    "Error while executing config command" with a stack trace, exit 1 (3.9.2 :106-110; 4.3.1 :98-102).
#  * --add-config: split at each ',' and then at the '=' that are not inside [...]; every pair must
#    give exactly key and value (else Scala's require: "requirement failed: Invalid entity config",
#    3.9.2 :297, 4.3.1 :120); the value loses every '[' and ']' and surrounding blanks.
declare -A ADD=()
ADD_KEYS=()
add_pair() { [[ ${ADD[$1]+set} == set ]] || ADD_KEYS+=("$1"); ADD[$1]=$2; }
configs_to_be_added() {
    if has add-config-file; then
        local file line key
        file=$(opt add-config-file)
        if [[ ! -r $file ]]; then
            echo "Error while executing config command with args '${ARGS[*]}'" >&2
            echo "java.nio.file.NoSuchFileException: $file" >&2
            exit 1
        fi
        while IFS= read -r line || [[ -n $line ]]; do
            line=${line#"${line%%[![:space:]]*}"}
            [[ -z $line || $line == '#'* || $line == '!'* ]] && continue
            key=${line%%[=:[:space:]]*}
            [[ $key != *\\* ]] || { echo "stub: backslashes in a properties key are not modelled" >&2; exit 98; }
            line=${line:${#key}}
            line=${line#"${line%%[![:space:]]*}"}
            [[ $line == [=:]* ]] && line=${line:1}
            line=${line#"${line%%[![:space:]]*}"}
            line=$(properties_unescape "$line") || exit 98
            add_pair "$key" "$line"
        done <"$file"
    fi
    if has add-config; then
        local pairs=() item="" depth=0 list c i p seps value
        list=$(opt add-config)
        for ((i = 0; i < ${#list}; i++)); do
            c=${list:i:1}
            case "$c" in
                "[") depth=1 ;;
                "]") depth=0 ;;
                ",") if ((depth == 0)); then pairs+=("$item"); item=""; continue; fi ;;
                "=") if ((depth == 0)); then c=$'\x1e'; fi ;;
            esac
            item+=$c
        done
        pairs+=("$item")
        for p in "${pairs[@]}"; do
            seps=${p//[!$'\x1e']/}
            if ((${#seps} != 1)); then
                if at_least_4; then
                    jopt_fail 'requirement failed: Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.'
                fi
                jopt_fail 'requirement failed: Invalid entity config: all configs to be added must be in the format "key=val".'
            fi
            key=${p%%$'\x1e'*} value=${p#*$'\x1e'}
            value=${value//[\[\]]/}
            add_pair "$(trim "$key")" "$(trim "$value")"
        done
    fi
}
properties_unescape() {
    local in=$1 out="" i c
    for ((i = 0; i < ${#in}; i++)); do
        c=${in:i:1}
        if [[ $c == \\ ]]; then
            i=$((i + 1))
            c=${in:i:1}
            [[ -n $c && $c != [tnrfu] ]] || { echo "stub: this properties escape or a continuation line is not modelled" >&2; exit 98; }
        fi
        out+=$c
    done
    printf '%s' "$out"
}

if has zookeeper; then
    # 3.9.2 only, and only for users and brokers (:82,920-928). Two warning lines on stdout first (:93-95).
    [[ $type == users || $type == brokers ]] || jopt_fail "Invalid entity type $type, the entity type must be one of users, brokers with a --zookeeper argument"
    chatter "Warning: --zookeeper is deprecated and will be removed in a future version of Kafka."
    chatter "Use --bootstrap-server instead to specify a broker to connect to."
    maybe_unreachable echo "Error while executing config command with args '$*'" >&2
    zk=$(opt zookeeper)
    # The client is chrooted at the path of the connect string: the chroot must exist.
    if [[ $zk == */* ]]; then
        grep -qxF "/${zk#*/}" "$S/zk/nodes" 2>/dev/null || { echo "Error while executing config command with args '$*'" >&2; echo "org.apache.zookeeper.KeeperException\$NoNodeException: KeeperErrorCode = NoNode" >&2; exit 1; }
    fi
    has alter && [[ $type == users ]] || { echo "stub: only --alter of users is modelled with --zookeeper" >&2; exit 98; }
    configs_to_be_added
    # Only SCRAM mechanisms may be set for users through ZooKeeper: Scala's require, so the message
    # starts "requirement failed: " (3.9.2 :136-149).
    for key in "${ADD_KEYS[@]}"; do
        if [[ $key != SCRAM-SHA-256 && $key != SCRAM-SHA-512 ]]; then
            # {add: <Properties.toString>, delete: List()} (Seq.empty without --delete-config, :318-319).
            added=$(for k in "${ADD_KEYS[@]}"; do printf '%s=%s, ' "$k" "${ADD[$k]}"; done)
            jopt_fail "requirement failed: --bootstrap-server option must be specified to update users configs: {add: {${added%, }}, delete: List()}. User configuration updates using ZooKeeper are only supported for SCRAM credential updates."
        fi
    done
    # preProcessScramCredentials: each value must read "(?:iterations=([0-9]*),)?password=(.*)", else
    # IllegalArgumentException naming the mechanism by its enum constant (internals.ScramMechanism
    # has no toString: SCRAM_SHA_512) (3.9.2 :192-210).
    for key in "${ADD_KEYS[@]}"; do
        [[ ${ADD[$key]} =~ ^(iterations=[0-9]*,)?password=.*$ ]] || jopt_fail "Invalid credential property ${key//-/_}=${ADD[$key]}"
    done
    # The stub keeps "mechanism=value" lines (the real one stores a salted credential) (:168-171).
    mkdir -p "$S/zk/users"
    for key in "${ADD_KEYS[@]}"; do printf '%s=%s\n' "$key" "${ADD[$key]}"; done >"$S/zk/users/$name"
    # Its znode's ACL: logged in (JaasUtils.isZkSaslEnabled, :117), ZkData.defaultAcls for a sensitive
    # path, /config/users/<name>: CREATOR_ALL_ACL only, i.e. the logged-in user; else open to the world
    # (core/src/main/scala/kafka/zk/ZkData.scala:1117-1135).
    mkdir -p "$S/zk/acl-users"
    if user=$(login_user); then echo "sasl:$user:cdrwa"; else echo "world:anyone:cdrwa"; fi >"$S/zk/acl-users/$name"
    echo "Completed updating config for entity: user-principal '$name'." # (:173)
    exit 0
fi

# checkArgs (3.9.2 :945; 4.3.1 :669).
if ! has bootstrap-server; then
    at_least_4 && jopt_fail "Either --bootstrap-server or --bootstrap-controller must be specified."
    jopt_fail "One of the required --bootstrap-server, --boostrap-controller, or --zookeeper arguments must be specified"
fi

if [[ $type == users ]]; then
    # An admin client of a SASL/SCRAM listener, the way the credential Jobs (apply-credentials.sh)
    # use it: the same at both releases. It logs in with the JAAS config of --command-config
    # (Utils.loadProps, 3.9.2 :333-334, 4.3.1 :149-150); PLAINTEXT (no command config) is not modelled.
    has command-config || { echo "stub: users without a SASL --command-config are not modelled" >&2; exit 98; }
    # (The values of the file's sasl.jaas.config= lines, as sed -n 's/^sasl\.jaas\.config=//p' prints them.)
    jaas=""
    while IFS= read -r line || [[ -n $line ]]; do
        if [[ $line == sasl.jaas.config=* ]]; then jaas+=${line#sasl.jaas.config=}$'\n'; fi
    done <"$(opt command-config)"
    jaas=${jaas%"${jaas##*[!$'\n']}"}
    [[ $jaas =~ username=\"([^\"]*)\"\ password=\"([^\"]*)\" ]] || { echo "stub: a command config without a SCRAM JAAS login is not modelled" >&2; exit 98; }
    login_user=${BASH_REMATCH[1]} login_password=${BASH_REMATCH[2]}
    # $S/logins: the user each SASL call logged in as, then its arguments (\x1f-separated).
    { printf '%s' "$login_user"; for a in "${ARGS[@]}"; do printf '\x1f%s' "$a"; done; printf '\n'; } >>"$S/logins"
    # main's catch-all for anything but IllegalArgumentException/OptionException (3.9.2 :106-110,
    # 4.3.1 :98-102): a fixed line with the whole command line, then the stack trace, exit 1.
    failed() {
        echo "Error while executing config command with args '${ARGS[*]}'" >&2
        echo "java.util.concurrent.ExecutionException: $1" >&2
        echo "	at org.apache.kafka.common.internals.KafkaFutureImpl.wrapAndThrow(KafkaFutureImpl.java:165)" >&2
        exit 1
    }
    # No broker answers: the admin call's future times out (alter: .get(60 s), 4.3.1 :294; describe: .get(30 s), 4.3.1 :496).
    maybe_unreachable failed "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeUserScramCredentials"
    # A wrong password: the broker answers SASL_AUTHENTICATION_FAILED with this text
    # (clients/src/main/java/org/apache/kafka/common/security/authenticator/SaslServerAuthenticator.java
    # 3.9.2 :493-495, 4.3.1 :489-491), which the admin client raises as SaslAuthenticationException.
    if [[ ! -f $S/scram/$login_user || "$(<"$S/scram/$login_user")" != "$login_password" ]]; then
        failed "org.apache.kafka.common.errors.SaslAuthenticationException: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512"
    fi
    if has describe; then
        # describeClientQuotaAndUserScramCredentialConfigs (3.9.2 :650-664, 4.3.1 :490-505): first the
        # quotas of exactly this user (ClientQuotaFilter.containsOnly, 4.3.1 :466-487, 3.9.2 :626-647);
        # a quota value is a Java Double (Double.toString: "1048576.0", "1.048576E7" from 10^7 on), in a
        # HashMap's order: the stub sorts. Then the SCRAM credentials: users without one are left out
        # (DescribeUserScramCredentialsResult.users filters RESOURCE_NOT_FOUND).
        if [[ -s $S/users/$name/quotas ]]; then
            entries=$(LC_ALL=C sort "$S/users/$name/quotas" | awk -F= '{
                v = $2 + 0; s
                if (v < 10000000) s = sprintf("%.1f", v); else { e = int(log(v) / log(10)); if (10 ^ (e + 1) <= v) e++; m = v / (10 ^ e); s = sprintf("%.15g", m); if (s !~ /\./) s = s ".0"; s = s "E" e }
                printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, s }')
            echo "Quota configs for user-principal '$name' are $entries"
        fi
        [[ ! -f $S/scram/$name ]] || echo "SCRAM credential configs for user-principal '$name' are SCRAM-SHA-512=iterations=4096"
        exit 0
    fi
    if has delete-config; then
        # Comma-separated keys (withValuesSeparatedBy(','), 4.3.1 :586-589; 3.9.2 :844-847). Keys that are not
        # set are checked all at once before anything changes: InvalidConfigurationException naming all of
        # them, joined by ',' (4.3.1 :299-303; 3.9.2 :507-511), which main catches with IllegalArgumentException:
        # only the message on stderr, exit 1 (4.3.1 :93-96; 3.9.2 :101-104).
        IFS=',' read -ra dels <<<"$(opts delete-config | paste -sd, -)"
        if [[ ${#dels[@]} -eq 1 && $(trim "${dels[0]}") == SCRAM-SHA-512 ]]; then
            # A SCRAM credential alone (the user Job's --remove): alterUserScramCredentials with a deletion
            # (4.3.1 :254 and :273-294; 3.9.2 :450 and :481-502). A credential that does not exist:
            # RESOURCE_NOT_FOUND "Attempt to delete a user credential that does not exist" (KRaft:
            # metadata/src/main/java/org/apache/kafka/controller/ScramControlManager.java 4.3.1 :304-307,
            # 3.9.2 :304-307; ZooKeeper mode: core/src/main/scala/kafka/server/ZkAdminManager.scala 3.9.2
            # :993-1001), i.e. ResourceNotFoundException through .get: main's catch-all, exit 1.
            has add-config || has add-config-file && { echo "stub: deleting and adding SCRAM at once is not modelled" >&2; exit 98; }
            [[ -f $S/scram/$name ]] || failed "org.apache.kafka.common.errors.ResourceNotFoundException: Attempt to delete a user credential that does not exist"
            rm -f "$S/scram/$name"
            echo "Completed updating config for user $name." # (4.3.1 :268; 3.9.2 :476)
            exit 0
        fi
        missing=()
        for i in "${!dels[@]}"; do
            k=$(trim "${dels[$i]}")
            dels[i]=$k
            # SCRAM and quotas never in one call (4.3.1 :242-243; 3.9.2 :438-439); SCRAM-SHA-256 is not modelled.
            [[ $k != SCRAM-SHA-512 ]] || jopt_fail "Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server."
            [[ $k != SCRAM-SHA-* ]] || { echo "stub: --delete-config of $k is not modelled" >&2; exit 98; }
            grep -q "^$k=" "$S/users/$name/quotas" 2>/dev/null || missing+=("$k")
        done
        if ((${#missing[@]} > 0)); then
            echo "Invalid config(s): $(IFS=,; echo "${missing[*]}")" >&2
            exit 1
        fi
        for k in "${dels[@]}"; do
            grep -v "^$k=" "$S/users/$name/quotas" >"$S/users/$name/quotas.new" || true
            mv "$S/users/$name/quotas.new" "$S/users/$name/quotas"
        done
        has add-config || has add-config-file || { echo "Completed updating config for user $name."; exit 0; }
    fi
    configs_to_be_added
    scram=() quota=()
    for key in "${ADD_KEYS[@]}"; do
        case "$key" in
            SCRAM-SHA-512) scram+=("$key") ;;
            SCRAM-SHA-256) echo "stub: SCRAM-SHA-256 is not modelled" >&2; exit 98 ;;
            producer_byte_rate | consumer_byte_rate | request_percentage | controller_mutation_rate) quota+=("$key") ;;
            # 4.3.1 :235-236; 3.9.2 :431-432
            *) jopt_fail "Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: Set($key)" ;;
        esac
    done
    # SCRAM and quotas never in one call (4.3.1 :242-243; 3.9.2 :438-439).
    if ((${#scram[@]} > 0 && ${#quota[@]} > 0)); then jopt_fail "Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server."; fi
    for key in "${scram[@]}"; do
        # A SCRAM value must read "(?:iterations=(-?[0-9]*),)?password=(.*)", else IllegalArgumentException
        # naming the mechanism by its enum constant (3.9.2 :485-490, 4.3.1 :277-282).
        [[ ${ADD[$key]} =~ ^(iterations=-?[0-9]*,)?password=(.*)$ ]] || jopt_fail "Invalid credential property SCRAM_SHA_512=${ADD[$key]}"
        # The stub keeps the password (the broker stores a salted credential).
        mkdir -p "$S/scram"
        printf '%s' "${BASH_REMATCH[2]}" >"$S/scram/$name"
    done
    ((${#quota[@]} == 0)) || mkdir -p "$S/users/$name"
    for key in "${quota[@]}"; do
        # A quota value must parse as a double (4.3.1 :319-323; 3.9.2 :527-531).
        [[ ${ADD[$key]} =~ ^[0-9]+(\.[0-9]+)?$ ]] || jopt_fail "Cannot parse quota configuration value for $key: ${ADD[$key]}"
        set_user_quota "$name" "$key" "${ADD[$key]}"
    done
    echo "Completed updating config for user $name." # (3.9.2 :475-476, 4.3.1 :267-268: the entity type without its "s")
    exit 0
fi

maybe_unreachable echo "Error while executing config command with args '$*'" >&2
[[ $type == topics ]] || { echo "stub: only --entity-type topics and users are modelled with --bootstrap-server" >&2; exit 98; }

if has describe; then
    if ! topic_exists "$name"; then
        # 4.3.1 checks first and says so on stdout, exit 0 (:351-356); 3.9.2 asks the broker, which
        # answers UnknownTopicOrPartitionException (stack trace on stderr, exit 1, :106-110).
        if at_least_4; then echo "The topic '$name' doesn't exist and doesn't have dynamic config."; exit 0; fi
        echo "Error while executing config command with args '$*'" >&2
        exit 1
    fi
    # Only the topic's dynamic overrides (source DYNAMIC_TOPIC_CONFIG), sorted by name, each
    # "  key=value sensitive=false synonyms={SOURCE:key=value, ...}" (3.9.2 :568-580; 4.3.1 :396-407,450-463).
    echo "Dynamic configs for topic $name are:"
    while IFS= read -r kv; do
        [[ -n $kv ]] || continue
        key=${kv%%=*}
        synonyms="DYNAMIC_TOPIC_CONFIG:$kv"
        if [[ $key == min.insync.replicas ]]; then synonyms+=", STATIC_BROKER_CONFIG:min.insync.replicas=2, DEFAULT_CONFIG:min.insync.replicas=1"; fi
        echo "  $kv sensitive=false synonyms={$synonyms}"
    done < <(LC_ALL=C sort "$(topic_dir "$name")/configs")
elif has alter; then
    topic_exists "$name" || { echo "Error while executing config command with args '$*'" >&2; exit 1; }
    configs_to_be_added
    for key in "${ADD_KEYS[@]}"; do set_config "$name" "$key" "${ADD[$key]}"; done
    echo "Completed updating config for topic $name." # (3.9.2 :476; 4.3.1 :268)
fi
