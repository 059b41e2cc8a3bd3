/**
 * The ZooKeeper ensemble as data: headless and client Services, the start-script
 * ConfigMap, the StatefulSet, its PDB and its explicit volume claims. Pure: config in, specs out.
 */
import { zookeeperImage } from "../common/images";
import { labels as labelsFor, selectorLabels } from "../common/labels";
import { clusterNames, podDnsName, ZOOKEEPER_PORTS } from "../common/names";
import { restrictedContainerSecurity } from "../common/pod";
import type { KafkaConfig, ZooKeeperConfig } from "../config/kafka";
import { readScript, SCRIPT } from "./scripts";
import { zookeeperConnectString } from "./topology";
import { jaasLoginOption, ZOOKEEPER_JAAS_DIRS, ZOOKEEPER_JAAS_FILES, ZOOKEEPER_JAAS_KEYS, ZOOKEEPER_SASL_SERVER_CFG, ZooKeeperAuthentication } from "./zookeeper-auth";
import {
    checksum,
    ClaimTemplate,
    disruptionBudget,
    explicitClaims,
    headlessService,
    heapOpts,
    jvmContainerResources,
    Named,
    quorumStatefulSet,
} from "./workload-parts";
import type { ConfigMap, EnvVar, PDB, PVC, Service, StatefulSet, Volume, VolumeMount } from "./k8s-types";
import { NodeMetricsOptions, zookeeperPodMetrics, withPodAnnotations } from "../observability/node-metrics";


/** uid/gid of the `zookeeper` user in the official image. */
export const ZOOKEEPER_UID = 1000;

export const ZOOKEEPER_PATHS = {
    data: "/data",
    dataLog: "/datalog",
    scripts: "/etc/zookeeper-eks",
    /** Writable conf dir (the root filesystem is read-only; the entrypoint writes zoo.cfg). */
    conf: "/var/run/zookeeper/conf",
    logs: "/logs",
} as const;

/** Four-letter words the probes and operators need (ZooKeeper allows only srvr by default). */
export const ZOOKEEPER_4LW = "srvr,ruok,mntr";

export interface ZooKeeperSpecInput {
    /** Kafka cluster name, namespace and placement (`kafka` config section). */
    kafka: Pick<KafkaConfig, "name" | "namespace" | "placement">;
    zookeeper: ZooKeeperConfig;
    /** Prometheus metrics (ZooKeeper's own provider). Default: none. */
    metrics?: NodeMetricsOptions;
    /** `zookeeper.authentication` resolved (zookeeperAuthentication): `sasl` demands a SASL login. @default "none" */
    authentication?: ZooKeeperAuthentication;
    /** PriorityClass of the pods (kafka/priority-class.ts). Default none. */
    priorityClassName?: string;
}

export interface ZooKeeperSpecs {
    headlessService: Named<Service>;
    clientService: Named<Service>;
    scripts: Named<ConfigMap>;
    statefulSet: Named<StatefulSet>;
    disruptionBudget: Named<PDB>;
    /** Explicit claims (`data-…`, `datalog-…` per pod) that make storage growth an in-place expansion. */
    claims: Named<PVC>[];
    /** `host:2181,…` of every member, without chroot. */
    connectString: string;
    /**
     * With SASL: metadata of the Secret the pods read their JAAS file from (keys ZOOKEEPER_JAAS_KEYS);
     * the component fills in the value (the password is a generated resource output).
     */
    credentialsSecret?: { metadata: Named<object>["metadata"] };
}

/** `ZOO_SERVERS`: `server.<ordinal+1>=<pod dns>:2888:3888;2181`, space-separated. */
export function zooServers(cluster: string, namespace: string, replicas: number): string {
    const n = clusterNames(cluster);
    const { peer, election, client } = ZOOKEEPER_PORTS;
    return Array.from({ length: replicas }, (_, i) => `server.${i + 1}=${podDnsName(n.zookeeper, i, n.zookeeperHeadless, namespace)}:${peer}:${election};${client}`).join(" ");
}

