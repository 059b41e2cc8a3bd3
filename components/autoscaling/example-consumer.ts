/**
 * ExampleConsumer: a small kafka-console-consumer Deployment in a consumer group, slow on purpose,
 * so a dev stack shows lag-driven scaling end to end. Pair it with a KafkaConsumerScaler.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { requireKubernetesProvider } from "../common/provider";
import { consumerDeployment } from "./consumer-workload-spec";

export interface ExampleConsumerArgs {
    /** Kafka cluster name (labels). Required. */
    clusterName: string;
    /** How to reach Kafka; the Deployment runs in `client.namespace`. Required. */
    client: KafkaClientSettings;
    /** Topic to consume. Required. */
    topic: string;
    /** Consumer group id. Required. */
    group: string;
    /** The brokers' Kafka version (`kafka.version`): the pod runs its apache/kafka image and that version's consumer flags. Required. */
    kafkaVersion: string;
    /** Deployment name. Default: the component name. */
    deploymentName?: string;
    /** Simulated processing time per record, ms. Default 100. */
    processingDelayMs?: number;
    /** Pod resources. Default 100m CPU, 512 MiB, heap 256 MiB. */
    resources?: { cpu: string; memoryMiB: number; heapMiB: number };
}

export class ExampleConsumer extends pulumi.ComponentResource {
    readonly deployment: k8s.apps.v1.Deployment;
    /** Deployment name, for KafkaConsumerScaler.deployment. */
    readonly deploymentName: string;

    constructor(name: string, args: ExampleConsumerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:autoscaling:ExampleConsumer", name, args, opts);
        const provider = requireKubernetesProvider(this, "ExampleConsumer");
        this.deploymentName = args.deploymentName ?? name;
        const spec = consumerDeployment({
            name: this.deploymentName,
            cluster: args.clusterName,
            client: args.client,
            topic: args.topic,
            group: args.group,
            kafkaVersion: args.kafkaVersion,
            processingDelayMs: args.processingDelayMs ?? 100,
            resources: args.resources ?? { cpu: "100m", memoryMiB: 512, heapMiB: 256 },
        });
        // spec.replicas is absent (the HPA owns it); ignoreChanges also covers a replicas field
        // someone adds by hand later.
        this.deployment = new k8s.apps.v1.Deployment(name, spec, { parent: this, provider, ignoreChanges: ["spec.replicas"] });
        this.registerOutputs({ deploymentName: this.deploymentName });
    }
}
