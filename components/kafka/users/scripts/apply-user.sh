#!/usr/bin/env bash
# Applies one declared Kafka user, idempotently: sets its SCRAM-SHA-512 credential, sets its
# declared quotas, adds its declared ACLs and removes every other ACL on its principal. Run by
# the user's Job (components/kafka/users/job.ts) as `admin`, a super user; the tests run it with
# stub kafka-configs.sh / kafka-acls.sh on PATH (tests/kafka/stubs/), as 3.9.2 and as 4.3.1.
#
# usage: apply-user.sh --bootstrap-server HOST:PORT --command-config FILE --user NAME
#                      --password-file FILE [--quota KEY=VALUE]... [--acl ACL]... [--no-acls]
#        apply-user.sh --remove --bootstrap-server HOST:PORT --command-config FILE --user NAME [--no-acls]
#
#   --remove         the user left the stack (retire-users.sh): delete its credential, every quota and every
#                    ACL on its principal, i.e. apply "no credential, nothing declared". Never the
#                    inter-broker users (admin, admin-b).
#
#   --password-file  the user's password, one line (the Job mounts it from the user's Secret; never an
#                    env var, which /proc/<pid>/environ and every child process would carry). It reaches
#                    kafka-configs.sh through --add-config-file, never on a command line (readable in
#                    /proc/<pid>/cmdline by anyone in the pod).
#   --acl            TYPE|NAME|PATTERN|HOST|OPERATION|PERMISSION with Kafka's enum names, e.g.
#                    TOPIC|orders|LITERAL|*|READ|ALLOW (components/security/kafka-user.ts writes them).
#   --no-acls        the cluster runs no authorizer (security.authorization none): leave ACLs alone. Kafka
#                    answers every ACL request with SECURITY_DISABLED then (AclApis.scala, handleDescribeAcls:
#                    4.3.1 :65-72, 3.9.2 :61-68), so listing them would fail the Job.
#
# Exit codes: 0 applied; 2 bad arguments; anything else: a Kafka tool failed (its message is above;
# the Job retries).
#
# Quotas set on the user but not declared are deleted (the declaration is the whole truth, as for ACLs).
set -euo pipefail
PATH="${PATH}:/opt/kafka/bin"

die() {
    local code=$1
    shift
    echo "apply-user: $*" >&2
    exit "$code"
}

bootstrap="" command_config="" user="" password_file=""
acls=() quotas=() manage_acls=true remove=false
while [[ $# -gt 0 ]]; do
    if [[ $1 == --no-acls || $1 == --remove ]]; then
        [[ $1 == --no-acls ]] && manage_acls=false
        [[ $1 == --remove ]] && remove=true
        shift
        continue
    fi
    [[ $# -ge 2 ]] || die 2 "$1 needs a value"
    case "$1" in
        --bootstrap-server) bootstrap=$2 ;;
        --command-config) command_config=$2 ;;
        --user) user=$2 ;;
        --password-file) password_file=$2 ;;
        --acl) acls+=("$2") ;;
        --quota) quotas+=("$2") ;;
        *) die 2 "unknown argument: $1" ;;
    esac
    shift 2
