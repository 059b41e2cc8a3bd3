#!/bin/bash
# kafka-acls.sh: 3.9.2 core/src/main/scala/kafka/admin/AclCommand.scala (cited AC3:<line>),
# 4.3.1 tools/src/main/java/org/apache/kafka/tools/AclCommand.java (cited AC4:<line>); the parts
# the user Job (apply-user.sh) relies on: --list --principal, --add and --remove --force of single
# ACLs on topics, groups, the cluster and transactional ids, through --bootstrap-server.
# ACLs live in $S/acls, one binding a line: TYPE|NAME|PATTERN|PRINCIPAL|HOST|OPERATION|PERMISSION.
source "${0%/*}/lib.sh"

# Options (AC3:490-625, AC4:438-534). --authorizer/--authorizer-properties/--zk-tls-config-file are 3.9.2 only.
JOPT_ARG=(bootstrap-server command-config topic group transactional-id delegation-token resource-pattern-type
    operation allow-principal deny-principal principal allow-host deny-host user-principal)
JOPT_FLAG=(cluster idempotent add remove list producer consumer force help version)
if at_least_4; then JOPT_ARG+=(bootstrap-controller); else JOPT_ARG+=(authorizer authorizer-properties zk-tls-config-file); fi
jopt_parse "$@"
actions=0
for a in add remove list; do if has "$a"; then actions=$((actions + 1)); fi; done
# 4.3.1 checks the bootstrap options before the action (AC4:547-552, then 557-558); 3.9.2 the action first (AC3:643-645).
if at_least_4 && ! has bootstrap-server; then jopt_fail "One of --bootstrap-server or --bootstrap-controller must be specified"; fi # AC4:550-551
# AC3:643-645, AC4:557-558 (printUsageAndExit: stderr, exit 1)
((actions == 1)) || jopt_fail "Command must include exactly one action: --list, --add, --remove. "
has bootstrap-server || { echo "stub: only --bootstrap-server is modelled" >&2; exit 98; }
if has principal && ! has list; then jopt_fail "The --principal option is only available if --list is set"; fi # AC3:653, AC4:566-567
if has command-config; then load_props "$(opt command-config)"; fi

# Errors of the Admin calls: message and stack trace on STDOUT, exit 1 (AC3:79-83, AC4:84-87).
admin_error() { echo "Error while executing ACL command: $1"; echo "org.apache.kafka.common.errors.$2: $1"; exit 1; }
maybe_unreachable admin_error "Timed out waiting for a node assignment. Call: describeAcls" TimeoutException

[[ -d $S ]] || mkdir -p "$S"
: >>"$S/acls"

# --resource-pattern-type: default LITERAL (AC3:554, AC4:485); ANY/MATCH are filters, not for --add.
pattern=$(opt resource-pattern-type || echo LITERAL)
pattern=${pattern^^}
# The resources named on the command line (AC3 getResourceFilter, AC4:355-381): --cluster only with LITERAL.
resources=()
while IFS= read -r t; do [[ -n $t ]] && resources+=("TOPIC|$t"); done < <(opts topic)
if [[ $pattern == LITERAL ]] && has cluster; then resources+=("CLUSTER|kafka-cluster"); fi
while IFS= read -r g; do [[ -n $g ]] && resources+=("GROUP|$g"); done < <(opts group)
while IFS= read -r x; do [[ -n $x ]] && resources+=("TRANSACTIONAL_ID|$x"); done < <(opts transactional-id)

# --operation: Pascal case or its upper-case form, --operation Read / READ (SecurityUtils.java:44-56,105-121;
# DESCRIBE_CONFIGS is DescribeConfigs or DESCRIBECONFIGS, never DESCRIBE_CONFIGS); default All (AC3:564, AC4:493).
op_enum() {
    case "${1^^}" in
        ALL) echo ALL ;; READ) echo READ ;; WRITE) echo WRITE ;; CREATE) echo CREATE ;; DELETE) echo DELETE ;;
        ALTER) echo ALTER ;; DESCRIBE) echo DESCRIBE ;; CLUSTERACTION) echo CLUSTER_ACTION ;;
        DESCRIBECONFIGS) echo DESCRIBE_CONFIGS ;; ALTERCONFIGS) echo ALTER_CONFIGS ;; IDEMPOTENTWRITE) echo IDEMPOTENT_WRITE ;;
        CREATETOKENS) echo CREATE_TOKENS ;; DESCRIBETOKENS) echo DESCRIBE_TOKENS ;;
        TWOPHASECOMMIT) if at_least_4; then echo TWO_PHASE_COMMIT; else echo UNKNOWN; fi ;; # AclOperation.java 4.3.1 :120, not in 3.9.2
        *) echo UNKNOWN ;;
    esac
}

