/**
 * A minimal Pulumi program around the two components, run under the mock harness by
 * components.test.ts: config sections from the stack config, `test:protect` for data protection.
 */
import * as k8s from "../../components/common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "../../components/config";
import { KafkaCluster, ZooKeeperEnsemble } from "../../components/kafka";

const cfg = loadStackConfig({ alsoReads: ["test"] });
const protect = new pulumi.Config("test").getBoolean("protect") ?? false;
const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: cfg.kafka.namespace } }, { provider });
const namespace = ns.metadata.name;
const storageClass = new k8s.storage.v1.StorageClass("sc", { metadata: { name: "ebs-default" }, provisioner: "ebs.csi.aws.com" }, { provider });

const zk =
    cfg.kafka.mode === "zookeeper"
        ? new ZooKeeperEnsemble("zookeeper", { kafka: cfg.kafka, zookeeper: cfg.zookeeper, namespace, protect }, { providers: [provider], dependsOn: [storageClass] })
        : undefined;
const kafka = new KafkaCluster(
    "kafka",
    { kafka: cfg.kafka, zookeeper: cfg.zookeeper, namespace, protect },
    { provider, dependsOn: zk ? [storageClass, zk] : storageClass },
);

export const bootstrapServers = kafka.bootstrapServers;
export const mode = kafka.mode;
export const brokerCount = kafka.brokerCount;
export const zookeeperConnect = kafka.zookeeperConnect;
export const clusterId = kafka.clusterId;
export const clientListener = pulumi.output(kafka.clientListener);
export const zookeeperConnectString = zk?.connectString;
