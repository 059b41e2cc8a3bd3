/**
 * Kubernetes API access for a Kafka CLI Job (the roller, the rebalance Jobs): a ServiceAccount with
 * a Role of the given rules, and a `kubectl proxy` sidecar that alone holds the token, so the
 * script reaches the API on loopback without any credential of its own.
 */
import { KUBECTL_IMAGE } from "../common/images";
import { kubeApiTokenVolume, restrictedContainerSecurity } from "../common/pod";
import type { CliJobManifest } from "./cli-job";

/** Loopback port of the `kubectl proxy` sidecar. */
export const API_PROXY_PORT = 8001;
/** The scripts' environment variable naming the proxy. */
export const API_PROXY_ENV = { name: "KUBE_PROXY", value: `127.0.0.1:${API_PROXY_PORT}` };
/** Where kubectl's in-cluster config looks for the token, CA and namespace. */
const SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export type Meta = { name: string; namespace: string; labels: Record<string, string> };
export type RoleRule = { apiGroups: string[]; resources: string[]; resourceNames: string[]; verbs: string[] };

export interface ApiIdentity {
    serviceAccount: { apiVersion: "v1"; kind: "ServiceAccount"; metadata: Meta; automountServiceAccountToken: false };
    role: { apiVersion: "rbac.authorization.k8s.io/v1"; kind: "Role"; metadata: Meta; rules: RoleRule[] };
    roleBinding: {
        apiVersion: "rbac.authorization.k8s.io/v1";
        kind: "RoleBinding";
        metadata: Meta;
        subjects: { kind: "ServiceAccount"; name: string; namespace: string }[];
        roleRef: { apiGroup: "rbac.authorization.k8s.io"; kind: "Role"; name: string };
    };
}

/** ServiceAccount, Role and RoleBinding, all named `meta.name`. */
export function apiIdentity(meta: Meta, rules: RoleRule[]): ApiIdentity {
    return {
        serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta, automountServiceAccountToken: false },
        role: { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: meta, rules },
        roleBinding: {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "RoleBinding",
            metadata: meta,
            subjects: [{ kind: "ServiceAccount", name: meta.name, namespace: meta.namespace }],
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: meta.name },
        },
    };
}

/** The Job running as `serviceAccount`, with the proxy as a native sidecar holding the token. */
export function withApiProxy(base: CliJobManifest, serviceAccount: string): CliJobManifest {
    const pod = base.spec.template.spec!;
    const proxy = {
        name: "api-proxy",
        image: KUBECTL_IMAGE,
        // A native sidecar: started before the script, stopped when it exits.
        restartPolicy: "Always",
        args: ["proxy", `--address=127.0.0.1`, `--port=${API_PROXY_PORT}`, "--accept-hosts=^localhost$,^127\\.0\\.0\\.1$"],
        env: [{ name: "HOME", value: "/tmp" }],
        resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "64Mi" } },
        securityContext: restrictedContainerSecurity(true) as Record<string, unknown>,
        volumeMounts: [{ name: "api-token", mountPath: SA_DIR, readOnly: true }, { name: "tmp", mountPath: "/tmp" }],
    };
    return {
        ...base,
        spec: {
            ...base.spec,
            template: {
                ...base.spec.template,
                spec: { ...pod, serviceAccountName: serviceAccount, initContainers: [proxy], volumes: [...(pod.volumes ?? []), kubeApiTokenVolume("api-token")] },
            },
        },
    };
}
