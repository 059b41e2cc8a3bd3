/**
 * KedaOperator: the KEDA operator (CRDs, operator, metrics API server, admission webhooks) from the
 * pinned kedacore/keda chart via helm.v4.Chart, whose objects are real Pulumi resources the policy
 * pack sees (helm.v3.Release would hide them). ScaledObjects depend on `chart`.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { namespaceSpec } from "../common/namespace";
import { KEDA_CHART, kedaChartValues, KedaMetrics } from "./keda-chart-spec";
import { requireKubernetesProvider } from "../common/provider";
import { KedaNetworkPolicyArgs, kedaNetworkPolicySpecs } from "../security/keda-network-policy-spec";
import type { ImageDigests } from "../common/images";

export interface KedaOperatorArgs {
    /** Kafka cluster name, for the namespace's labels. Required. */
    clusterName: string;
    /** Namespace of the operator. Default "keda". */
    namespace?: string;
    /** Create the namespace (restricted Pod Security). Default true; false when it already exists. */
    createNamespace?: boolean;
    /** Expose the operator's Prometheus metrics (scaler errors). Default: off. */
    metrics?: KedaMetrics;
    /** Deny-all NetworkPolicies in the namespace plus KEDA's own flows (keda-network-policy-spec.ts). Default: none. */
    networkPolicies?: Omit<KedaNetworkPolicyArgs, "namespace">;
    /** Digests of the chart's images (`repository:tag` → `sha256:…`, images.digests). Default none: tags only. */
    imageDigests?: ImageDigests;
    /** Host of the ECR pull-through cache the images come through (platform.imageCache). Default: the upstream registry. */
    imageRegistry?: pulumi.Input<string>;
}

export class KedaOperator extends pulumi.ComponentResource {
    /** The chart: depend on it so the keda.sh CRDs and the webhook exist before any ScaledObject. */
    readonly chart: k8s.helm.v4.Chart;
    /** Namespace the operator runs in. */
    readonly namespace: string;
    /** Chart version installed. */
    readonly version: string = KEDA_CHART.version;

    constructor(name: string, args: KedaOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:autoscaling:KedaOperator", name, args, opts);
        const provider = requireKubernetesProvider(this, "KedaOperator");
        this.namespace = args.namespace ?? "keda";

        const dependsOn: pulumi.Resource[] = [];
        if (args.createNamespace ?? true) {
            const spec = namespaceSpec(this.namespace, args.clusterName);
            dependsOn.push(new k8s.core.v1.Namespace(`${name}-namespace`, spec, { parent: this, provider }));
        }
        if (args.networkPolicies) {
            // Before the chart: its pods start under their policies (VPC CNI strict mode denies a pod no policy selects).
            const policies = kedaNetworkPolicySpecs({ ...args.networkPolicies, namespace: this.namespace });
            dependsOn.push(...policies.map((p) => new k8s.networking.v1.NetworkPolicy(p.metadata.name, p, { parent: this, provider, dependsOn: [...dependsOn] })));
        }

        this.chart = new k8s.helm.v4.Chart(
            name,
            {
                chart: KEDA_CHART.chart,
                version: KEDA_CHART.version,
                repositoryOpts: { repo: KEDA_CHART.repo },
                namespace: this.namespace,
                values: kedaChartValues(args.metrics, args.imageDigests, args.imageRegistry),
            },
            { parent: this, provider, dependsOn },
        );

        this.registerOutputs({ namespace: this.namespace, version: this.version });
    }
}
