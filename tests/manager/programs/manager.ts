/**
 * Test program: KafkaManager wired the way index.ts wires it. Config `kafka-eks:case`:
 * { "kind": "kafka-ui" | "cmak", "secure": boolean, "readOnly": boolean, "login": boolean }.
 */
import * as k8s from "../../../components/common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KafkaManager, ManagerKind } from "../../../components/manager/kafka-manager";
import { PLAINTEXT, SASL_SSL } from "../../autoscaling/fixtures";

const c = new pulumi.Config("kafka-eks").requireObject<{ kind: ManagerKind; secure: boolean; readOnly: boolean; login: boolean }>("case");
const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });

const manager = new KafkaManager(
    "manager",
    {
        clusterName: "kafka",
        client: c.secure ? SASL_SSL : PLAINTEXT,
        kafkaMode: "zookeeper",
        kind: c.kind,
        zookeeperConnect: "kafka-zookeeper-client.kafka.svc.cluster.local:2181/kafka",
        readOnly: c.readOnly,
        login: c.login,
    },
    { provider },
);

export const managerUrl = manager.url;
export const managerUsername = manager.username;
export const managerPassword = manager.password;
