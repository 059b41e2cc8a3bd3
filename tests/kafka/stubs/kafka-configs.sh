#!/usr/bin/env bash
# kafka-configs.sh (core/src/main/scala/kafka/admin/ConfigCommand.scala), the parts the topic Job
# (--bootstrap-server, topics) and kafka-node.sh scram-users (3.9.2 --zookeeper, users) rely on.
source "$(dirname "$0")/lib.sh"

# Options (3.9.2 :797-875; 4.3.1 :545-618). --command-config in both (:813 / :554). --zookeeper only
# in 3.9.2 (:799): 4.3.1 rejects it like any unknown option.
JOPT_ARG=(bootstrap-server bootstrap-controller command-config entity-type entity-name add-config add-config-file
    delete-config topic client user broker broker-logger ip)
JOPT_FLAG=(alter describe all entity-default force client-defaults user-defaults broker-defaults ip-defaults help version)
if at_least_4; then JOPT_ARG+=(group client-metrics); else JOPT_ARG+=(zookeeper zk-tls-config-file); fi
# OptionException and IllegalArgumentException: the message on stderr, exit 1 (3.9.2 :100-104; 4.3.1 :93-96).
jopt_fail() { echo "$1" >&2; exit 1; }
jopt_parse "$@"
actions=0
for a in alter describe; do if has "$a"; then actions=$((actions + 1)); fi; done
((actions == 1)) || jopt_fail "Command must include exactly one action: --describe, --alter"
if has command-config; then load_props "$(opt command-config)"; fi
type=$(opt entity-type || true)
name=$(opt entity-name || true)

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
    # Only SCRAM mechanisms may be set for users through ZooKeeper (:139-149).
    cfg=$(opt add-config)
    [[ $cfg =~ ^SCRAM-SHA-(256|512)=\[.+\]$ ]] || jopt_fail "--bootstrap-server option must be specified to update users configs: {add: $cfg, delete: []}. User configuration updates using ZooKeeper are only supported for SCRAM credential updates."
    mkdir -p "$S/zk/users"
    printf '%s\n' "$cfg" >"$S/zk/users/$name"
    echo "Completed updating config for entity: user-principal '$name'." # (:173)
    exit 0
fi

has bootstrap-server || jopt_fail "One of the required --bootstrap-server or --bootstrap-controller arguments must be specified"
maybe_unreachable echo "Error while executing config command with args '$*'" >&2
[[ $type == topics || $type == users ]] || { echo "stub: only --entity-type topics and users are modelled with --bootstrap-server" >&2; exit 98; }

