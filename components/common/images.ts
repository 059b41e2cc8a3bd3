/**
 * Every container image the project runs, pinned. Never `latest`: ZooKeeper mode
 * must stay on Kafka 3.9.x, the last line with ZooKeeper; KRaft mode runs Kafka 4.x.
 */
export const KAFKA_ZOOKEEPER_MODE_VERSION = "3.9.2";
export const KAFKA_KRAFT_MODE_VERSION = "4.3.1";
export const ZOOKEEPER_VERSION = "3.8.6";

/** kafbat/kafka-ui, the maintained fork of provectus/kafka-ui; CMAK is unmaintained since 2022 and cannot manage KRaft. */
export const KAFKA_UI_IMAGE = "ghcr.io/kafbat/kafka-ui:v1.5.0";
/** CMAK 3.0.0.6 (the last release) on Temurin 21, rebuilt and maintained by Panubo (uid 1000, bash, busybox wget). */
export const CMAK_IMAGE = "quay.io/panubo/cmak:3.0.0.6-2";

/**
 * curl for the broker init step that reads the node's zone label from the Kubernetes API
 * (broker.rack): the Downward API cannot expose node labels, and apache/kafka ships no TLS HTTP client.
 */
export const CURL_IMAGE = "curlimages/curl:8.16.0";

export function kafkaImage(version: string): string {
    return `apache/kafka:${version}`;
}

export function zookeeperImage(version: string): string {
    return `zookeeper:${version}`;
}

/**
 * The node roller's Kubernetes API access: `kubectl proxy` as a sidecar, so the ServiceAccount
 * token stays in that container and the roller (apache/kafka: bash and the Kafka tools, no HTTP
 * client that can DELETE with a CA) speaks plain HTTP to it on loopback. The official image,
 * the minor of the Kubernetes version the project targets.
 */
export const KUBECTL_IMAGE = "registry.k8s.io/kubectl:v1.33.4";
