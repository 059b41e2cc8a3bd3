/**
 * The Kafka cluster as data: per node pool a ConfigMap (server.properties + scripts), a headless
 * Service, a StatefulSet, a PDB and explicit volume claims; cluster-wide the bootstrap Service and
 * the RBAC the zone lookup needs. Pure: config in, specs out. The KRaft cluster-id Secret is
 * created by the component (its value is a generated resource output); pods read it by name.
 */
import { kafkaImage } from "../common/images";
import { labels as labelsFor, selectorLabels } from "../common/labels";
import { clusterNames, clusterScopedName, KAFKA_PORTS, serviceDnsName } from "../common/names";
import { defaultKafkaVersion, KafkaConfig, ZooKeeperConfig } from "../config/kafka";
import { buildBrokerConfig, renderProperties } from "./broker-config";
import { formatInit, KAFKA_FILES, KAFKA_UID, kafkaContainer, podVolumes, scramUsersInit, TERMINATION_GRACE_SECONDS, zoneInit } from "./kafka-pod";
import { consoleLogging } from "./logging";
import { listenersFor } from "./listeners";
import { readScript, SCRIPT } from "./scripts";
import { brokerCertificateDnsNames, KafkaSecurity, NO_SECURITY } from "./security";
import { KAFKA_PATHS, NodePool, nodePools } from "./topology";
import { KafkaPodMetrics, kafkaPodMetrics, NodeMetricsOptions, withPodAnnotations } from "../observability/node-metrics";
import {
    checksum,
    ClaimTemplate,
    disruptionBudget,
    explicitClaims,
    headlessService,
    Named,
    quorumStatefulSet,
} from "./workload-parts";
import type { ClusterRole, ClusterRoleBinding, ConfigMap, Container, EnvVar, PDB, PVC, Service, ServiceAccount, StatefulSet, VolumeMount } from "./k8s-types";

type ContainerPort = { name: string; containerPort: number };


export { CLUSTER_ID_KEY, JVM_ALIVE, KAFKA_FILES, STARTUP_BUDGET_SECONDS, TERMINATION_GRACE_SECONDS } from "./kafka-pod";

export interface KafkaSpecInput {
    kafka: KafkaConfig;
    /** Required in ZooKeeper mode (zookeeper.connect). */
    zookeeper?: Pick<ZooKeeperConfig, "replicas">;
    /** Listener authentication and encryption. Default: none (all PLAINTEXT). */
    security?: KafkaSecurity;
    /** Prometheus metrics from every node (JMX exporter agent). Default: none. */
    metrics?: NodeMetricsOptions;
    /** PriorityClass of the Kafka pods (priority-class.ts). Default none. */
    priorityClassName?: string;
}

export interface NodePoolSpecs {
    pool: NodePool;
    /** The rendered server.properties template (also in `configMap`). */
    serverProperties: string;
    configMap: Named<ConfigMap>;
    headlessService: Named<Service>;
    statefulSet: Named<StatefulSet>;
    disruptionBudget: Named<PDB>;
    claims: Named<PVC>[];
}

export interface KafkaSpecs {
    pools: NodePoolSpecs[];
    bootstrapService: Named<Service>;
    serviceAccount: Named<ServiceAccount>;
    /** Cluster-scoped; auto-named by the component (nothing addresses it by DNS). */
    nodeReaderRole: ClusterRole;
    nodeReaderBinding: ClusterRoleBinding;
    /** KRaft only: metadata of the Secret holding the cluster id under CLUSTER_ID_KEY (the component fills in the value). */
    clusterIdSecret?: { metadata: Named<object>["metadata"] };
    /** `<bootstrap service dns>:9092`. */
    bootstrapServers: string;
    /** DNS names the broker certificate must cover (used when security.tls is on). */
    certificateDnsNames: string[];
}

const DATA_TEMPLATE: Omit<ClaimTemplate, "sizeGiB"> = { name: "data" };

function poolLabels(kafka: KafkaConfig, pool: NodePool) {
    return {
        labels: labelsFor(kafka.name, pool.component, pool.statefulSet),
        selector: selectorLabels(kafka.name, pool.component, pool.statefulSet),
    };
}

