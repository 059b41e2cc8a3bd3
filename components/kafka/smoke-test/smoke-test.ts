/**
 * KafkaSmokeTest: after brokers and topics are up, a Job writes records with acks=all to a
 * dedicated topic and reads them back. Pulumi waits for the Job to complete, so `pulumi up` fails
 * when the cluster cannot take and serve durable writes with the settings real clients use.
 * Children: the smoke topic (a KafkaTopics of its one topic), a ConfigMap with the scripts, the Job.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../../common/client";
import { clientPropertiesScript } from "../../common/client-config";
import { componentDependencies, requireKubernetesProvider } from "../../common/provider";
import { kafkaImage } from "../../common/images";
import { clusterNames } from "../../common/names";
import { KafkaTopics } from "../topics/topics";
import { DEFAULT_SMOKE_RESOURCES, smokeTestConfigMap, smokeTestJob, smokeTestScript, smokeTopic } from "./spec";

export interface KafkaSmokeTestArgs {
    /** Kafka cluster name (`kafka.name`): object names and labels. Required. */
    clusterName: string;
    /** How to reach the cluster (KafkaCluster.clientSettings); the objects go to `client.namespace`. Required. */
    client: KafkaClientSettings;
    /** The brokers' Kafka version (`kafka.version`): the Job runs its apache/kafka image and its tools' flags. Required. */
    kafkaVersion: string;
    /** The cluster's replication factor and min ISR: the smoke topic gets the same. Required. */
    replicationFactor: number;
    minInsyncReplicas: number;
    /** KafkaCluster.revision: the test re-runs whenever the brokers change. Required. */
    clusterRevision: string;
    /** Records per run. Default 100. */
    messages?: number;
    /** Seconds to wait for the cluster and the records. Default 300. */
    timeoutSeconds?: number;
}

export class KafkaSmokeTest extends pulumi.ComponentResource {
    readonly topic: KafkaTopics;
    readonly job: k8s.batch.v1.Job;
    /** Name of the Job of the current inputs. */
    readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: KafkaSmokeTestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:kafka:KafkaSmokeTest", name, args, opts);
        const provider = requireKubernetesProvider(this, "KafkaSmokeTest");
        const namespace = args.client.namespace;
        const timeoutSeconds = args.timeoutSeconds ?? 300;
        const upstream = componentDependencies(opts);

        const topic = smokeTopic(args.clusterName, args.replicationFactor, args.minInsyncReplicas);
        // Its own KafkaTopics: the smoke test's user may manage this topic only (builtin-users.ts).
        this.topic = new KafkaTopics(
            `${name}-topic`,
            {
                clusterName: args.clusterName,
                namespace,
                topics: [topic],
                image: kafkaImage(args.kafkaVersion),
                clientSettings: args.client,
                configKey: "smoke test topics",
                scriptsConfigMap: clusterNames(args.clusterName).smokeTestTopicScripts,
            },
            { parent: this, provider, dependsOn: upstream },
        );

        const script = smokeTestScript();
        const clientScript = clientPropertiesScript();
        const cm = smokeTestConfigMap({ cluster: args.clusterName, namespace, script, clientScript });
        const configMap = new k8s.core.v1.ConfigMap(`${name}-scripts`, cm, { parent: this, provider });

        const client = { securityProtocol: args.client.securityProtocol, sasl: args.client.sasl, tls: args.client.tls };
        const manifest = pulumi.output(args.client.bootstrapServers).apply((bootstrapServers) =>
            smokeTestJob({
                cluster: args.clusterName,
                namespace,
                topic: topic.name,
                messages: args.messages ?? 100,
                timeoutSeconds,
                kafkaVersion: args.kafkaVersion,
                bootstrapServers,
                client,
                script,
                clientScript,
                clusterRevision: args.clusterRevision,
                resources: DEFAULT_SMOKE_RESOURCES,
            }),
        );
        this.job = new k8s.batch.v1.Job(
            `${name}-run`,
            { apiVersion: "batch/v1", kind: "Job", metadata: manifest.metadata, spec: manifest.spec },
            {
                parent: this,
                provider,
                dependsOn: [configMap, this.topic, ...upstream],
                // replaceUnready re-creates a failed run under the same name: delete the old one first.
                deleteBeforeReplace: true,
                customTimeouts: { create: `${Math.ceil((timeoutSeconds + 300) / 60)}m`, update: `${Math.ceil((timeoutSeconds + 300) / 60)}m` },
            },
        );
        this.jobName = manifest.metadata.name;
        this.registerOutputs({ jobName: this.jobName, topic: topic.name });
    }
}
