#!/bin/bash
# Starts one ZooKeeper ensemble member through the official image's entrypoint, after setting
# ZOO_MY_ID = StatefulSet ordinal + 1 (ZooKeeper ids start at 1; ZOO_SERVERS numbers pods the same way).
#
# The root filesystem is read-only, so ZOO_CONF_DIR/ZOOCFGDIR point at an emptyDir: it is seeded
# with the image's default conf files (logback.xml), and a zoo.cfg left by an earlier container
# of this pod is removed so the entrypoint regenerates it from the current environment.
#
# Environment:
#   POD_NAME          pod name (Downward API); default: hostname.
#   ZOO_CONF_DIR      writable conf dir (the entrypoint writes zoo.cfg there).
#   IMAGE_CONF_DIR    the image's conf dir to seed from; default /conf.
#   ZK_ENTRYPOINT     the image entrypoint; default /docker-entrypoint.sh.
set -euo pipefail

die() { echo "zookeeper-start: $*" >&2; exit 1; }

pod="${POD_NAME:-$(hostname)}"
ordinal="${pod##*-}"
[[ "$ordinal" =~ ^[0-9]+$ ]] || die "cannot derive a StatefulSet ordinal from pod name '$pod'"
export ZOO_MY_ID=$((10#$ordinal + 1))

: "${ZOO_CONF_DIR:?ZOO_CONF_DIR is not set}"
image_conf="${IMAGE_CONF_DIR:-/conf}"
mkdir -p "$ZOO_CONF_DIR"
if [[ "$image_conf" != "$ZOO_CONF_DIR" && -d "$image_conf" ]]; then
    for f in "$image_conf"/*; do
        [[ -f "$f" ]] && cp -f "$f" "$ZOO_CONF_DIR/"
    done
fi
rm -f "$ZOO_CONF_DIR/zoo.cfg"

echo "zookeeper-start: $pod is server.$ZOO_MY_ID" >&2
exec "${ZK_ENTRYPOINT:-/docker-entrypoint.sh}" zkServer.sh start-foreground
