/**
 * Every container image the project runs, pinned. Never `latest` (design §4): ZooKeeper mode
 * must stay on Kafka 3.9.x, the last line with ZooKeeper; KRaft mode runs Kafka 4.x.
 */
export const KAFKA_ZOOKEEPER_MODE_VERSION = "3.9.2";
export const KAFKA_KRAFT_MODE_VERSION = "4.3.1";
export const ZOOKEEPER_VERSION = "3.8.6";

export function kafkaImage(version: string): string {
    return `apache/kafka:${version}`;
}

export function zookeeperImage(version: string): string {
    return `zookeeper:${version}`;
}
