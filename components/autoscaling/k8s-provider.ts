/** The explicit Kubernetes provider a component hands to every child resource. */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider from a component's options: `provider`, or the kubernetes entry of `providers`.
 * Required, so a component never falls back to the ambient kubeconfig and deploys into the wrong cluster.
 */
export function kubernetesProvider(component: string, opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource {
    const listed = Array.isArray(opts?.providers) ? opts?.providers : Object.values(opts?.providers ?? {});
    const provider = opts?.provider ?? listed.find((p) => k8s.Provider.isInstance(p));
    if (provider === undefined) throw new Error(`${component}: opts.provider (a kubernetes Provider) is required`);
    return provider;
}
