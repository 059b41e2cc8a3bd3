/** KafkaNetworkPolicies: wires networkPolicySpecs to resources. */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentDependencies } from "../common/provider";
import { NetworkPolicyArgs, networkPolicySpecs } from "./network-policy-spec";

/** Arguments: see NetworkPolicyArgs (cluster, namespace, zookeeper, clientNamespaces, zookeeperClients). */
export type KafkaNetworkPoliciesArgs = NetworkPolicyArgs;

export class KafkaNetworkPolicies extends pulumi.ComponentResource {
    readonly policies: k8s.networking.v1.NetworkPolicy[];

    constructor(name: string, args: KafkaNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:security:KafkaNetworkPolicies", name, {}, opts);
        const dependsOn = componentDependencies(opts);
        this.policies = networkPolicySpecs(args).map((spec) => new k8s.networking.v1.NetworkPolicy(spec.metadata.name, spec, { parent: this, dependsOn }));
        this.registerOutputs({ names: this.policies.map((p) => p.metadata.name) });
    }
}
