/**
 * KafkaTopic: one declared topic as its own Pulumi component, so `pulumi preview` names exactly
 * the topic that changes. Children:
 *   - ConfigMap `<cluster>-topic-<slug>`: `topic.json` (what the policy pack checks) + apply script;
 *   - Job `<cluster>-topic-<slug>-<fingerprint>`: applies the spec in the cluster, idempotently;
 *   - TopicPartitionGuard: remembers the applied partition count and fails the preview on a shrink.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../../common/client";
import { componentDependencies, requireKubernetesProvider } from "../../common/provider";
import { topicSchema } from "../../config/kafka";
import { topicConfigMap } from "./configmap";
import { TopicPartitionGuard } from "./guard";
import { clientPropertiesScript } from "../../common/client-config";
import { DEFAULT_TOPIC_JOB_RESOURCES, ResourceRequirements, topicJob } from "./job";
import { topicObjectName } from "./names";
import { applyTopicScript } from "./script";
import { TopicDeclaration, TopicSpec, topicSpec } from "./spec";

export const KAFKA_TOPIC_TYPE = "kafka-eks:kafka:KafkaTopic";

export interface KafkaTopicArgs {
    /** Kafka cluster name (`kafka.name`): prefix of the object names and the `app.kubernetes.io/part-of` label. Required. */
    clusterName: string;
    /** Namespace of the Kafka cluster; the ConfigMap and the Job are created there. Required. */
    namespace: string;
    /** The topic as declared in stack config, replication factor resolved (`StackConfig["topics"][i]`). Required. */
    topic: TopicDeclaration;
    /** Image holding the Kafka CLI tools: the brokers' own, `kafkaImage(version)`, so tools and brokers match. Required. */
    image: pulumi.Input<string>;
    /** How to reach the cluster (KafkaCluster's client settings: protocol, SASL user Secret, CA Secret). Required. */
    clientSettings: KafkaClientSettings;
    /** Stack-config path of the topic, named in error messages, e.g. `kafka-eks:topics[0]`. Default `topic <name>`. */
    configKey?: string;
    /** Seconds the Job waits for the cluster to answer before failing. Default 300. */
    waitSeconds?: number;
    /** Job container resources. Default requests cpu 100m / memory 512Mi, limits cpu 500m / memory 512Mi. */
    resources?: ResourceRequirements;
}

export class KafkaTopic extends pulumi.ComponentResource {
    /** The normalised spec, as written to `topic.json`. */
    readonly spec: TopicSpec;
    readonly configMap: k8s.core.v1.ConfigMap;
    readonly job: k8s.batch.v1.Job;
    readonly guard: TopicPartitionGuard;
    /** Name of the Job of the current spec. */
    readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: KafkaTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super(KAFKA_TOPIC_TYPE, name, args, opts);

        const provider = requireKubernetesProvider(this, "KafkaTopic");
        const configKey = args.configKey ?? `topic ${args.topic.name}`;
        const parsed = topicSchema.safeParse(args.topic);
        if (!parsed.success) {
            const problems = parsed.error.issues.map((i) => `${configKey}.${i.path.join(".")}: ${i.message}`);
            throw new Error(`KafkaTopic ${name}: invalid topic:\n  ${problems.join("\n  ")}`);
        }

        this.spec = topicSpec(args.topic);
        const objectName = topicObjectName(args.clusterName, this.spec.name);
        const script = applyTopicScript();
        const clientScript = clientPropertiesScript();
        const client = { securityProtocol: args.clientSettings.securityProtocol, sasl: args.clientSettings.sasl, tls: args.clientSettings.tls };

        const cm = topicConfigMap({ cluster: args.clusterName, namespace: args.namespace, name: objectName, spec: this.spec, script, clientScript });
        this.configMap = new k8s.core.v1.ConfigMap(`${name}-spec`, cm, { parent: this, provider });

        const manifest = pulumi
            .all([pulumi.output(args.image), pulumi.output(args.clientSettings.bootstrapServers)])
            .apply(([image, bootstrapServers]) =>
                topicJob({
                    cluster: args.clusterName,
                    namespace: args.namespace,
                    objectName,
                    spec: this.spec,
                    script,
                    clientScript,
                    image,
                    bootstrapServers,
                    client,
                    waitSeconds: args.waitSeconds ?? 300,
                    resources: args.resources ?? DEFAULT_TOPIC_JOB_RESOURCES,
                }),
            );
        this.job = new k8s.batch.v1.Job(
            `${name}-apply`,
            { apiVersion: "batch/v1", kind: "Job", metadata: manifest.metadata, spec: manifest.spec },
            {
                parent: this,
                provider,
                // The Job talks to the brokers: wait for whatever the caller said the topic depends on (the cluster).
                dependsOn: [this.configMap, ...componentDependencies(opts)],
                // A same-named replacement (replaceUnready after a failed run) must delete the old Job first.
                deleteBeforeReplace: true,
                customTimeouts: { create: "20m", update: "20m" },
            },
        );
        this.jobName = manifest.metadata.name;

        // After the Job: the guard records a partition count only once it has really been applied.
        this.guard = new TopicPartitionGuard(
            `${name}-partitions`,
            { topic: this.spec.name, partitions: this.spec.partitions, configKey },
            { parent: this, dependsOn: [this.job] },
        );

        this.registerOutputs({ spec: this.spec, configMapName: objectName, jobName: this.jobName });
    }
}
