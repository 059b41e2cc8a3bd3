/**
 * Spec pieces ZooKeeper and Kafka StatefulSets share: volume claims (template + the explicit
 * claims that let storage grow in place), PDBs, the config checksum, JVM resources, the
 * headless Service and the StatefulSet skeleton.
 */
import { createHash } from "node:crypto";
import type * as k8s from "../common/kubernetes";
import { STORAGE_CLASS_NAME } from "../common/names";
import { Placement, nodeConstraints, restrictedPodSecurity, spreadPods } from "../common/pod";
import type { PDB, PVC, Resources, Service, StatefulSet } from "./k8s-types";


/** A Kubernetes object spec whose name is fixed (others address it by name). */
export type Named<T> = T & { metadata: { name: string; namespace: string; labels: Record<string, string> } };

export interface ClaimTemplate {
    /** volumeClaimTemplates entry name, also the pod volume name. */
    name: string;
    sizeGiB: number;
}

/** Pod template annotation whose value changes with the mounted config, so a config change rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = "checksum/config";

export function checksum(...parts: string[]): string {
    const h = createHash("sha256");
    for (const p of parts) h.update(p).update("\0");
    return h.digest("hex");
}

/** JSON with object keys sorted: the same value gives the same text, however it was built. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
    );
}

function claimSpec(sizeGiB: number): NonNullable<PVC["spec"]> {
    return {
        accessModes: ["ReadWriteOnce"],
        storageClassName: STORAGE_CLASS_NAME,
        resources: { requests: { storage: `${sizeGiB}Gi` } },
    };
}

/** volumeClaimTemplates entry; immutable once the StatefulSet exists (the component ignores changes to it). */
export function claimTemplate(t: ClaimTemplate, labels: Record<string, string>): PVC {
    return { metadata: { name: t.name, labels }, spec: claimSpec(t.sizeGiB) };
}

/** The name the StatefulSet controller gives the claim of `template` for pod `ordinal`. */
export function claimName(template: string, statefulSet: string, ordinal: number): string {
    return `${template}-${statefulSet}-${ordinal}`;
}

/**
 * The claims the StatefulSet would create, created up front under the controller's names: the
 * controller adopts an existing claim of that name, and because these are ordinary objects their
 * size can be raised in place (volume expansion) while the immutable templates stay untouched.
 */
export function explicitClaims(
    templates: ClaimTemplate[],
    statefulSet: string,
    replicas: number,
    namespace: string,
    labels: Record<string, string>,
): Named<PVC>[] {
    const out: Named<PVC>[] = [];
    for (let i = 0; i < replicas; i++) {
        for (const t of templates) {
            out.push({
                apiVersion: "v1",
                kind: "PersistentVolumeClaim",
                metadata: {
                    name: claimName(t.name, statefulSet, i),
                    namespace,
                    labels,
                    // A WaitForFirstConsumer claim stays Pending until its pod is scheduled, and an
                    // expansion completes asynchronously: waiting for either would stall the update.
                    annotations: { "pulumi.com/skipAwait": "true" },
                },
                spec: claimSpec(t.sizeGiB),
            });
        }
    }
    return out;
}

/**
 * policy/v1 PDB allowing one voluntary disruption at a time. The eviction API allows an eviction
 * while currentHealthy - desiredHealthy > 0, healthy meaning Ready: with maxUnavailable 1, one
 * pod that is not Ready (a broker catching up, see kafka-pod.ts readinessProbe) or missing blocks
 * evicting any of the others. The pod that is not Ready itself may be evicted only while the
 * budget holds (IfHealthyBudget, GA in Kubernetes 1.31): alone it is, and evicting it takes away
 * no in-sync replica its peers rely on; with two not Ready, neither is evicted. AlwaysAllow would
 * let a drain evict both of them at once.
 */
export function disruptionBudget(name: string, namespace: string, labels: Record<string, string>, selector: Record<string, string>): Named<PDB> {
    return {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name, namespace, labels },
        spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "IfHealthyBudget", selector: { matchLabels: selector } },
    };
}

/**
 * JVM container resources: memory request = limit (never OOM-killed for memory it asked for), a
 * CPU request and no CPU limit (no throttling), which makes the pod Burstable, not Guaranteed.
 */
export function jvmContainerResources(r: { cpu: string; memoryMiB: number }): Resources {
    const memory = `${r.memoryMiB}Mi`;
    return { requests: { cpu: r.cpu, memory }, limits: { memory } };
}

/** `-Xms = -Xmx`: an explicit, fixed heap. */
export function heapOpts(heapMiB: number): string {
    return `-Xms${heapMiB}m -Xmx${heapMiB}m`;
}