done
[[ -n $bootstrap ]] || die 2 "--bootstrap-server is required"
[[ -n $command_config ]] || die 2 "--command-config is required"
# components/security/kafka-user.ts USER_NAME_PATTERN: the name is part of Kubernetes object names.
[[ $user =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ ]] || die 2 "--user must be lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit (got '$user')"
if [[ $remove == true ]]; then
    [[ -z $password_file && ${#acls[@]} -eq 0 && ${#quotas[@]} -eq 0 ]] || die 2 "--remove takes no --password-file, --acl or --quota"
    [[ $user != admin && $user != admin-b ]] || die 2 "--remove refuses the inter-broker user $user"
else
    [[ -n $password_file ]] || die 2 "--password-file is required"
    [[ -r $password_file ]] || die 2 "--password-file $password_file is missing or unreadable"
fi
[[ $manage_acls == true || ${#acls[@]} -eq 0 ]] || die 2 "--acl and --no-acls exclude each other"
for a in "${acls[@]}"; do
    [[ $a =~ ^(TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID)\|[^|]+\|(LITERAL|PREFIXED)\|[^|]+\|[A-Z_]+\|(ALLOW|DENY)$ ]] || die 2 "--acl must be TYPE|NAME|PATTERN|HOST|OPERATION|PERMISSION (got '$a')"
done
for q in "${quotas[@]}"; do
    [[ $q =~ ^(producer_byte_rate|consumer_byte_rate|request_percentage|controller_mutation_rate)=[0-9]+(\.[0-9]+)?$ ]] || die 2 "--quota must be a user quota KEY=NUMBER (got '$q')"
done
principal="User:$user"
common=(--bootstrap-server "$bootstrap" --command-config "$command_config")

# 1. The credential, from a private file: "SCRAM-SHA-512=password=<pw>". The file's value is used
#    verbatim (no [] stripping as for --add-config), so no brackets (ConfigCommand.scala 4.3.1
#    :106-111 and :277-282; 3.9.2 :286-291 and :486-489). Properties escaping: '\' doubled; the
#    password must be one line.
if [[ $remove == false ]]; then
    password=$(<"$password_file")
    [[ -n $password && $password != *$'\n'* ]] || die 2 "$password_file must hold one non-empty line"
    umask 077
    scram_file=$(mktemp "${TMPDIR:-/tmp}/apply-user.XXXXXX")
    trap 'rm -f "$scram_file"' EXIT
    printf 'SCRAM-SHA-512=password=%s\n' "${password//\\/\\\\}" >"$scram_file"
    kafka-configs.sh "${common[@]}" --alter --entity-type users --entity-name "$user" --add-config-file "$scram_file"
    rm -f "$scram_file"
fi

# 2. Quotas: a separate call (SCRAM and quotas cannot be altered together, 4.3.1 :242-243, 3.9.2 :438-439).
if ((${#quotas[@]} > 0)); then
    kafka-configs.sh "${common[@]}" --alter --entity-type users --entity-name "$user" --add-config "$(IFS=,; echo "${quotas[*]}")"
fi

# 2b. Quotas set on the user but not declared are deleted. --describe prints
#    "Quota configs for user-principal '<user>' are k=v, k=v" (ConfigCommand.scala 4.3.1 :466-487,
#    3.9.2 :626-647); deleting a quota that is not set fails (4.3.1 :301-303), hence the look first.
described=$(kafka-configs.sh "${common[@]}" --describe --entity-type users --entity-name "$user")
# 2a. --remove: the credential goes first (the user can no longer log in). --describe lists it as
#    "SCRAM credential configs for user-principal '<user>' are SCRAM-SHA-512=iterations=N" when it
#    exists (4.3.1 :490-505, 3.9.2 :650-664); deleting one that does not exist fails (RESOURCE_NOT_FOUND,
#    ScramControlManager.java:304-307; 3.9.2 ZooKeeper mode ZkAdminManager.scala:993-1001), hence the look first.
credential=kept
if [[ $remove == true ]]; then
    credential=absent
    if grep -q "^SCRAM credential configs for user-principal '$user' are .*SCRAM-SHA-512=" <<<"$described"; then
        kafka-configs.sh "${common[@]}" --alter --entity-type users --entity-name "$user" --delete-config SCRAM-SHA-512
        credential=deleted
    fi
fi
prefix="Quota configs for user-principal '$user' are "
set_quotas=$(awk -v p="$prefix" 'index($0, p) == 1 { n = split(substr($0, length(p) + 1), kv, /, /); for (i = 1; i <= n; i++) { sub(/=.*/, "", kv[i]); print kv[i] } }' <<<"$described")
stale=()
for k in $set_quotas; do
    keep=false
    for q in "${quotas[@]}"; do [[ ${q%%=*} == "$k" ]] && keep=true; done
    [[ $keep == true ]] || stale+=("$k")
done
if ((${#stale[@]} > 0)); then
    kafka-configs.sh "${common[@]}" --alter --entity-type users --entity-name "$user" --delete-config "$(IFS=,; echo "${stale[*]}")"
fi

credential_note() { case $credential in kept) echo "credential set" ;; deleted) echo "credential deleted" ;; absent) echo "no credential" ;; esac; }
if [[ $manage_acls == false ]]; then
    echo "apply-user: $user: $(credential_note), ${#quotas[@]} quota(s) set, ${#stale[@]} deleted, ACLs not managed (no authorizer)"
    exit 0
fi

# 3. ACLs on the principal, as kafka-acls.sh --list --principal prints them: a header
#    "Current ACLs for resource `ResourcePattern(resourceType=T, name=N, patternType=P)`:" then one
#    "(principal=U, host=H, operation=O, permissionType=A)" line per entry, with or without a leading
#    blank before the tab (3.9.2 AclCommand.scala:161-164 prints " \t(" first; 4.3.1 AclCommand.java:175-180 "\t(").
list=$(kafka-acls.sh "${common[@]}" --list --principal "$principal")
current=$(awk -v who="$principal" '
    /^Current ACLs for resource `ResourcePattern\(/ {
        r = $0; sub(/^Current ACLs for resource `ResourcePattern\(resourceType=/, "", r)
        type = r; sub(/, name=.*/, "", type)
        name = r; sub(/^[^,]*, name=/, "", name); sub(/, patternType=[A-Z]+\)`:[ ]*$/, "", name)
        pat = r; sub(/.*, patternType=/, "", pat); sub(/\)`:[ ]*$/, "", pat)
        next
    }
    /^[ ]?\t\(principal=/ {
        e = $0; sub(/^[ ]?\t\(principal=/, "", e); sub(/\)[ ]*$/, "", e)
        n = split(e, f, /, (host|operation|permissionType)=/)
        if (n == 4 && f[1] == who) print type "|" name "|" pat "|" f[2] "|" f[3] "|" f[4]
    }' <<<"$list" | LC_ALL=C sort -u)
declared=$(printf '%s\n' "${acls[@]}" | sed '/^$/d' | LC_ALL=C sort -u)

pascal() { # READ -> Read, DESCRIBE_CONFIGS -> DescribeConfigs (the names --operation takes, SecurityUtils.java:44-56,105-121)
    local out="" w words
    IFS=_ read -ra words <<<"$1"
    for w in "${words[@]}"; do w=${w,,}; out+=${w^}; done
    printf '%s' "$out"
}
acl_args() { # TYPE|NAME|PATTERN|HOST|OPERATION|PERMISSION -> kafka-acls.sh resource and entry flags
    local type name pat host op perm
    IFS='|' read -r type name pat host op perm <<<"$1"
    case "$type" in
        TOPIC) printf '%s\0' --topic "$name" ;;
        GROUP) printf '%s\0' --group "$name" ;;
        TRANSACTIONAL_ID) printf '%s\0' --transactional-id "$name" ;;
        CLUSTER) printf '%s\0' --cluster ;;
    esac
    local side=allow
    [[ $perm == DENY ]] && side=deny
    printf '%s\0' --resource-pattern-type "$pat" "--$side-principal" "$principal" "--$side-host" "$host" --operation "$(pascal "$op")"
}

added=0 removed=0
while IFS= read -r a; do
    [[ -n $a ]] || continue
    mapfile -d '' -t flags < <(acl_args "$a")
    kafka-acls.sh "${common[@]}" --add "${flags[@]}" >/dev/null
    added=$((added + 1))
done < <(LC_ALL=C comm -13 <(printf '%s\n' "$current") <(printf '%s\n' "$declared"))
while IFS= read -r a; do
    [[ -n $a ]] || continue
    mapfile -d '' -t flags < <(acl_args "$a")
    kafka-acls.sh "${common[@]}" --remove --force "${flags[@]}" >/dev/null
    removed=$((removed + 1))
done < <(LC_ALL=C comm -23 <(printf '%s\n' "$current") <(printf '%s\n' "$declared"))
echo "apply-user: $user: $(credential_note), ${#quotas[@]} quota(s) set, ${#stale[@]} deleted, $added ACL(s) added, $removed removed"