function poolSpecs(input: KafkaSpecInput, pool: NodePool): NodePoolSpecs {
    const { kafka } = input;
    const namespace = kafka.namespace;
    const n = clusterNames(kafka.name);
    const image = kafkaImage(kafka.version ?? defaultKafkaVersion(kafka.mode));
    const { labels, selector } = poolLabels(kafka, pool);
    const security = input.security ?? NO_SECURITY;
    const model = buildBrokerConfig(pool.role, { kafka, namespace, zookeeper: input.zookeeper, security });
    const serverProperties = renderProperties(
        model,
        `${pool.role} node of Kafka cluster ${kafka.name}.\nNODE_ID, POD_NAME, RACK and SECRET placeholders are filled in at pod start by ${SCRIPT.kafkaNode}.`,
    );
    const logging = consoleLogging(kafka.version ?? defaultKafkaVersion(kafka.mode), KAFKA_PATHS.config);
    const metrics = input.metrics ? kafkaPodMetrics(KAFKA_PATHS.config, "config", input.metrics) : undefined;
    const data: Record<string, string> = {
        [KAFKA_FILES.template]: serverProperties,
        [logging.file]: logging.content,
        [SCRIPT.kafkaNode]: readScript(SCRIPT.kafkaNode),
        ...(pool.isBroker ? { [SCRIPT.nodeZone]: readScript(SCRIPT.nodeZone), [SCRIPT.brokerReady]: readScript(SCRIPT.brokerReady) } : {}),
        ...metrics?.configData,
    };
    const templates: ClaimTemplate[] = [{ ...DATA_TEMPLATE, sizeGiB: pool.storageGiB }];
    const scramInZooKeeper = kafka.mode === "zookeeper" && security.authentication !== "none";
    const initContainers = [
        ...(pool.isBroker ? [zoneInit()] : []),
        ...(kafka.mode === "kraft" ? [formatInit(image, pool, n.clusterIdSecret, security)] : []),
        ...(scramInZooKeeper ? [scramUsersInit(image, pool, security)] : []),
        ...(metrics ? [metrics.initContainer] : []),
    ];

    const withoutMetrics = quorumStatefulSet({
        name: pool.statefulSet,
        namespace,
        labels,
        selector,
        serviceName: pool.headless,
        replicas: pool.replicas,
        placement: kafka.placement,
        priorityClassName: input.priorityClassName,
        uid: KAFKA_UID,
        configChecksum: checksum(...Object.keys(data).sort().map((k) => `${k}\n${data[k]}`)),
        pod: {
            serviceAccountName: n.kafkaServiceAccount,
            terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
            initContainers,
            containers: [withMetrics(kafkaContainer(image, pool, security, logging), metrics)],
            volumes: [...podVolumes(pool, kafka.name, security), ...(metrics ? [metrics.volume] : [])],
        },
        claimTemplates: templates,
        // The roller Job restarts the pods, checking min ISR and the quorum before each one
        // (components/kafka/roller/); readiness alone (no follower lag) only guards drains.
        updateStrategy: "OnDelete",
    });
    const statefulSet = withPodAnnotations(withoutMetrics, metrics?.annotations ?? {});

    return {
        pool,
        serverProperties,
        configMap: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: pool.configMap, namespace, labels }, data },
        headlessService: headlessService(pool.headless, namespace, labels, selector, listenersFor(pool.role).map((l) => ({ name: l.name.toLowerCase(), port: l.port, targetPort: l.port }))),
        statefulSet,
        disruptionBudget: disruptionBudget(pool.statefulSet, namespace, labels, selector),
        claims: explicitClaims(templates, pool.statefulSet, pool.replicas, namespace, labels),
    };
}

/** The Kafka container with the metrics agent's variables, jar mount and port (components/observability). */
function withMetrics(c: Container, m: KafkaPodMetrics | undefined): Container {
    if (!m) return c;
    return { ...c, env: [...(c.env as EnvVar[]), ...m.env], volumeMounts: [...(c.volumeMounts as VolumeMount[]), m.mount], ports: [...(c.ports as ContainerPort[]), m.port] };
}

export function kafkaSpecs(input: KafkaSpecInput): KafkaSpecs {
    const { kafka } = input;
    if (kafka.mode === "zookeeper" && !input.zookeeper) throw new Error("zookeeper is required when kafka.mode is zookeeper");
    const namespace = kafka.namespace;
    const n = clusterNames(kafka.name);
    const nodeReader = clusterScopedName(namespace, kafka.name, "node-reader");
    const pools = nodePools(kafka).map((p) => poolSpecs(input, p));
    const brokers = pools.find((p) => p.pool.isBroker)!.pool;
    // Cluster-wide objects carry the broker pool's labels (the labels contract wants a component on every object).
    const { labels, selector } = poolLabels(kafka, brokers);

    return {
        pools,
        bootstrapService: {
            apiVersion: "v1",
            kind: "Service",
            metadata: { name: n.bootstrap, namespace, labels },
            spec: {
                type: "ClusterIP",
                selector,
                // Readiness means "caught up as a follower" (broker-ready.sh) so that PDBs hold a drain
                // back; it must not route clients. Under heavy load every broker can lag at once, and a
                // bootstrap Service of Ready pods only would then have no endpoints: new clients could not
                // start. A client that reaches a broker still starting retries (reconnect.backoff.ms).
                publishNotReadyAddresses: true,
                ports: [{ name: "client", port: KAFKA_PORTS.client, targetPort: KAFKA_PORTS.client }],
            },
        },
        serviceAccount: {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: { name: n.kafkaServiceAccount, namespace, labels },
            automountServiceAccountToken: false,
        },
        nodeReaderRole: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRole",
            metadata: { name: nodeReader, labels },
            rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get"] }],
        },
        nodeReaderBinding: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "ClusterRoleBinding",
            metadata: { name: nodeReader, labels },
            subjects: [{ kind: "ServiceAccount", name: n.kafkaServiceAccount, namespace }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: nodeReader },
        },
        ...(kafka.mode === "kraft" ? { clusterIdSecret: { metadata: { name: n.clusterIdSecret, namespace, labels } } } : {}),
        bootstrapServers: `${serviceDnsName(n.bootstrap, namespace)}:${KAFKA_PORTS.client}`,
        certificateDnsNames: brokerCertificateDnsNames(kafka.name, namespace, pools.map((p) => p.pool.headless)),
    };
}