interface RolloutShape {
    replicas?: number;
    template: { spec?: { terminationGracePeriodSeconds?: number; containers: Array<{ startupProbe?: { periodSeconds?: number; failureThreshold?: number } }> } };
}

/**
 * How long Pulumi may wait for a StatefulSet, derived from its own pod spec: Pulumi's default
 * (10 minutes) is shorter than one broker's startup budget, so a rolling restart would fail
 * `pulumi up` halfway. Create starts every pod at once (Parallel); an update rolls them one at
 * a time, each allowed its grace period to stop and its startup budget to recover.
 */
export function rolloutTimeouts(statefulSetSpec: k8s.types.input.apps.v1.StatefulSet["spec"]): { create: string; update: string } {
    // The spec builders produce plain values; the Input types only say they could be Outputs.
    const spec = statefulSetSpec as unknown as RolloutShape;
    const pod = spec.template.spec!;
    const startup = Math.max(0, ...pod.containers.map((c) => (c.startupProbe?.periodSeconds ?? 10) * (c.startupProbe?.failureThreshold ?? 0)));
    const perPod = (pod.terminationGracePeriodSeconds ?? 30) + startup;
    const minutes = (seconds: number) => `${Math.ceil(seconds / 60) + 10}m`; // +10: scheduling, volume attach, image pull
    return { create: minutes(startup), update: minutes(perPod * (spec.replicas ?? 1)) };
}

type PodSpec = k8s.types.input.core.v1.PodSpec;
type ServicePort = k8s.types.input.core.v1.ServicePort[];

/** Headless Service giving each pod its stable DNS name, published before the pod is Ready. */
export function headlessService(name: string, namespace: string, labels: Record<string, string>, selector: Record<string, string>, ports: ServicePort): Named<Service> {
    return {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name, namespace, labels },
        // Peers must resolve each other before they are Ready (quorum formation, replication).
        spec: { clusterIP: "None", publishNotReadyAddresses: true, selector, ports },
    };
}

export interface QuorumStatefulSetArgs {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    selector: Record<string, string>;
    /** The headless Service behind the pods' DNS names. */
    serviceName: string;
    replicas: number;
    placement: Placement;
    /** PriorityClass of the pods (the data plane's, above consumers). Default none (priority 0). */
    priorityClassName?: string;
    /** uid/gid the image runs as. */
    uid: number;
    /** Checksum of the mounted config: a change rolls the pods. */
    configChecksum: string;
    /** What differs between ZooKeeper and Kafka: containers, volumes, grace period, service account. */
    pod: Pick<PodSpec, "containers" | "initContainers" | "volumes" | "serviceAccountName" | "terminationGracePeriodSeconds">;
    claimTemplates: ClaimTemplate[];
    /**
     * RollingUpdate (the controller restarts pods in reverse ordinal order once each is Ready) or
     * OnDelete (a pod restarts only when something deletes it: Kafka's roller, which knows ISRs).
     * @default "RollingUpdate"
     */
    updateStrategy?: "RollingUpdate" | "OnDelete";
}

/**
 * The StatefulSet shape Kafka and ZooKeeper need of every quorum member, ZooKeeper and
 * Kafka alike: Parallel start, rolling updates, claims kept, zone and host spread, restricted
 * pod security, no service links, no API token.
 */
export function quorumStatefulSet(a: QuorumStatefulSetArgs): Named<StatefulSet> {
    return {
        apiVersion: "apps/v1",
        kind: "StatefulSet",
        metadata: { name: a.name, namespace: a.namespace, labels: a.labels },
        spec: {
            serviceName: a.serviceName,
            replicas: a.replicas,
            // OrderedReady can deadlock: pod 0 is not Ready (in quorum) until later ordinals run.
            podManagementPolicy: "Parallel",
            updateStrategy: { type: a.updateStrategy ?? "RollingUpdate" },
            persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
            selector: { matchLabels: a.selector },
            template: {
                metadata: { labels: a.labels, annotations: { [CONFIG_CHECKSUM_ANNOTATION]: a.configChecksum } },
                spec: {
                    ...spreadPods(a.selector, a.placement),
                    ...nodeConstraints(a.placement),
                    ...(a.priorityClassName ? { priorityClassName: a.priorityClassName } : {}),
                    securityContext: restrictedPodSecurity(a.uid),
                    automountServiceAccountToken: false,
                    // A Service named like the cluster (kafka, zookeeper) injects *_PORT variables the images misread.
                    enableServiceLinks: false,
                    ...a.pod,
                },
            },
            volumeClaimTemplates: a.claimTemplates.map((t) => claimTemplate(t, a.labels)),
        },
    };
}