const sh = (script: string) => ["/bin/bash", "-c", script];

export function zookeeperSpecs(input: ZooKeeperSpecInput): ZooKeeperSpecs {
    const { kafka, zookeeper: zk } = input;
    const cluster = kafka.name;
    const namespace = kafka.namespace;
    const n = clusterNames(cluster);
    const labels = labelsFor(cluster, "zookeeper", n.zookeeper);
    const selector = selectorLabels(cluster, "zookeeper", n.zookeeper);
    const { client, peer, election } = ZOOKEEPER_PORTS;
    const script = readScript(SCRIPT.zookeeperStart);
    const metrics = input.metrics ? zookeeperPodMetrics(input.metrics) : undefined;
    const sasl = (input.authentication ?? "none") === "sasl";
    const templates: ClaimTemplate[] = [
        { name: "data", sizeGiB: zk.dataGiB },
        { name: "datalog", sizeGiB: zk.dataLogGiB },
    ];

    const env: EnvVar[] = [
        { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "ZOO_SERVERS", value: zooServers(cluster, namespace, zk.replicas) },
        { name: "ZOO_4LW_COMMANDS_WHITELIST", value: ZOOKEEPER_4LW },
        // Hourly snapshot/log purge; the image default (0) never deletes and fills the volume.
        { name: "ZOO_AUTOPURGE_PURGEINTERVAL", value: "1" },
        { name: "ZOO_AUTOPURGE_SNAPRETAINCOUNT", value: "3" },
        { name: "ZOO_DATA_DIR", value: ZOOKEEPER_PATHS.data },
        { name: "ZOO_DATA_LOG_DIR", value: ZOOKEEPER_PATHS.dataLog },
        { name: "ZOO_LOG_DIR", value: ZOOKEEPER_PATHS.logs },
        { name: "ZOO_CONF_DIR", value: ZOOKEEPER_PATHS.conf },
        // zkServer.sh reads zoo.cfg from ZOOCFGDIR (the image sets it to /conf).
        { name: "ZOOCFGDIR", value: ZOOKEEPER_PATHS.conf },
        // The AdminServer (port 8080) is not used; fewer open ports.
        { name: "ZOO_ADMINSERVER_ENABLED", value: "false" },
        // zkServer.sh otherwise starts the JVM with -Dcom.sun.management.jmxremote, which listens on
        // a random port without authentication; nothing here reads JMX (zkServer.sh:45 at 3.8.6).
        { name: "JMXDISABLE", value: "true" },
        // Bind quorum ports on all addresses: a pod's own DNS record may not resolve yet at start.
        // Metrics: the Prometheus provider's zoo.cfg lines (components/observability).
        // SASL: the server demands a login (zookeeper-auth.ts).
        { name: "ZOO_CFG_EXTRA", value: ["quorumListenOnAllIPs=true", ...(metrics?.cfgExtra ?? []), ...(sasl ? ZOOKEEPER_SASL_SERVER_CFG : [])].join(" ") },
        // zkServer.sh puts JVMFLAGS after its default -Xmx1000m, so this heap wins. With SASL the JVM
        // also reads the JAAS file with the server's users (a path; the password stays in the file).
        { name: "JVMFLAGS", value: [heapOpts(zk.resources.heapMiB), ...(sasl ? [jaasLoginOption(ZOOKEEPER_JAAS_FILES.zookeeper)] : [])].join(" ") },
    ];
    // Only the server's JAAS file of the credentials Secret, readable by the pod's group (fsGroup).
    const jaasVolumes: Volume[] = sasl
        ? [{ name: "jaas", secret: { secretName: n.zookeeperCredentials, defaultMode: 0o440, items: [{ key: ZOOKEEPER_JAAS_KEYS.server, path: ZOOKEEPER_JAAS_KEYS.server }] } }]
        : [];
    const jaasMounts: VolumeMount[] = sasl ? [{ name: "jaas", mountPath: ZOOKEEPER_JAAS_DIRS.zookeeper, readOnly: true }] : [];

    // printf, not echo: ZooKeeper reads exactly 4 bytes and closes; an unread newline turns that
    // close into a TCP reset, and nc (netcat-openbsd in the image) then drops the answer it got.
    const fourLetterWord = (word: string, expect: string) => `printf ${word} | nc -w 3 localhost ${client} | grep -q ${expect}`;
    const mode = fourLetterWord("srvr", "'^Mode: '");
    const ruok = fourLetterWord("ruok", "imok");
    const headlessPorts = [
        { name: "client", port: client, targetPort: client },
        { name: "peer", port: peer, targetPort: peer },
        { name: "leader-election", port: election, targetPort: election },
    ];

    const withoutMetrics = quorumStatefulSet({
        name: n.zookeeper,
        namespace,
        labels,
        selector,
        serviceName: n.zookeeperHeadless,
        replicas: zk.replicas,
        placement: kafka.placement,
        priorityClassName: input.priorityClassName,
        uid: ZOOKEEPER_UID,
        configChecksum: checksum(script),
        pod: {
            terminationGracePeriodSeconds: 60,
            containers: [
                {
                    name: "zookeeper",
                    image: zookeeperImage(zk.version),
                    command: ["/bin/bash", `${ZOOKEEPER_PATHS.scripts}/${SCRIPT.zookeeperStart}`],
                    env,
                    ports: [...headlessPorts.map((p) => ({ name: p.name, containerPort: p.port })), ...(metrics ? [metrics.port] : [])],
                    resources: jvmContainerResources(zk.resources),
                    // In quorum (leader, follower or standalone), not merely answering.
                    readinessProbe: { exec: { command: sh(mode) }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                    livenessProbe: { exec: { command: sh(ruok) }, periodSeconds: 15, timeoutSeconds: 5, failureThreshold: 4 },
                    startupProbe: { exec: { command: sh(ruok) }, periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 60 },
                    securityContext: restrictedContainerSecurity(true),
                    volumeMounts: [
                        { name: "data", mountPath: ZOOKEEPER_PATHS.data },
                        { name: "datalog", mountPath: ZOOKEEPER_PATHS.dataLog },
                        { name: "scripts", mountPath: ZOOKEEPER_PATHS.scripts, readOnly: true },
                        { name: "conf", mountPath: ZOOKEEPER_PATHS.conf },
                        { name: "logs", mountPath: ZOOKEEPER_PATHS.logs },
                        { name: "tmp", mountPath: "/tmp" },
                        ...jaasMounts,
                    ],
                },
            ],
            volumes: [
                { name: "scripts", configMap: { name: n.zookeeperScripts, defaultMode: 0o555 } },
                // Limits: a runaway writer gets the pod evicted instead of filling the node's disk.
                { name: "conf", emptyDir: { sizeLimit: "16Mi" } },
                { name: "logs", emptyDir: { sizeLimit: "256Mi" } },
                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                ...jaasVolumes,
            ],
        },
        claimTemplates: templates,
    });
    const statefulSet = withPodAnnotations(withoutMetrics, metrics?.annotations ?? {});

    return {
        headlessService: headlessService(n.zookeeperHeadless, namespace, labels, selector, headlessPorts),
        clientService: {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: n.zookeeperClient, namespace, labels },
            spec: { type: "ClusterIP", selector, ports: [{ name: "client", port: client, targetPort: client }] },
        },
        scripts: {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: { name: n.zookeeperScripts, namespace, labels },
            data: { [SCRIPT.zookeeperStart]: script },
        },
        statefulSet,
        disruptionBudget: disruptionBudget(n.zookeeper, namespace, labels, selector),
        claims: explicitClaims(templates, n.zookeeper, zk.replicas, namespace, labels),
        connectString: zookeeperConnectString(cluster, namespace, zk.replicas),
        ...(sasl ? { credentialsSecret: { metadata: { name: n.zookeeperCredentials, namespace, labels } } } : {}),
    };
}