if [[ $type == users ]]; then
    if has describe; then
        # Quotas of exactly this user (ClientQuotaFilter.containsOnly), then its SCRAM credentials
        # (4.3.1 :466-487 and :490-506; 3.9.2 :626-647 and :650-663). A quota value is a Java Double
        # (Double.toString: "1048576.0", "1.048576E7" from 10^7 on), in a HashMap's order: the stub sorts.
        if [[ -s $S/users/$name/quotas ]]; then
            entries=$(LC_ALL=C sort "$S/users/$name/quotas" | awk -F= '{
                v = $2 + 0; s
                if (v < 10000000) s = sprintf("%.1f", v); else { e = int(log(v) / log(10)); if (10 ^ (e + 1) <= v) e++; m = v / (10 ^ e); s = sprintf("%.15g", m); if (s !~ /\./) s = s ".0"; s = s "E" e }
                printf "%s%s=%s", (NR > 1 ? ", " : ""), $1, s }')
            echo "Quota configs for user-principal '$name' are $entries"
        fi
        if [[ -f $S/users/$name/SCRAM-SHA-512 ]]; then
            echo "SCRAM credential configs for user-principal '$name' are SCRAM-SHA-512=iterations=4096"
        else
            echo "Error retrieving SCRAM credential configs for user-principal '$name': ResourceNotFoundException: Attempt to describe a user credential that does not exist: $name"
        fi
        exit 0
    fi
    # 4.3.1 :737-738; 3.9.2 :991-992 (IllegalArgumentException: message only)
    has add-config || has add-config-file || has delete-config || jopt_fail "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"
    if has delete-config; then
        # Comma-separated keys (withValuesSeparatedBy(','), 4.3.1 :586-589; 3.9.2 :844-847). A quota that is not
        # set: InvalidConfigurationException, which only the catch-all handles: message and stack trace on
        # stderr, exit 1 (4.3.1 :301-303 and :98-102; 3.9.2 :509-511 and :106-110).
        IFS=',' read -ra dels <<<"$(opts delete-config | paste -sd, -)"
        for k in "${dels[@]}"; do
            k=$(sed 's/^[[:space:]]*//;s/[[:space:]]*$//' <<<"$k")
            if ! grep -q "^$k=" "$S/users/$name/quotas" 2>/dev/null; then
                echo "Error while executing config command with args '$*'" >&2
                echo "org.apache.kafka.common.errors.InvalidConfigurationException: Invalid config(s): $k" >&2
                exit 1
            fi
            grep -v "^$k=" "$S/users/$name/quotas" >"$S/users/$name/quotas.new" || true
            mv "$S/users/$name/quotas.new" "$S/users/$name/quotas"
        done
        has add-config || has add-config-file || { echo "Completed updating config for user $name."; exit 0; }
    fi
    # Only one of --add-config / --add-config-file (4.3.1 :734-735; 3.9.2 :988-989).
    if has add-config && has add-config-file; then jopt_fail "Only one of --add-config or --add-config-file must be specified"; fi
    # --add-config-file: Utils.loadProps, values taken verbatim, no [] stripping (4.3.1 :108-111; 3.9.2 :288-291).
    # --add-config: key=value pairs (one per call here: the user Job sets one kind at a time).
    declare -A add=()
    if has add-config-file; then
        f=$(opt add-config-file)
        load_props "$f"
        while IFS= read -r line; do
            [[ -z $line || $line == \#* || $line == !* ]] && continue
            # java.util.Properties.load: a backslash escapes the next character ("\\" is one "\");
            # \t \n \uXXXX and line continuations are not modelled (the user Job writes none).
            add[${line%%=*}]=$(sed -E 's/\\(.)/\1/g' <<<"${line#*=}")
        done <"$f"
    fi
    if has add-config; then
        IFS=',' read -ra kvs <<<"$(opt add-config)"
        for kv in "${kvs[@]}"; do add[${kv%%=*}]=${kv#*=}; done
    fi
    scram=() quota=()
    for k in "${!add[@]}"; do
        case "$k" in
            SCRAM-SHA-256 | SCRAM-SHA-512) scram+=("$k") ;;
            producer_byte_rate | consumer_byte_rate | request_percentage | controller_mutation_rate) quota+=("$k") ;;
            # 4.3.1 :235-236; 3.9.2 :431-432
            *) jopt_fail "Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: Set($k)" ;;
        esac
    done
    # SCRAM and quotas never in one call (4.3.1 :242-243; 3.9.2 :438-439).
    if ((${#scram[@]} > 0 && ${#quota[@]} > 0)); then jopt_fail "Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server."; fi
    mkdir -p "$S/users/$name"
    for k in "${scram[@]}"; do
        # "[iterations=N,]password=P" or IllegalArgumentException (4.3.1 :277-282; 3.9.2 :486-489): with
        # --add-config the brackets were stripped; from a file "[password=P]" keeps them and fails.
        [[ ${add[$k]} =~ ^(iterations=(-?[0-9]*),)?password=(.*)$ ]] || jopt_fail "Invalid credential property $k=${add[$k]}"
        printf '%s\n' "${BASH_REMATCH[3]}" >"$S/users/$name/$k"
    done
    for k in "${quota[@]}"; do
        # A quota value must parse as a double (4.3.1 :319-323; 3.9.2 :527-531).
        [[ ${add[$k]} =~ ^[0-9]+(\.[0-9]+)?$ ]] || jopt_fail "Cannot parse quota configuration value for $k: ${add[$k]}"
        set_user_quota "$name" "$k" "${add[$k]}"
    done
    echo "Completed updating config for user $name." # 4.3.1 :267-268; 3.9.2 :475-476
    exit 0
fi

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
    # --add-config: split at each ',' and then at the '=' that are not inside [...]; every pair must
    # give exactly key and value ("Invalid entity config" otherwise); the value loses every '[' and ']'
    # and surrounding blanks (ConfigCommand.parseConfigsToBeAdded, 3.9.2 :286-303; 4.3.1 :106-123).
    pairs=() item="" depth=0 list=$(opt add-config)
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
            jopt_fail 'Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.'
        fi
        key=${p%%$'\x1e'*} value=${p#*$'\x1e'}
        value=${value//[\[\]]/}
        trim() { sed 's/^[[:space:]]*//;s/[[:space:]]*$//' <<<"$1"; }
        set_config "$name" "$(trim "$key")" "$(trim "$value")"
    done
    echo "Completed updating config for topic $name." # (3.9.2 :476; 4.3.1 :268)
fi