# The operations kafka-acls.sh accepts on a resource type: AclEntry.supportedOperations (server/src/main/java/
# org/apache/kafka/security/authorizer/AclEntry.java 3.9.2 :150-159, 4.3.1 :53-58) and ALL; checked for --add
# and --remove before anything connects (validateOperation, AC3:348 and 479-485, AC4:244 and 391-407).
supported_ops() {
    case "$1" in
        TOPIC) echo "ALL READ WRITE CREATE DESCRIBE DELETE ALTER DESCRIBE_CONFIGS ALTER_CONFIGS" ;;
        GROUP) if at_least_4; then echo "ALL READ DESCRIBE DELETE DESCRIBE_CONFIGS ALTER_CONFIGS"; else echo "ALL READ DESCRIBE DELETE"; fi ;;
        CLUSTER) echo "ALL CREATE CLUSTER_ACTION DESCRIBE_CONFIGS ALTER_CONFIGS IDEMPOTENT_WRITE ALTER DESCRIBE" ;;
        TRANSACTIONAL_ID) if at_least_4; then echo "ALL DESCRIBE WRITE TWO_PHASE_COMMIT"; else echo "ALL DESCRIBE WRITE"; fi ;;
    esac
}
# printUsageAndExit's message; the order of the operations is a HashSet's upstream (the stub's is illustrative):
# 4.3.1 the Set's toString, "[READ, WRITE, ...]"; 3.9.2 Pascal names joined by ", ".
validate_operations() { # TYPE OP...
    local type=$1 op ops
    shift
    ops=" $(supported_ops "$type") "
    for op in "$@"; do
        [[ $ops == *" $op "* ]] && continue
        if at_least_4; then
            jopt_fail "ResourceType $type only supports operations [$(sed 's/^ //;s/ $//;s/ /, /g' <<<"$ops")]"
        else
            jopt_fail "ResourceType $type only supports operations $(for o in $ops; do w=""; IFS=_ read -ra p <<<"$o"; for x in "${p[@]}"; do x=${x,,}; w+=${x^}; done; printf '%s, ' "$w"; done | sed 's/, $//')"
        fi
    done
}

entries() { # permission principal-option host-option -> "PRINCIPAL|HOST|OP|PERMISSION" lines (AC4:297-333)
    local perm=$1 popt=$2 hopt=$3 p h o
    has "$popt" || return 0
    local hosts
    if has "$hopt"; then hosts=$(opts "$hopt"); else hosts="*"; fi
    while IFS= read -r p; do
        while IFS= read -r h; do
            while IFS= read -r o; do
                o=$(op_enum "$(trim "$o")")
                printf '%s|%s|%s|%s\n' "$p" "$h" "$o" "$perm"
            done < <(if has operation; then opts operation; else echo All; fi)
        done <<<"$hosts"
    done < <(opts "$popt")
}

