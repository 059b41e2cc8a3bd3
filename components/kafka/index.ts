/** Kafka data plane: the ZooKeeperEnsemble and KafkaCluster components and the pure builders beneath them. */
export { KafkaCluster } from "./kafka-cluster";
export type { KafkaClusterArgs } from "./kafka-cluster";
export { ZooKeeperEnsemble } from "./zookeeper-ensemble";
export type { ZooKeeperEnsembleArgs } from "./zookeeper-ensemble";
export { buildBrokerConfig, DEFAULT_MESSAGE_MAX_BYTES, parseProperties, renderProperties } from "./broker-config";
export type { BrokerConfigInput, BrokerProperties } from "./broker-config";
export { kafkaSpecs } from "./kafka-spec";
export type { KafkaSpecInput, KafkaSpecs, NodePoolSpecs } from "./kafka-spec";
export { zookeeperSpecs } from "./zookeeper-spec";
export type { ZooKeeperSpecInput, ZooKeeperSpecs } from "./zookeeper-spec";
export { listenersFor, PLAINTEXT_LISTENERS } from "./listeners";
export type { Listener, ListenerName, ListenerProtocols } from "./listeners";
export { NODE_ID_BASE, nodePools, quorumVoters } from "./topology";
export type { NodePool, NodeRole } from "./topology";
export {
    brokerCertificateDnsNames,
    clientSecurity,
    CREDENTIAL_KEYS,
    credentialsSecretName,
    interBrokerUser,
    listenerProtocols,
    NO_SECURITY,
    passwordGeneration,
    SCRAM_MECHANISM,
    SCRAM_USERS,
    securityProperties,
    TLS_KEYS,
} from "./security";
export type { InterBrokerUser, KafkaSecurity, ScramUser } from "./security";
export { ZOOKEEPER_JAAS_KEYS, ZOOKEEPER_SASL_USER, zookeeperClientJaas, zookeeperServerJaas } from "./zookeeper-auth";
export { credentialsConfigMap, credentialsJob } from "./credential-rotation/spec";
export type { CredentialsJobArgs, CredentialsPhase } from "./credential-rotation/spec";
export { TLS_CHECKSUM_ANNOTATION } from "./certificates";
export { DATA_PLANE_PRIORITY, dataPlanePriorityClass, dataPlanePriorityClassName } from "./priority-class";
