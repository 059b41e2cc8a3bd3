#!/bin/bash
# zookeeper-shell.sh HOST:PORT create PATH [DATA ACL], as kafka-node.sh scram-users runs it in ZooKeeper mode (3.9.2).
# bin/zookeeper-shell.sh execs ZooKeeperMainWithTlsSupportForKafka -server "$@" (3.9.2 bin/zookeeper-shell.sh:23),
# which runs one command of ZooKeeper's CLI, ZooKeeper 3.8.4 (3.9.2 gradle/dependencies.gradle:165;
# apache/zookeeper tag release-3.8.4 = 9316c2a7a97e1666d8f4593f34dd6fc36ecc436c).
source "${0%/*}/lib.sh"
[[ $V == 3.9.2 ]] || { echo "stub: zookeeper-shell.sh is not used at $V" >&2; exit 97; }
# No arguments: usage on stdout, exit 1 (bin/zookeeper-shell.sh:17-21).
[[ $# -ge 1 ]] || { echo "USAGE: $0 zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]"; exit 1; }
# "Connecting to <server>" on stdout first (ZooKeeperMain.java:298).
echo "Connecting to $1"
maybe_unreachable echo "KeeperErrorCode = ConnectionLoss for ${3:-/}" >&2
[[ ${2:-} == create && ($# -eq 3 || $# -eq 5) ]] || { echo "stub: only 'create PATH [DATA ACL]' is modelled" >&2; exit 98; }
mkdir -p "$S/zk"
touch "$S/zk/nodes"
# ACL argument: "scheme:id:perms" entries split at ',' (cli/AclParser.java:37-53). The "auth" scheme becomes
# the session's authenticated ids; a session that has not logged in (no JAAS Client section through KAFKA_OPTS,
# see login_user in lib.sh) has none, and the create fails with InvalidACL (server/PrepRequestProcessor.java:1038-1053),
# printed by CreateCommand and again by ZooKeeperMain, exit 1 (CreateCommand.java:132-134; ZooKeeperMain.java:369-371).
# That is a server that does not enforce logins; one that does (zookeeper.authentication sasl) closes such a
# session at its first request instead (seen against the real server in tests/kafka/zookeeper-ensemble.test.ts).
# kafka-node.sh ignores the outcome either way.
acl=${5:-world:anyone:cdrwa}
if [[ ,$acl, == *,auth::* ]] && ! login_user >/dev/null; then
    echo "KeeperErrorCode = InvalidACL for $3" >&2
    echo "KeeperErrorCode = InvalidACL for $3" >&2
    exit 1
fi
# An existing node: the CLI prints the error on stderr and exits 1; a new one: "Created PATH" on stderr,
# exit 0 (zookeeper-server/src/main/java/org/apache/zookeeper/cli/CreateCommand.java:126,135-136;
# ZooKeeperMain.java:364-372,352; CliException exit code 1).
if grep -qxF "$3" "$S/zk/nodes"; then echo "Node already exists: $3" >&2; exit 1; fi
echo "$3" >>"$S/zk/nodes"
# The ACL as ZooKeeper stores it: "auth" expanded to the logged-in user (sasl scheme, DIGEST-MD5 username).
printf '%s\n' "$acl" | sed "s/auth::/sasl:$(login_user 2>/dev/null || true):/" >"$S/zk/acl-$(echo "$3" | tr / _)"
echo "Created $3" >&2
