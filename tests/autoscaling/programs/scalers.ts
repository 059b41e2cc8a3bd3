/**
 * Test program: the KEDA operator, an example consumer and its scaler, wired the way index.ts
 * wires them. Config `kafka-eks:case` picks the client security ({ "secure": true } = SASL_SSL).
 */
import * as k8s from "../../../components/common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ExampleConsumer } from "../../../components/autoscaling/example-consumer";
import { KafkaConsumerScaler } from "../../../components/autoscaling/consumer-scaler";
import { KedaOperator } from "../../../components/autoscaling/keda-operator";
import { PLAINTEXT, SASL_SSL } from "../fixtures";

const testCase = new pulumi.Config("kafka-eks").requireObject<{ secure: boolean }>("case");
const client = testCase.secure ? SASL_SSL : PLAINTEXT;
const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });

const keda = new KedaOperator("keda", { clusterName: "kafka" }, { provider });
const consumer = new ExampleConsumer(
    "orders-consumer",
    { clusterName: "kafka", client, topic: "orders", group: "orders-processor", kafkaVersion: "3.9.2" },
    { provider },
);
const scaler = new KafkaConsumerScaler(
    "orders-consumer",
    {
        clusterName: "kafka",
        client,
        deployment: consumer.deploymentName,
        topic: "orders",
        consumerGroup: "orders-processor",
        maxReplicaCount: 6,
        topicPartitions: 6,
        lagThreshold: 50,
        keda: keda.chart,
    },
    { provider },
);

export const hpaName = scaler.hpaName;
