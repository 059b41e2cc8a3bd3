#!/usr/bin/env bash
# Retires the users that left the stack: each name in the ConfigMap of managed users (what the
# stack managed at its last successful run) that is not among the --user names (what it manages
# now) loses its SCRAM credential, quotas and ACLs (apply-user.sh --remove). A user the stack never
# managed is never in that list, so a user an operator created by hand is never touched. Run by the
# retire Job (components/kafka/users/retire.ts) as the active inter-broker user; Pulumi writes the
# new list into the ConfigMap only after this Job succeeded, so a failed run is retried with the
# same old list. No ConfigMap yet (first deploy, or a stack from before this Job): nothing is
# retired. The ConfigMap is read through the Job's kubectl proxy (kube-api.sh).
#
# usage: retire-users.sh --bootstrap-server HOST:PORT --command-config FILE --namespace NS
#                        --configmap NAME [--user NAME]... [--no-acls]
#
# Exit codes: 0 done; 2 bad arguments; 3 refused (the ConfigMap holds something that is not a user
# name); anything else: the API or a Kafka tool failed (the Job retries).
set -euo pipefail

log() { echo "retire-users: $*" >&2; }
die() {
    local code=$1
    shift
    log "$*"
    exit "$code"
}
USER_NAME='^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$'

bootstrap="" command_config="" namespace="" configmap="" no_acls=()
declare -A keep=()
while [[ $# -gt 0 ]]; do
    if [[ $1 == --no-acls ]]; then
        no_acls=(--no-acls)
        shift
        continue
    fi
    [[ $# -ge 2 ]] || die 2 "$1 needs a value"
    case "$1" in
        --bootstrap-server) bootstrap=$2 ;;
        --command-config) command_config=$2 ;;
        --namespace) namespace=$2 ;;
        --configmap) configmap=$2 ;;
        --user)
            [[ $2 =~ $USER_NAME ]] || die 2 "--user must be a user name (got '$2')"
            keep[$2]=1
            ;;
        *) die 2 "unknown argument: $1" ;;
    esac
    shift 2
done
[[ -n $bootstrap && -n $command_config && -n $namespace && -n $configmap ]] || die 2 "--bootstrap-server, --command-config, --namespace and --configmap are required"

# shellcheck source=../../scripts/kube-api.sh
source "${KUBE_API_LIB:-$(dirname "${BASH_SOURCE[0]}")/kube-api.sh}"

# Only "not found" means "no list yet"; any other failure (403, no answer) must not pass for it.
if ! body=$(api GET "/api/v1/namespaces/$namespace/configmaps/$configmap"); then
    if [[ $(<"$KUBE_API_STATUS") == 404 ]]; then
        log "no ConfigMap $configmap yet (first run): no user to retire"
        exit 0
    fi
    die 1 "cannot read ConfigMap $configmap"
fi
# data.users: the names joined by ',' (retire.ts, MANAGED_USERS_KEY); user names need no JSON escape.
re='"users":"([^"]*)"'
[[ $body =~ $re ]] || die 3 "ConfigMap $namespace/$configmap has no data.users: refusing to guess which users the stack managed; delete it (kubectl -n $namespace delete configmap $configmap) and the next pulumi up retires nothing and writes it anew"
IFS=',' read -ra previous <<<"${BASH_REMATCH[1]}"

retired=0
for user in "${previous[@]}"; do
    [[ -n $user ]] || continue
    [[ $user =~ $USER_NAME && $user != admin && $user != admin-b ]] || die 3 "ConfigMap $namespace/$configmap lists '$user', which is no user the stack manages (an inter-broker user or no user name): it was edited by hand; remove that name from data.users or delete the ConfigMap (then nothing is retired)"
    [[ -z ${keep[$user]+set} ]] || continue
    log "retiring $user: it left the stack"
    bash "$(dirname "${BASH_SOURCE[0]}")/apply-user.sh" --remove --bootstrap-server "$bootstrap" --command-config "$command_config" --user "$user" "${no_acls[@]}"
    retired=$((retired + 1))
done
echo "retire-users: $retired user(s) retired"
