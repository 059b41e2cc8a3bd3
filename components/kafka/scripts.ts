/**
 * The shell scripts pods run, read from `scripts/` next to this module so they stay real files
 * (linted, executed by the tests) and reach pods through ConfigMaps. A package build must copy
 * `components/kafka/scripts/*.sh` beside the compiled module (tsc does not copy them).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const SCRIPTS_DIR = path.join(__dirname, "scripts");

export const SCRIPT = {
    /** Renders server.properties and starts or formats a Kafka node (bash, apache/kafka image). */
    kafkaNode: "kafka-node.sh",
    /** A broker's readiness: serving and no follower lag (bash builtins, apache/kafka image). */
    brokerReady: "broker-ready.sh",
    /** Writes the node's zone for broker.rack (POSIX sh, curl image). */
    nodeZone: "node-zone.sh",
    /** Sets ZOO_MY_ID and execs the official zookeeper image entrypoint (bash). */
    zookeeperStart: "zookeeper-start.sh",
    /** The Kubernetes API through a Job's kubectl proxy, sourced by the roller's and the rebalance Jobs' scripts (bash). */
    kubeApi: "kube-api.sh",
} as const;

export type ScriptName = (typeof SCRIPT)[keyof typeof SCRIPT];

export function readScript(name: ScriptName): string {
    return fs.readFileSync(path.join(SCRIPTS_DIR, name), "utf8");
}
