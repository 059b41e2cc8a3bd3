/** KafkaNetworkPolicies: wires networkPolicySpecs (ingress) and egressPolicySpecs to resources. */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { componentDependencies } from "../common/provider";
import { EgressPolicyArgs, egressPolicySpecs } from "./egress-policy-spec";
import { NetworkPolicyArgs, networkPolicySpecs } from "./network-policy-spec";

/** Arguments: see NetworkPolicyArgs (cluster, namespace, zookeeper, clientNamespaces, zookeeperClients) and EgressPolicyArgs. */
export type KafkaNetworkPoliciesArgs = NetworkPolicyArgs & Pick<EgressPolicyArgs, "apiServerCidr" | "metricsAgentUrl">;

export class KafkaNetworkPolicies extends pulumi.ComponentResource {
    readonly policies: k8s.networking.v1.NetworkPolicy[];

    constructor(name: string, args: KafkaNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:security:KafkaNetworkPolicies", name, {}, opts);
        const dependsOn = componentDependencies(opts);
        this.policies = [...networkPolicySpecs(args), ...egressPolicySpecs(args)].map(
            (spec) => new k8s.networking.v1.NetworkPolicy(spec.metadata.name, spec, { parent: this, dependsOn }),
        );
        this.registerOutputs({ names: this.policies.map((p) => p.metadata.name) });
    }
}
