/**
 * Who runs where: the node pools (one StatefulSet each) a Kafka config asks for, their node-id
 * ranges, and the DNS-derived connection strings (quorum voters, zookeeper.connect). Pure data,
 * shared by the broker-config builder and the pod spec builders so they cannot disagree.
 */
import type { KafkaComponent } from "../common/labels";
import { clusterNames, KAFKA_PORTS, podDnsName, ZOOKEEPER_PORTS } from "../common/names";
import type { KafkaConfig } from "../config/kafka";

/** The four kinds of Kafka node: one server.properties shape each. */
export type NodeRole = "zookeeper-broker" | "kraft-broker" | "kraft-controller" | "kraft-combined";

/**
 * First node id of each pool; a pod's id is base + StatefulSet ordinal. Brokers (and combined
 * nodes) start at 0 so broker ids read 0..N-1 in both modes (and stay below ZooKeeper mode's
 * reserved.broker.max.id of 1000); dedicated controllers start at 1000, disjoint from any broker
 * count the schema allows (at most 64).
 */
export const NODE_ID_BASE = { broker: 0, controller: 1000 } as const;

/** Paths inside Kafka pods. */
export const KAFKA_PATHS = {
    /** Data volume mount (PVC). */
    data: "/var/lib/kafka/data",
    /** log.dirs: a subdirectory, because an ext4 volume root holds lost+found. */
    logDirs: "/var/lib/kafka/data/logs",
    /** ConfigMap: server.properties template and scripts. */
    config: "/etc/kafka-eks",
    /** Writable emptyDir: the rendered server.properties and the node's zone. */
    run: "/var/run/kafka",
    /** emptyDir for kafka-run-class.sh's LOG_DIR default (root filesystem is read-only). */
    appLogs: "/opt/kafka/logs",
    /** Kafka's bin directory in apache/kafka images. */
    bin: "/opt/kafka/bin",
} as const;

/** Placeholders in the server.properties template, substituted by kafka-node.sh at pod start. */
export const PLACEHOLDER = { nodeId: "@@NODE_ID@@", podName: "@@POD_NAME@@", rack: "@@RACK@@" } as const;

export interface NodePool {
    role: NodeRole;
    statefulSet: string;
    headless: string;
    configMap: string;
    component: KafkaComponent;
    replicas: number;
    nodeIdBase: number;
    storageGiB: number;
    resources: KafkaConfig["resources"];
    /** Serves clients (CLIENT listener, bootstrap Service, broker.rack). */
    isBroker: boolean;
    /** Votes in the KRaft quorum. */
    isController: boolean;
}

/** The StatefulSets a cluster consists of: one pool in ZooKeeper mode and combined KRaft, two in dedicated KRaft. */
export function nodePools(kafka: KafkaConfig): NodePool[] {
    const n = clusterNames(kafka.name);
    const brokers = (role: NodeRole, component: KafkaComponent, isController: boolean): NodePool => ({
        role,
        statefulSet: n.brokers,
        headless: n.brokersHeadless,
        configMap: n.brokerConfig,
        component,
        replicas: kafka.brokers,
        nodeIdBase: NODE_ID_BASE.broker,
        storageGiB: kafka.storageGiB,
        resources: kafka.resources,
        isBroker: true,
        isController,
    });
    if (kafka.mode === "zookeeper") return [brokers("zookeeper-broker", "kafka-broker", false)];
    if (kafka.kraft.topology === "combined") return [brokers("kraft-combined", "kafka", true)];
    return [
        {
            role: "kraft-controller",
            statefulSet: n.controllers,
            headless: n.controllersHeadless,
            configMap: n.controllerConfig,
            component: "kafka-controller",
            replicas: kafka.kraft.controllers,
            nodeIdBase: NODE_ID_BASE.controller,
            storageGiB: kafka.controllerStorageGiB,
            resources: kafka.controllerResources,
            isBroker: false,
            isController: true,
        },
        brokers("kraft-broker", "kafka-broker", false),
    ];
}

/** The pool of a role; throws if the config has no such pool. */
export function poolOf(kafka: KafkaConfig, role: NodeRole): NodePool {
    const pool = nodePools(kafka).find((p) => p.role === role);
    if (!pool) throw new Error(`kafka.mode ${kafka.mode} (topology ${kafka.kraft.topology}) has no ${role} nodes`);
    return pool;
}

/** Static `controller.quorum.voters`: `<id>@<pod dns>:9093` for every controller-capable pod. */
export function quorumVoters(kafka: KafkaConfig, namespace: string): string {
    const voters = nodePools(kafka).find((p) => p.isController);
    if (!voters) throw new Error("controller.quorum.voters exists only in KRaft mode");
    return Array.from({ length: voters.replicas }, (_, i) => {
        const host = podDnsName(voters.statefulSet, i, voters.headless, namespace);
        return `${voters.nodeIdBase + i}@${host}:${KAFKA_PORTS.controller}`;
    }).join(",");
}

/** ZooKeeper client connect string (`host:2181,…`), without chroot. */
export function zookeeperConnectString(cluster: string, namespace: string, replicas: number): string {
    const n = clusterNames(cluster);
    return Array.from({ length: replicas }, (_, i) => `${podDnsName(n.zookeeper, i, n.zookeeperHeadless, namespace)}:${ZOOKEEPER_PORTS.client}`).join(",");
}

/** `zookeeper.connect` for the brokers: the ensemble plus the `/<cluster name>` chroot (Kafka creates the znode). */
export function brokerZookeeperConnect(cluster: string, namespace: string, replicas: number): string {
    return `${zookeeperConnectString(cluster, namespace, replicas)}/${cluster}`;
}
