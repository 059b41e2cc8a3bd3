/**
 * KafkaUsers alone under the mock harness (user-secret.test.ts): a SASL_SSL listener, one user in
 * an application namespace and one in the Kafka namespace. Exports each user's client Secret
 * (the one its clients mount) with its values, so the test can read them.
 */
import * as k8s from "../../../components/common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { KafkaUsers } from "../../../components/kafka/users";

const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
const users = new KafkaUsers(
    "users",
    {
        clusterName: "kafka",
        listener: {
            bootstrapServers: "kafka-bootstrap.kafka.svc.cluster.local:9094",
            namespace: "kafka",
            securityProtocol: "SASL_SSL",
            sasl: { mechanism: "SCRAM-SHA-512", usernameKey: "username", passwordKey: "password" },
            tls: { caSecretName: "kafka-ca", caKey: "ca.crt" },
        },
        image: "apache/kafka:4.3.1",
        users: [
            { name: "billing", secretNamespace: "billing", acls: [{ resourceType: "TOPIC", name: "orders", operations: ["READ"] }] },
            { name: "topic-manager", acls: [{ resourceType: "TOPIC", name: "orders", operations: ["CREATE"] }] },
        ],
        caCertificate: "-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----\n",
    },
    { provider },
);

const view = (s: k8s.core.v1.Secret) => pulumi.unsecret(pulumi.all([s.metadata, s.stringData]).apply(([m, d]) => ({ namespace: m.namespace, data: d })));
export const clientSecrets = pulumi.output(Object.fromEntries([...users.clientSecrets].map(([u, s]) => [u, view(s)])));
export const jobSecrets = pulumi.output(Object.fromEntries([...users.secrets].map(([u, s]) => [u, view(s)])));
