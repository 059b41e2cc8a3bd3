/**
 * Names of every Kubernetes object that something else addresses by DNS or by name.
 * Fixed names, never Pulumi auto-names: per-pod DNS (`<pod>.<headless>.<ns>.svc.cluster.local`)
 * and `server.properties` are built from them, so they come from this one module.
 */
export const STORAGE_CLASS_NAME = "ebs-default";

export interface ClusterNames {
    zookeeper: string;
    zookeeperHeadless: string;
    zookeeperClient: string;
    /** ConfigMap with the ZooKeeper start wrapper. */
    zookeeperScripts: string;
    /** Secret with the JAAS files of ZooKeeper's SASL login (server side and the brokers' client side). */
    zookeeperCredentials: string;
    /** Broker StatefulSet (ZooKeeper mode, dedicated KRaft) or combined-role StatefulSet. */
    brokers: string;
    brokersHeadless: string;
    controllers: string;
    controllersHeadless: string;
    /** ClusterIP Service clients bootstrap from. */
    bootstrap: string;
    brokerConfig: string;
    controllerConfig: string;
    clusterIdSecret: string;
    /** ServiceAccount of Kafka pods (reads its node's zone label for broker.rack). */
    kafkaServiceAccount: string;
    manager: string;
    /** Secret: SCRAM user of the brokers themselves (inter-broker listener) and of administration; `admin-b` takes turns with it. */
    adminCredentials: string;
    /** Secret: the second inter-broker/administration user (security.rotation.interBroker odd). */
    adminBCredentials: string;
    /** Secret: the cluster CA certificate only; what clients mount to trust the brokers. */
    caSecret: string;
    /** Secret: the brokers' key and certificate (PEM keystore) plus the CA. Mounted by Kafka pods only. */
    brokerTls: string;
    /** Stem of the smoke-test ConfigMap and Job names. */
    smokeTest: string;
    /** ConfigMap of the topic scripts for the smoke topic's Job (its own KafkaTopics). */
    smokeTestTopicScripts: string;
    /** Stem of the credential Jobs' ConfigMap and Job names. */
    credentials: string;
    /** ConfigMap created once the cluster first deployed successfully; KRaft voters refuse to re-format an empty log while it exists. */
    bootstrapped: string;
    /** ServiceAccount, Role, ConfigMap and Job stem of the node roller. */
    roller: string;
    /** ServiceAccount, Role, ConfigMap and Job stem of the partition moves on a broker count change. */
    rebalance: string;
    /** ConfigMap and Job stem of the KRaft feature finalization after a version change. */
    features: string;
}

export function clusterNames(cluster: string): ClusterNames {
    return {
        zookeeper: `${cluster}-zookeeper`,
        zookeeperHeadless: `${cluster}-zookeeper-headless`,
        zookeeperClient: `${cluster}-zookeeper-client`,
        zookeeperScripts: `${cluster}-zookeeper-scripts`,
        zookeeperCredentials: `${cluster}-zookeeper-credentials`,
        brokers: `${cluster}-broker`,
        brokersHeadless: `${cluster}-broker-headless`,
        controllers: `${cluster}-controller`,
        controllersHeadless: `${cluster}-controller-headless`,
        bootstrap: `${cluster}-bootstrap`,
        brokerConfig: `${cluster}-broker-config`,
        controllerConfig: `${cluster}-controller-config`,
        clusterIdSecret: `${cluster}-cluster-id`,
        kafkaServiceAccount: `${cluster}-kafka`,
        manager: `${cluster}-ui`,
        adminCredentials: `${cluster}-admin-credentials`,
        adminBCredentials: `${cluster}-admin-b-credentials`,
        caSecret: `${cluster}-ca`,
        brokerTls: `${cluster}-broker-tls`,
        smokeTest: `${cluster}-smoke-test`,
        smokeTestTopicScripts: `${cluster}-smoke-test-topic-scripts`,
        credentials: `${cluster}-credentials`,
        bootstrapped: `${cluster}-bootstrapped`,
        roller: `${cluster}-roller`,
        rebalance: `${cluster}-rebalance`,
        features: `${cluster}-features`,
    };
}

/** Stable DNS name of pod `ordinal` of StatefulSet `statefulSet` behind headless Service `headless`. */
export function podDnsName(statefulSet: string, ordinal: number, headless: string, namespace: string): string {
    return podHostName(`${statefulSet}-${ordinal}`, headless, namespace);
}

/** Stable DNS name of the pod named `pod` behind headless Service `headless` (pod may be a placeholder filled in at start). */
export function podHostName(pod: string, headless: string, namespace: string): string {
    return `${pod}.${headless}.${namespace}.svc.cluster.local`;
}

/**
 * Cluster-scoped objects (ClusterRole, ClusterRoleBinding) are shared by every namespace, so
 * their names carry the namespace too: two Kafka clusters of the same name can coexist.
 */
export function clusterScopedName(namespace: string, cluster: string, purpose: string): string {
    return `${namespace}-${cluster}-${purpose}`;
}

/** In-cluster DNS name of a Service. */
export function serviceDnsName(service: string, namespace: string): string {
    return `${service}.${namespace}.svc.cluster.local`;
}

/** Container ports; listeners in server.properties and Services use these. */
export const KAFKA_PORTS = { client: 9092, internal: 9091, controller: 9093 } as const;
export const ZOOKEEPER_PORTS = { client: 2181, peer: 2888, election: 3888 } as const;
