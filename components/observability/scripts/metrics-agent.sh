#!/bin/sh
# Init container of Kafka pods (curl image, busybox sh and sha256sum): puts the Prometheus JMX
# exporter agent jar into the volume the Kafka container mounts, only after its sha256 matched the
# pinned one. kafka-node.sh loads the agent when the jar is there.
#
#   download fails (no route, HTTP error, timeout): exit 0 without a jar. The node starts without
#                  metrics, and the metrics-down alert says so: a broker's availability never waits
#                  for a download server (a node replaced during its outage must still come back).
#   wrong sha256:  exit 1. The URL serves something other than the pinned release (a bad mirror,
#                  tampering): the pod stops at this step, visibly, during the rollout that set it.
#
# Environment:
#   AGENT_URL     where to download the jar (metrics.agentUrl, default the GitHub release).
#   AGENT_SHA256  the pinned sha256 of the jar.
#   AGENT_JAR     destination path in the shared volume.
set -eu

die() { echo "metrics-agent: $*" >&2; exit 1; }

: "${AGENT_URL:?AGENT_URL is not set}"
: "${AGENT_SHA256:?AGENT_SHA256 is not set}"
: "${AGENT_JAR:?AGENT_JAR is not set}"
echo "$AGENT_SHA256" | grep -Eq '^[0-9a-f]{64}$' || die "AGENT_SHA256 is not a sha256 hex digest"

tmp="$AGENT_JAR.download"
rm -f "$tmp" "$AGENT_JAR"
# -f: an HTTP error is a failure (exit 22), not an HTML page saved as the jar; -L: GitHub answers
# a release download with a redirect to its object store. --max-time bounds one attempt only; so that
# a stalling server holds the pod back for about 3 minutes, not 4 x 120 s, no retry starts after 60 s.
if ! curl -fsSL --retry 3 --retry-delay 2 --retry-max-time 60 --connect-timeout 10 --max-time 120 -o "$tmp" "$AGENT_URL"; then
    rm -f "$tmp"
    echo "metrics-agent: could not download $AGENT_URL; this node starts without metrics" >&2
    exit 0
fi
actual="$(sha256sum "$tmp" | cut -d ' ' -f 1)"
if [ "$actual" != "$AGENT_SHA256" ]; then
    rm -f "$tmp"
    die "$AGENT_URL has sha256 $actual, expected $AGENT_SHA256 (metrics.agentUrl must serve the pinned jmx_exporter release)"
fi
mv -f "$tmp" "$AGENT_JAR"
echo "metrics-agent: $AGENT_JAR verified (sha256 $actual)" >&2
