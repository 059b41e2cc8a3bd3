/** Resource options every component shares: the explicit Kubernetes provider and data protection. */
import type * as k8s from "./kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The Kubernetes provider a component was given (opts.provider, opts.providers, or inherited
 * from its parent). Required: falling back to the ambient kubeconfig could deploy into the
 * wrong cluster.
 */
export function requireKubernetesProvider(component: pulumi.ComponentResource, type: string): k8s.Provider {
    const provider = component.getProvider("kubernetes:core/v1:Service");
    if (!provider) {
        throw new pulumi.ResourceError(`${type} requires a kubernetes provider: pass { provider } or { providers: [provider] } in its options`, component);
    }
    return provider as k8s.Provider;
}

/**
 * Options for a child whose loss would lose data or lock clients out (StatefulSets, the KRaft
 * cluster id, the CA): protected and kept on delete when `protect` is set (prod).
 */
export function dataOptions(base: pulumi.CustomResourceOptions, protect: boolean): pulumi.CustomResourceOptions {
    return protect ? { ...base, protect: true, retainOnDelete: true } : base;
}

/**
 * A component's own `dependsOn`, to hand to the children that must wait: Pulumi does not pass
 * a component's dependencies on to its children (brokers must start after their ensemble, a
 * topic Job after its brokers). The SDK flattens Outputs/Promises of resources itself.
 */
export function componentDependencies(opts: pulumi.ComponentResourceOptions | undefined): pulumi.Input<pulumi.Resource>[] {
    const d = opts?.dependsOn;
    if (d === undefined) return [];
    return Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}

/**
 * Options for a volume claim when `protect` is set: kept in the cluster when Pulumi deletes it,
 * but not protected, so scaling a StatefulSet down can drop the claim from the stack (the
 * claim and its volume stay, as the StatefulSet's Retain policy intends) instead of failing.
 */
export function claimOptions(base: pulumi.CustomResourceOptions, protect: boolean): pulumi.CustomResourceOptions {
    return protect ? { ...base, retainOnDelete: true } : base;
}