if has list; then
    # --list [--principal P]: every ACL (no resource named) grouped by resource, filtered by principal
    # (AC3:143-164, AC4:150-180). Block format differs: 3.9.2 prints "`: " NL " " entries joined by NL
    # then " " NL NL (AC3:163); 4.3.1 "`:" NL entries joined by NL, then NL NL (AC4:177-178).
    ((${#resources[@]} == 0)) || { echo "stub: --list of named resources is not modelled" >&2; exit 98; }
    principal=$(opt principal || true)
    [[ -z $principal ]] || echo "ACLs for principal \`$principal\`"
    while IFS= read -r res; do
        [[ -n $res ]] || continue
        IFS='|' read -r type name pat <<<"$res"
        mapfile -t lines < <(awk -F'|' -v t="$type" -v n="$name" -v p="$pat" -v who="$principal" \
            '$1==t && $2==n && $3==p && (who=="" || $4==who) { printf "\t(principal=%s, host=%s, operation=%s, permissionType=%s)\n", $4, $5, $6, $7 }' "$S/acls")
        ((${#lines[@]} > 0)) || continue
        header="Current ACLs for resource \`ResourcePattern(resourceType=$type, name=$name, patternType=$pat)\`:"
        if at_least_4; then
            printf '%s\n' "$header"; printf '%s\n' "${lines[@]}"; printf '\n'
        else
            printf '%s \n ' "$header"; (IFS=$'\n'; printf '%s' "${lines[*]}"); printf ' \n\n'
        fi
    done < <(awk -F'|' '{ print $1 "|" $2 "|" $3 }' "$S/acls" | LC_ALL=C sort -u)
    exit 0
fi

((${#resources[@]} > 0)) || jopt_fail "You must provide at least one resource: --topic <topic> or --cluster or --group <group> or --delegation-token <Delegation Token ID>" # AC4:377-378
mapfile -t aces < <(entries ALLOW allow-principal allow-host; entries DENY deny-principal deny-host)
for res in "${resources[@]}"; do validate_operations "${res%%|*}" $(for a in "${aces[@]}"; do IFS='|' read -r _ _ o _ <<<"$a"; echo "$o"; done); done

if has add; then
    [[ $pattern == LITERAL || $pattern == PREFIXED ]] || jopt_fail "A '--resource-pattern-type' value of '$pattern' is not valid when adding acls." # AC4:213-216
    ((${#aces[@]} > 0)) || jopt_fail "You must specify one of: --allow-principal, --deny-principal when trying to add ACLs." # AC4:221-223
    for res in "${resources[@]}"; do
        resource="ResourcePattern(resourceType=${res%%|*}, name=${res#*|}, patternType=$pattern)"
        new=()
        for a in "${aces[@]}"; do
            IFS='|' read -r p h o perm <<<"$a"
            entry="(principal=$p, host=$h, operation=$o, permissionType=$perm)" # AccessControlEntry.toString
            line="$res|$pattern|$a"
            # 4.3.1 skips an existing binding with "Acl <AclBinding> already exists." on stdout (AC4:114-121);
            # 3.9.2 creates it again, which the authorizer stores once. Either way the store holds it once.
            if has_line "$S/acls" "$line" && at_least_4; then
                echo "Acl (pattern=$resource, entry=$entry) already exists."
                continue
            fi
            new+=("$entry")
            has_line "$S/acls" "$line" || echo "$line" >>"$S/acls"
        done
        # "Adding ACLs for resource `<pattern>`: " NL, then the entries, each after a tab, joined by NL,
        # then NL, println'd. 3.9.2 puts a blank before the first and after the last entry (AC3:114);
        # 4.3.1 only before the first, and prints nothing when every binding exists (AC4:123-124).
        ((${#new[@]} > 0)) || continue
        entries=$(printf '\t%s\n' "${new[@]}")
        if at_least_4; then printf 'Adding ACLs for resource `%s`: \n %s\n\n' "$resource" "$entries"
        else printf 'Adding ACLs for resource `%s`: \n %s \n\n' "$resource" "$entries"; fi
    done
    exit 0
fi

# --remove: without --force it asks on the console (AC3:472-477 StdIn.readLine; AC4:383-389 System.console(),
# null in a pod without a terminal; 3.9.2's readLine is null on an empty stdin): a NullPointerException,
# which main prints on stdout after "Error while executing ACL command: ", exit 1 (AC3:79-83, AC4:84-87).
# The prompt and the exception's text are illustrative (the JVM words the NPE); only stdout and the exit
# code are claims. A script must never depend on a prompt.
has force || { echo "Are you sure you want to remove ACLs from resource filter? (y/n)"; admin_error "no console to confirm on (pass --force)" NullPointerException; }
for res in "${resources[@]}"; do
    for a in "${aces[@]}"; do
        grep -vxF "$res|$pattern|$a" "$S/acls" >"$S/acls.new" || true
        mv "$S/acls.new" "$S/acls"
    done
done
