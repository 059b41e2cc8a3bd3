/**
 * Kubernetes objects as the engine presents them to a policy: a type token
 * (`kubernetes:<group/version>:<Kind>`) and the object's inputs (apiVersion, kind, metadata, spec).
 */
import { LABEL } from "./contract";
import { asArray, asNumber, asString, asStringMap, at, isRecord } from "./props";

export const K8S_TYPE = {
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    configMap: "kubernetes:core/v1:ConfigMap",
    job: "kubernetes:batch/v1:Job",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    pvc: "kubernetes:core/v1:PersistentVolumeClaim",
    storageClass: "kubernetes:storage.k8s.io/v1:StorageClass",
    scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
} as const;

/** What a violation message names: kind, namespace (when set) and name; the component finds its stack-config key. */
export interface ObjectRef {
    kind: string;
    namespace?: string;
    name: string;
    component?: string;
}

/** The Kind of a Kubernetes type token, or undefined for non-Kubernetes types. */
export function kindOf(type: string): string | undefined {
    const parts = type.split(":");
    return parts.length === 3 && parts[0] === "kubernetes" ? parts[2] : undefined;
}

/**
 * The object's identity. `metadata.name` may be absent when Pulumi auto-names the object, in
 * which case the Pulumi resource name is the best handle the reader has.
 */
export function objectRef(type: string, props: unknown, resourceName: string): ObjectRef {
    const name = asString(at(props, "metadata", "name")) ?? `${resourceName} (auto-named)`;
    const namespace = asString(at(props, "metadata", "namespace"));
    const component = componentOf(props);
    return { kind: kindOf(type) ?? type, name, ...(namespace ? { namespace } : {}), ...(component ? { component } : {}) };
}

/** `StatefulSet kafka/kafka-zookeeper` (kubectl's kind + namespace/name). */
export function describe(ref: ObjectRef): string {
    return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

export function labelsOf(props: unknown): Record<string, string> {
    return asStringMap(at(props, "metadata", "labels"));
}

/** The `app.kubernetes.io/component` label of the object (falling back to its pod template's). */
export function componentOf(props: unknown): string | undefined {
    return labelsOf(props)[LABEL.component] ?? asStringMap(at(props, "spec", "template", "metadata", "labels"))[LABEL.component];
}

/** Cluster the object belongs to (`app.kubernetes.io/part-of`), else its namespace: the scope stack checks group by. */
export function clusterKeyOf(props: unknown): string {
    return labelsOf(props)[LABEL.partOf] ?? `namespace:${asString(at(props, "metadata", "namespace")) ?? ""}`;
}

/** `spec.replicas` of a workload; Kubernetes defaults an absent value to 1. */
export function replicasOf(props: unknown): { value: number; explicit: boolean } {
    const value = asNumber(at(props, "spec", "replicas"));
    return value === undefined ? { value: 1, explicit: false } : { value, explicit: true };
}

/** Where each Pod-bearing kind keeps its pod spec, as a path below the object (the program's table, copied: tests/policy/contract.test.ts). */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Pod": ["spec"],
    "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    "kubernetes:keda.sh/v1alpha1:ScaledJob": ["spec", "jobTargetRef", "template", "spec"],
};

/** The pod spec of a Pod-bearing object and its dotted path, or undefined for other types. */
export function podSpecOf(type: string, props: unknown): { path: string; spec: unknown } | undefined {
    const specPath = POD_SPEC_PATHS[type];
    return specPath ? { path: specPath.join("."), spec: at(props, ...specPath) } : undefined;
}

export interface ContainerRef {
    /** Dotted path of the container, e.g. `spec.template.spec.containers[0]` (named in messages). */
    path: string;
    name: string;
    image: unknown;
}

/** Every container (init, regular, ephemeral) of a Pod-bearing object; empty for other types. */
export function containersOf(type: string, props: unknown): ContainerRef[] {
    const specPath = POD_SPEC_PATHS[type];
    if (!specPath) {
        return [];
    }
    const podSpec = at(props, ...specPath);
    const result: ContainerRef[] = [];
    for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
        asArray(at(podSpec, field)).forEach((container, index) => {
            if (isRecord(container)) {
                result.push({
                    path: `${specPath.join(".")}.${field}[${index}]`,
                    name: asString(container.name) ?? `#${index}`,
                    image: container.image,
                });
            }
        });
    }
    return result;
}
