# Sourced by roll-nodes.sh (the roller) and reassign-partitions.sh (the rebalance Jobs): the
# Kubernetes API through the Job's `kubectl proxy` sidecar on loopback (KUBE_PROXY, default
# 127.0.0.1:8001), plain HTTP/1.0 over bash's /dev/tcp, and the few JSON reads they need.
# The caller defines log().
kube_proxy=${KUBE_PROXY:-127.0.0.1:8001}
# HTTP status of the last call, in a file: callers run api inside $(...).
KUBE_API_STATUS=$(mktemp)

# HTTP/1.0: the proxy (Go net/http) answers without chunking and closes the connection, so the
# body is everything after the blank line. Prints the body; fails on a non-2xx status.
api() { # METHOD PATH
    local response status first
    : >"$KUBE_API_STATUS"
    exec 3<>"/dev/tcp/${kube_proxy%:*}/${kube_proxy##*:}" || return 1
    printf '%s %s HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\n\r\n' "$1" "$2" >&3
    # read to EOF (the body has no NUL byte), without a subshell or a cat per call
    IFS= read -r -d '' response <&3 || true
    exec 3<&-
    first=${response%%$'\r\n'*}
    status=${first#* }
    status=${status%% *}
    printf '%s' "$status" >"$KUBE_API_STATUS"
    [[ $status == 2?? ]] || { log "$1 $2: HTTP ${status:-no answer}"; return 1; }
    printf '%s' "${response#*$'\r\n\r\n'}"
}
# A string or number member of compact JSON, first match (the API server writes compact JSON;
# the keys read here are unique in their objects: labels, metadata, status; a StatefulSet's
# "replicas" is spec.replicas, spec preceding status).
json_field() { # KEY JSON
    local re="\"$1\":\"?([^\",}]*)"
    if [[ $2 =~ $re ]]; then printf '%s' "${BASH_REMATCH[1]}"; fi
}
pod_ready() { # the Ready condition is True (PodCondition fields in API order: type, [observedGeneration,] status)
    local re='"type":"Ready",("observedGeneration":[0-9]+,)?"status":"True"'
    [[ $1 =~ $re ]]
}
