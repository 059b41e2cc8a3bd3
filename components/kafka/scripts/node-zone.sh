#!/bin/sh
# Writes the availability zone of the node this pod runs on to $RACK_FILE, for broker.rack.
# The Downward API cannot expose node labels, so this asks the Kubernetes API for the node object
# (ServiceAccount token; RBAC: get nodes) and extracts the topology.kubernetes.io/zone label.
# A node without the label (kind, minikube) yields an empty file: the broker then runs without a
# rack. An API failure exits non-zero so the init container retries and the error is visible.
#
# Environment:
#   NODE_NAME   node name (Downward API spec.nodeName).
#   RACK_FILE   output file.
#   KUBE_API    API server URL; default https://kubernetes.default.svc.
#   SA_DIR      token and CA; default /var/run/secrets/kubernetes.io/serviceaccount.
set -eu

: "${NODE_NAME:?NODE_NAME is not set}"
: "${RACK_FILE:?RACK_FILE is not set}"
api="${KUBE_API:-https://kubernetes.default.svc}"
sa="${SA_DIR:-/var/run/secrets/kubernetes.io/serviceaccount}"

token="$(cat "$sa/token")"
case "$token" in
"" | *[!A-Za-z0-9._-]*) echo "node-zone: $sa/token does not hold a bearer token" >&2; exit 1 ;;
esac
# The token reaches curl as a config read from stdin (-K -), not on its command line, where ps and
# /proc/<pid>/cmdline show it to every process in the pod: printf is a shell builtin, and curl reads
# `option = "value"` lines, the quoted value verbatim up to the next '"' (curl 8.16.0
# src/tool_parsecfg.c:116-120 "-" is stdin, :145-172 option and quoted parameter, :209).
if ! node="$(printf 'header = "Authorization: Bearer %s"\n' "$token" |
    curl -fsS --max-time 10 --retry 5 --retry-delay 2 --cacert "$sa/ca.crt" -K - \
        -H "Accept: application/json" "$api/api/v1/nodes/$NODE_NAME")"; then
    echo "node-zone: cannot read node $NODE_NAME from the Kubernetes API (is the get-nodes ClusterRole bound?)" >&2
    exit 1
fi

# One JSON member per line is enough to find a string label; no jq in the image.
zone="$(printf '%s' "$node" | tr ',{}' '\n\n\n' |
    sed -n 's/^[[:space:]]*"topology\.kubernetes\.io\/zone"[[:space:]]*:[[:space:]]*"\([^"]*\)".*$/\1/p' | head -n 1)"

mkdir -p "$(dirname "$RACK_FILE")"
printf '%s' "$zone" >"$RACK_FILE"
if [ -n "$zone" ]; then
    echo "node-zone: node $NODE_NAME is in zone $zone" >&2
else
    echo "node-zone: node $NODE_NAME has no topology.kubernetes.io/zone label; broker.rack stays unset" >&2
fi
