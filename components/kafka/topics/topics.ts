/**
 * KafkaTopics: the declared topics of a cluster, one child Job per topic, so `pulumi preview`
 * names exactly the topic that changes and a topic costs one resource. Children:
 *   - ConfigMap `<cluster>-topics-scripts`: apply-topic.sh and client-properties.sh, mounted by every topic Job;
 *   - per topic, Job `<cluster>-topic-<slug>-<fingerprint>`: applies the spec in the cluster,
 *     idempotently, and carries the normalised spec in its `kafka-eks/topic-spec` annotation (what
 *     the policy pack checks);
 *   - TopicPartitionGuard: remembers each topic's applied partition count and fails the preview on a shrink.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../../common/client";
import { clientPropertiesScript } from "../../common/client-config";
import { componentDependencies, requireKubernetesProvider } from "../../common/provider";
import { topicSchema } from "../../config/kafka";
import { TopicPartitionGuard } from "./guard";
import { DEFAULT_TOPIC_JOB_RESOURCES, ResourceRequirements, topicJob } from "./job";
import { topicObjectName, topicScriptsName } from "./names";
import { applyTopicScript, topicScriptsConfigMap } from "./script";
import { TopicDeclaration, TopicSpec, topicSpec } from "./spec";

export const KAFKA_TOPICS_TYPE = "kafka-eks:kafka:KafkaTopics";

export interface KafkaTopicsArgs {
    /** Kafka cluster name (`kafka.name`): prefix of the object names and the `app.kubernetes.io/part-of` label. Required. */
    clusterName: string;
    /** Namespace of the Kafka cluster; the ConfigMap and the Jobs are created there. Required. */
    namespace: string;
    /** The topics as declared in stack config, replication factors resolved (`StackConfig["topics"]`). Required. */
    topics: readonly TopicDeclaration[];
    /** Image holding the Kafka CLI tools: the brokers' own, `kafkaImage(version)`, so tools and brokers match. Required. */
    image: pulumi.Input<string>;
    /** How to reach the cluster (KafkaCluster's client settings: protocol, SASL user Secret, CA Secret). Required. */
    clientSettings: KafkaClientSettings;
    /** Stack-config path of the topic list; topic i is named `<configKey>[i]` in error messages. @default "topics" */
    configKey?: string;
    /** Name of the scripts ConfigMap; a second KafkaTopics in the namespace (the smoke test's) needs its own. @default `<cluster>-topics-scripts` */
    scriptsConfigMap?: string;
    /** Seconds each Job waits for the cluster to answer before failing. @default 300 */
    waitSeconds?: number;
    /** Job container resources. @default requests cpu 100m / memory 512Mi, limits cpu 500m / memory 512Mi */
    resources?: ResourceRequirements;
}

export class KafkaTopics extends pulumi.ComponentResource {
    /** Per topic name, the normalised spec (as in the Job's `kafka-eks/topic-spec` annotation). */
    readonly specs = new Map<string, TopicSpec>();
    /** Per topic name, its apply Job. */
    readonly jobs = new Map<string, k8s.batch.v1.Job>();
    /** Per topic name, the name of the Job of the current spec. */
    readonly jobNames = new Map<string, pulumi.Output<string>>();
    /** The scripts ConfigMap and the partition guard; absent when no topic is declared. */
    readonly scripts?: k8s.core.v1.ConfigMap;
    readonly guard?: TopicPartitionGuard;

    constructor(name: string, args: KafkaTopicsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(KAFKA_TOPICS_TYPE, name, {}, opts);
        const provider = requireKubernetesProvider(this, "KafkaTopics");
        const listKey = args.configKey ?? "topics";
        const configKey = (i: number) => `${listKey}[${i}]`;
        const problems = args.topics.flatMap((topic, i) => {
            const parsed = topicSchema.safeParse(topic);
            return parsed.success ? [] : parsed.error.issues.map((issue) => `${configKey(i)}.${issue.path.join(".")}: ${issue.message}`);
        });
        args.topics.forEach((topic, i) => {
            const first = args.topics.findIndex((t) => t.name === topic.name);
            if (first !== i) problems.push(`${configKey(i)}.name: topic ${topic.name} is declared twice (also ${configKey(first)})`);
        });
        if (problems.length > 0) throw new Error(`KafkaTopics ${name}: invalid topics:\n  ${problems.join("\n  ")}`);
        if (args.topics.length === 0) {
            this.registerOutputs({});
            return;
        }

        const script = applyTopicScript();
        const clientScript = clientPropertiesScript();
        const scriptsName = args.scriptsConfigMap ?? topicScriptsName(args.clusterName);
        this.scripts = new k8s.core.v1.ConfigMap(
            `${name}-scripts`,
            topicScriptsConfigMap({ cluster: args.clusterName, namespace: args.namespace, name: scriptsName, script, clientScript }),
            { parent: this, provider },
        );
        const client = { securityProtocol: args.clientSettings.securityProtocol, sasl: args.clientSettings.sasl, tls: args.clientSettings.tls };
        const running = pulumi.all([pulumi.output(args.image), pulumi.output(args.clientSettings.bootstrapServers)]);

        for (const topic of args.topics) {
            const spec = topicSpec(topic);
            const manifest = running.apply(([image, bootstrapServers]) =>
                topicJob({
                    cluster: args.clusterName,
                    namespace: args.namespace,
                    objectName: topicObjectName(args.clusterName, spec.name),
                    configMap: scriptsName,
                    spec,
                    script,
                    clientScript,
                    image,
                    bootstrapServers,
                    client,
                    waitSeconds: args.waitSeconds ?? 300,
                    resources: args.resources ?? DEFAULT_TOPIC_JOB_RESOURCES,
                }),
            );
            const job = new k8s.batch.v1.Job(
                `${name}-${spec.name}`,
                { apiVersion: "batch/v1", kind: "Job", metadata: manifest.metadata, spec: manifest.spec },
                {
                    parent: this,
                    provider,
                    // The Job talks to the brokers: wait for whatever the caller said the topics depend on (the cluster).
                    dependsOn: [this.scripts, ...componentDependencies(opts)],
                    // A same-named replacement (replaceUnready after a failed run) must delete the old Job first.
                    deleteBeforeReplace: true,
                    customTimeouts: { create: "20m", update: "20m" },
                },
            );
            this.specs.set(spec.name, spec);
            this.jobs.set(spec.name, job);
            this.jobNames.set(spec.name, manifest.metadata.name);
        }

        // After every Job: the guard records partition counts only once they have really been applied.
        // A stack upgraded from one guard per topic starts this guard empty, so its first run compares
        // nothing; apply-topic.sh still refuses a shrink against the live topic then (exit 3, before any change).
        this.guard = new TopicPartitionGuard(
            `${name}-partitions`,
            { topics: Object.fromEntries(args.topics.map((t, i) => [t.name, { partitions: t.partitions, configKey: configKey(i) }])) },
            { parent: this, dependsOn: [...this.jobs.values()] },
        );

        this.registerOutputs({});
    }
}
