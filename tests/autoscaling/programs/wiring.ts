/**
 * The wiring index.ts needs for the UI, KEDA and the scalers, run against a real stack file
 * (dev or prod). KafkaCluster is stood in for by its client settings: this is the snippet the
 * lead adds to index.ts, with `kafka.clientSettings` / `kafka.zookeeperConnect` from KafkaCluster.
 */
import * as k8s from "../../../components/common/kubernetes";
import { ExampleConsumer } from "../../../components/autoscaling/example-consumer";
import { KafkaConsumerScaler } from "../../../components/autoscaling/consumer-scaler";
import { KedaOperator } from "../../../components/autoscaling/keda-operator";
import type { KafkaClientSettings } from "../../../components/common/client";
import { loadStackConfig } from "../../../components/config/load";
import { KafkaManager } from "../../../components/manager/kafka-manager";

const config = loadStackConfig();
const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
const clientSettings: KafkaClientSettings = {
    bootstrapServers: `${config.kafka.name}-bootstrap.${config.kafka.namespace}.svc.cluster.local:9092`,
    namespace: config.kafka.namespace,
    securityProtocol: "PLAINTEXT",
};
const zookeeperConnect = `${config.kafka.name}-zookeeper-client.${config.kafka.namespace}.svc.cluster.local:2181/${config.kafka.name}`;

// ---- snippet for index.ts (after KafkaCluster and topics) ----
const manager = config.manager.enabled
    ? new KafkaManager(
          "manager",
          {
              clusterName: config.kafka.name,
              client: clientSettings,
              kafkaMode: config.kafka.mode,
              kind: config.manager.kind,
              zookeeperConnect, // used by cmak only
              login: config.manager.login,
              username: config.manager.username,
              readOnly: config.manager.readOnly,
              resources: config.manager.resources,
          },
          { provider },
      )
    : undefined;

const keda = config.autoscaling.keda.install
    ? new KedaOperator("keda", { clusterName: config.kafka.name, namespace: config.autoscaling.keda.namespace }, { provider })
    : undefined;

// Example consumers (dev). A ScaledObject may exist before its target: KEDA retries until it appears.
for (const c of config.consumers) {
    if (c.workload === undefined) continue;
    new ExampleConsumer(
        c.workload.name,
        {
            clusterName: config.kafka.name,
            client: clientSettings,
            topic: c.topic,
            group: c.group,
            kafkaVersion: config.kafka.version,
            processingDelayMs: c.workload.processingDelayMs,
            resources: c.workload.resources,
        },
        { provider },
    );
}

const scalers = config.autoscaling.scalers.map((s) => {
    const { name, deployment, topic, consumerGroup, maxReplicaCount, hpaName, fallback, ...tuning } = s;
    return new KafkaConsumerScaler(
        name,
        {
            ...tuning,
            clusterName: config.kafka.name,
            client: clientSettings,
            deployment,
            topic,
            consumerGroup,
            maxReplicaCount,
            hpaName,
            fallback,
            topicPartitions: config.topics.find((t) => t.name === topic)?.partitions,
            keda: keda?.chart,
        },
        { provider },
    );
});

export const managerUrl = manager?.url;
export const managerUsername = manager?.username;
export const managerPassword = manager?.password;
export const kedaVersion = keda?.version;
export const scaledObjects = scalers.map((s) => s.scaledObjectName);
// ---- end of snippet ----
