/** Resource options shared by the Kafka components: the explicit Kubernetes provider and data protection. */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The Kubernetes provider a component was given (opts.provider, opts.providers, or inherited from
 * its parent). Required: falling back to the ambient kubeconfig could deploy into the wrong cluster.
 */
export function requireKubernetesProvider(component: pulumi.ComponentResource, type: string): k8s.Provider {
    const provider = component.getProvider("kubernetes:core/v1:Service");
    if (!provider) {
        throw new pulumi.ResourceError(`${type} requires a kubernetes provider: pass { provider } or { providers: [provider] } in its options`, component);
    }
    return provider as k8s.Provider;
}

/** Options for a data-bearing child: protected and kept on delete when `protect` is set (prod). */
export function dataOptions(base: pulumi.CustomResourceOptions, protect: boolean): pulumi.CustomResourceOptions {
    return protect ? { ...base, protect: true, retainOnDelete: true } : base;
}

/** Pins an object's namespace to the component's `namespace` input, checking it matches the DNS names built from config. */
export function namespaceInput(expected: string, given: pulumi.Input<string> | undefined): pulumi.Output<string> {
    const check = (ns: string) => {
        if (ns !== expected) {
            throw new Error(`namespace "${ns}" differs from kafka.namespace "${expected}": per-pod DNS names in server.properties use kafka.namespace`);
        }
        return ns;
    };
    // A plain string fails at construction; an Output fails the registrations that use it.
    if (typeof given === "string") check(given);
    return pulumi.output(given ?? expected).apply(check);
}

/**
 * The component's own `dependsOn`, for its StatefulSets: Pulumi does not pass a component's
 * dependencies on to its children, and brokers should start after the ensemble they need.
 * (An Output-valued dependsOn is left to the engine.)
 */
export function componentDependencies(opts: pulumi.ComponentResourceOptions | undefined): pulumi.Input<pulumi.Resource>[] {
    const d = opts?.dependsOn;
    if (d === undefined) return [];
    if (Array.isArray(d)) return d;
    return pulumi.Resource.isInstance(d) ? [d] : [];
}
