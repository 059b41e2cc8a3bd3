/**
 * KafkaConsumerScaler: a KEDA ScaledObject that scales a consumer Deployment on consumer-group lag,
 * plus a TriggerAuthentication when the cluster uses SASL or a private CA. The manifests come from
 * the pure builders in scaled-object-spec.ts; this class only wires them to resources.
 *
 * The target Deployment's spec.replicas belongs to the HPA KEDA creates: a Deployment this program
 * manages must omit spec.replicas (ExampleConsumer does) or ignore changes to it.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaClientSettings } from "../common/client";
import { requireKubernetesProvider } from "../common/provider";
import { buildScaledObject, buildTriggerAuthentication, ScaledObjectInput } from "./scaled-object-spec";
import { SCALER_DEFAULTS, ScalerFallback, ScalerTuning, scalerViolations } from "./scaler-settings";

export interface KafkaConsumerScalerArgs extends Partial<ScalerTuning> {
    /** Kafka cluster name (labels). Required. */
    clusterName: string;
    /** How to reach Kafka; the ScaledObject lives in `client.namespace`, beside the credential Secrets. Required. */
    client: KafkaClientSettings;
    /** Name of the Deployment to scale, in `client.namespace`. Required. */
    deployment: string;
    /** Topic whose lag drives scaling. Required (without it a new group never scales up from zero). */
    topic: string;
    /** Consumer group whose lag is measured. Required. */
    consumerGroup: string;
    /** Most replicas. Required; at most `topicPartitions` unless allowIdleConsumers. */
    maxReplicaCount: number;
    /** Partition count of `topic`, to check maxReplicaCount against. Default: not checked. */
    topicPartitions?: number;
    /** Replicas held while the scaler fails. Default none. */
    fallback?: ScalerFallback;
    /** Name of the HPA. Default keda-hpa-<scaledObjectName>. */
    hpaName?: string;
    /** ScaledObject name; at most 54 characters unless hpaName is set. Default: the component name. */
    scaledObjectName?: string;
    /**
     * The KEDA chart (KedaOperator.chart): the ScaledObject and TriggerAuthentication depend on it,
     * so the CRDs and the admission webhook exist first. Default none (KEDA installed elsewhere).
     */
    keda?: pulumi.Resource;
}

export class KafkaConsumerScaler extends pulumi.ComponentResource {
    readonly scaledObject: k8s.apiextensions.CustomResource;
    /** Present when the cluster uses SASL or a private CA. */
    readonly triggerAuthentication?: k8s.apiextensions.CustomResource;
    /** ScaledObject name. */
    readonly scaledObjectName: string;
    /** Name of the HPA KEDA creates. */
    readonly hpaName: string;

    constructor(name: string, args: KafkaConsumerScalerArgs, opts?: pulumi.ComponentResourceOptions) {
        // Checked before anything is registered: the same rules the config schema applies.
        const input = scaledObjectInput(name, args);
        const problems = scalerViolations({ ...input, topicPartitions: args.topicPartitions });
        if (problems.length > 0) {
            throw new Error(`KafkaConsumerScaler ${name}: ${problems.map((p) => `${p.field} ${p.message}`).join("; ")}`);
        }
        super("kafka-eks:autoscaling:KafkaConsumerScaler", name, args, opts);
        const provider = requireKubernetesProvider(this, "KafkaConsumerScaler");
        this.scaledObjectName = input.name;
        this.hpaName = args.hpaName ?? `keda-hpa-${input.name}`;
        const dependsOn = args.keda ? [args.keda] : [];

        const auth = buildTriggerAuthentication(input);
        if (auth !== undefined) {
            this.triggerAuthentication = new k8s.apiextensions.CustomResource(`${name}-auth`, auth, { parent: this, provider, dependsOn });
        }

        const manifest = pulumi.output(args.client.bootstrapServers).apply((bootstrapServers) => buildScaledObject({ ...input, bootstrapServers }));
        const base = buildScaledObject({ ...input, bootstrapServers: "" });
        this.scaledObject = new k8s.apiextensions.CustomResource(
            name,
            { apiVersion: base.apiVersion, kind: base.kind, metadata: base.metadata, spec: manifest.spec },
            { parent: this, provider, dependsOn: this.triggerAuthentication ? [...dependsOn, this.triggerAuthentication] : dependsOn },
        );

        this.registerOutputs({ scaledObjectName: this.scaledObjectName, hpaName: this.hpaName });
    }
}

/** Args with defaults applied, as the pure builder takes them (bootstrapServers filled in later). */
export function scaledObjectInput(name: string, args: KafkaConsumerScalerArgs): Omit<ScaledObjectInput, "bootstrapServers"> {
    const d = SCALER_DEFAULTS;
    return {
        name: args.scaledObjectName ?? name,
        cluster: args.clusterName,
        namespace: args.client.namespace,
        deployment: args.deployment,
        topic: args.topic,
        consumerGroup: args.consumerGroup,
        maxReplicaCount: args.maxReplicaCount,
        fallback: args.fallback,
        hpaName: args.hpaName,
        client: args.client,
        lagThreshold: args.lagThreshold ?? d.lagThreshold,
        activationLagThreshold: args.activationLagThreshold ?? d.activationLagThreshold,
        minReplicaCount: args.minReplicaCount ?? d.minReplicaCount,
        pollingInterval: args.pollingInterval ?? d.pollingInterval,
        cooldownPeriod: args.cooldownPeriod ?? d.cooldownPeriod,
        offsetResetPolicy: args.offsetResetPolicy ?? d.offsetResetPolicy,
        allowIdleConsumers: args.allowIdleConsumers ?? d.allowIdleConsumers,
        limitToPartitionsWithLag: args.limitToPartitionsWithLag ?? d.limitToPartitionsWithLag,
        scaleToZeroOnInvalidOffset: args.scaleToZeroOnInvalidOffset ?? d.scaleToZeroOnInvalidOffset,
        excludePersistentLag: args.excludePersistentLag ?? d.excludePersistentLag,
        behavior: args.behavior ?? d.behavior,
    };
}
