#!/usr/bin/env bash
# zookeeper-shell.sh HOST:PORT create PATH, as kafka-node.sh scram-users runs it in ZooKeeper mode (3.9.2).
# bin/zookeeper-shell.sh execs ZooKeeperMainWithTlsSupportForKafka -server "$@" (3.9.2 bin/zookeeper-shell.sh:23),
# which runs one command of ZooKeeper's CLI, ZooKeeper 3.8.4 (3.9.2 gradle/dependencies.gradle:165;
# apache/zookeeper tag release-3.8.4 = 9316c2a7a97e1666d8f4593f34dd6fc36ecc436c).
source "$(dirname "$0")/lib.sh"
[[ $V == 3.9.2 ]] || { echo "stub: zookeeper-shell.sh is not used at $V" >&2; exit 97; }
# No arguments: usage on stdout, exit 1 (bin/zookeeper-shell.sh:17-21).
[[ $# -ge 1 ]] || { echo "USAGE: $0 zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]"; exit 1; }
# "Connecting to <server>" on stdout first (ZooKeeperMain.java:298).
echo "Connecting to $1"
maybe_unreachable echo "KeeperErrorCode = ConnectionLoss for ${3:-/}" >&2
[[ ${2:-} == create && $# -eq 3 ]] || { echo "stub: only 'create PATH' is modelled" >&2; exit 98; }
mkdir -p "$S/zk"
touch "$S/zk/nodes"
# An existing node: the CLI prints the error on stderr and exits 1; a new one: "Created PATH" on stderr,
# exit 0 (zookeeper-server/src/main/java/org/apache/zookeeper/cli/CreateCommand.java:126,135-136;
# ZooKeeperMain.java:364-372,352; CliException exit code 1).
if grep -qxF "$3" "$S/zk/nodes"; then echo "Node already exists: $3" >&2; exit 1; fi
echo "$3" >>"$S/zk/nodes"
echo "Created $3" >&2
