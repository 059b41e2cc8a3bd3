/**
 * KafkaBootstrapMarker: creates the bootstrap marker ConfigMap (spec.ts) after everything it is
 * given in `dependsOn` (the KafkaCluster, whose StatefulSets Pulumi waits to roll out, and the
 * smoke test), so it exists only once the cluster has really bootstrapped. Later `pulumi up`s only
 * update its reformat list, which the voters' format step reads at their next start. Without it
 * a KafkaCluster still works, but never leaves its bootstrap behaviour (voters format freely, the
 * credential Jobs change nothing, ZooKeeper mode writes users at every broker start).
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { KafkaConfig } from "../../config/kafka";
import { componentDependencies, requireKubernetesProvider } from "../../common/provider";
import { nodePools } from "../topology";
import { bootstrapMarkerSpec } from "./spec";

export interface KafkaBootstrapMarkerArgs {
    /** The validated `kafka` config section. Required. */
    kafka: KafkaConfig;
    /** Stack-config namespace named in the voters' refusal, e.g. `kafka-eks`. Default: none. */
    configPrefix?: string;
}

export class KafkaBootstrapMarker extends pulumi.ComponentResource {
    readonly configMap: k8s.core.v1.ConfigMap;

    constructor(name: string, args: KafkaBootstrapMarkerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:kafka:KafkaBootstrapMarker", name, args, opts);
        const provider = requireKubernetesProvider(this, "KafkaBootstrapMarker");
        // Labelled like the pods that read it: the quorum voters (KRaft), else the brokers.
        const pools = nodePools(args.kafka);
        const readers = pools.find((p) => p.isController) ?? pools.find((p) => p.isBroker)!;
        const spec = bootstrapMarkerSpec({
            cluster: args.kafka.name,
            namespace: args.kafka.namespace,
            component: readers.component,
            reformatNodes: args.kafka.kraft.reformatNodes,
            reformatKey: `${args.configPrefix ? `${args.configPrefix}:` : ""}kafka.kraft.reformatNodes`,
        });
        this.configMap = new k8s.core.v1.ConfigMap(`${name}-marker`, spec, { parent: this, provider, dependsOn: componentDependencies(opts) });
        this.registerOutputs({});
    }
}
