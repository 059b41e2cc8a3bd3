#!/usr/bin/env bash
# Pins every image a stack runs by digest: asks the registries for the digest each
# `repository:tag` points at now and writes them as kafka-eks:images.digests into
# Pulumi.<stack>.yaml (comments and other keys kept). Run it when the stack's images change (a
# Kafka version, a new release of this project) and review the diff like any other change.
#
#   scripts/pin-images.sh <stack> [--dir DIR]
#
# Needs crane (github.com/google/go-containerregistry, `go install
# github.com/google/go-containerregistry/cmd/crane@latest` or a release binary) with read access
# to Docker Hub, ghcr.io, quay.io and registry.k8s.io; $CRANE overrides the binary. `crane digest`
# without --platform prints the digest of what the tag names: for a multi-arch image the index,
# which every node architecture can pull by.
# Nothing is written unless every image got a digest. Exit 0 written, 1 failed, 2 usage.
set -euo pipefail

usage() { echo "usage: scripts/pin-images.sh <stack> [--dir DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
case "$1" in -*) usage ;; esac

root=$(cd "$(dirname "$0")/.." && pwd)
crane=${CRANE:-crane}
command -v "$crane" >/dev/null || { echo "pin-images: $crane not found: install crane (github.com/google/go-containerregistry/cmd/crane) or set CRANE" >&2; exit 1; }
offline() { "$root/node_modules/.bin/ts-node" --transpiler "$root/scripts/lib/ts-transpile-cache.js" --project "$root/tsconfig.json" "$root/scripts/pin-images.ts" "$@"; }

refs=$(offline list "$@")
pins=""
for ref in $refs; do
    # crane prints the digest alone on stdout; warnings and errors go to stderr.
    if ! digest=$("$crane" digest "$ref"); then
        echo "pin-images: crane digest $ref failed; nothing written" >&2
        exit 1
    fi
    if ! [[ $digest =~ ^sha256:[0-9a-f]{64}$ ]]; then
        echo "pin-images: crane digest $ref printed \"$digest\", not a sha256 digest; nothing written" >&2
        exit 1
    fi
    echo "$ref $digest" >&2
    pins+="$ref $digest"$'\n'
done
printf '%s' "$pins" | offline write "$@"
