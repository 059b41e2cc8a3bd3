/** Builds the kubeconfig for an EKS cluster: no static token, `aws eks get-token` on every use. */
import YAML from "yaml";

export interface KubeconfigArgs {
    clusterName: string;
    endpoint: string;
    /** Base64 certificate authority data. */
    certificateAuthority: string;
    region: string;
}

export function buildKubeconfig(a: KubeconfigArgs): string {
    const context = `eks-${a.clusterName}`;
    return YAML.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: context, cluster: { server: a.endpoint, "certificate-authority-data": a.certificateAuthority } }],
        users: [
            {
                name: context,
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", a.clusterName, "--region", a.region, "--output", "json"],
                        interactiveMode: "Never",
                    },
                },
            },
        ],
        contexts: [{ name: context, context: { cluster: context, user: context } }],
        "current-context": context,
    });
}
