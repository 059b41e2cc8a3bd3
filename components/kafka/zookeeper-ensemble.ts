/** ZooKeeperEnsemble: wires zookeeperSpecs to Kubernetes resources (ZooKeeper-mode clusters only). */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { KafkaConfig, ZooKeeperConfig } from "../config/kafka";
import { AuthenticationMode, zookeeperAuthentication } from "../config/security";
import { claimOptions, componentDependencies, dataOptions, requireKubernetesProvider } from "../common/provider";
import { namespaceInput } from "./provider";
import { rolloutTimeouts } from "./workload-parts";
import { zookeeperSpecs } from "./zookeeper-spec";
import { ZOOKEEPER_JAAS_KEYS, zookeeperClientJaas, zookeeperServerJaas } from "./zookeeper-auth";
import type { NodeMetricsOptions } from "../observability/node-metrics";

export interface ZooKeeperEnsembleArgs {
    /**
     * The validated `kafka` config section: `name` (object-name prefix, labels, chroot),
     * `namespace` (pod DNS names) and `placement` (zone/host spread). Required.
     */
    kafka: Pick<KafkaConfig, "name" | "namespace" | "placement">;
    /** The validated `zookeeper` config section (replicas, version, volumes, resources). Required. */
    zookeeper: ZooKeeperConfig;
    /**
     * Namespace to create the objects in, typically the Namespace resource's `metadata.name` so the
     * ensemble waits for it. Must equal `kafka.namespace`. Default: `kafka.namespace`.
     */
    namespace?: pulumi.Input<string>;
    /** Protect the StatefulSet and volume claims and keep them on delete (prod). Default false. */
    protect?: boolean;
    /** Prometheus metrics (ZooKeeper's provider; components/observability). Default: none. */
    metrics?: NodeMetricsOptions;
    /**
     * The Kafka cluster's `security` section: its `authentication` decides the default of
     * `zookeeper.authentication` (sasl with scram-sha-512). Pass the same value as to KafkaCluster,
     * whose brokers must log in exactly when this ensemble demands it. Default: authentication none.
     */
    security?: { authentication: AuthenticationMode };
    /** PriorityClass of the pods, which must exist (dataPlanePriorityClass; pass it in dependsOn). Default none. */
    priorityClassName?: string;
}

/**
 * A ZooKeeper ensemble: headless + client Services, a StatefulSet with odd replicas spread over
 * zones, a PDB, and explicitly created volume claims so that storage growth expands volumes in place.
 * Needs a Kubernetes provider in its options.
 */
export class ZooKeeperEnsemble extends pulumi.ComponentResource {
    /** `host:2181,…` of every member (no chroot). */
    public readonly connectString: pulumi.Output<string>;
    /** Ensemble size. */
    public readonly replicas: pulumi.Output<number>;
    /** Name of the client Service. */
    public readonly clientServiceName: pulumi.Output<string>;
    public readonly statefulSet: k8s.apps.v1.StatefulSet;

    constructor(name: string, args: ZooKeeperEnsembleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:kafka:ZooKeeperEnsemble", name, args, opts);
        const provider = requireKubernetesProvider(this, "ZooKeeperEnsemble");
        const authentication = zookeeperAuthentication(args.zookeeper, args.security ?? { authentication: "none" });
        const specs = zookeeperSpecs({ kafka: args.kafka, zookeeper: args.zookeeper, metrics: args.metrics, authentication, priorityClassName: args.priorityClassName });
        const namespace = namespaceInput(args.kafka.namespace, args.namespace);
        const child: pulumi.CustomResourceOptions = { parent: this, provider };
        const data = dataOptions(child, args.protect ?? false);
        const meta = <M extends object>(m: M) => ({ ...m, namespace });

        new k8s.core.v1.Service(`${name}-headless`, { metadata: meta(specs.headlessService.metadata), spec: specs.headlessService.spec }, child);
        const client = new k8s.core.v1.Service(`${name}-client`, { metadata: meta(specs.clientService.metadata), spec: specs.clientService.spec }, child);
        const scripts = new k8s.core.v1.ConfigMap(`${name}-scripts`, { metadata: meta(specs.scripts.metadata), data: specs.scripts.data }, child);
        // SASL: the client password goes into both JAAS files, the quorum password only into the
        // server's; the Secret lives only in the cluster's namespace (the ZooKeeper pods mount the
        // server file, the brokers the client file).
        const credentials: k8s.core.v1.Secret[] = [];
        if (specs.credentialsSecret) {
            // Letters and digits only: the values go into quoted JAAS options. The quorum password
            // (servers among themselves) is its own, so a broker's file cannot join the quorum.
            const password = new random.RandomPassword(`${name}-sasl-password`, { length: 32, special: false }, { parent: this });
            const quorumPassword = new random.RandomPassword(`${name}-quorum-password`, { length: 32, special: false }, { parent: this });
            credentials.push(
                new k8s.core.v1.Secret(
                    `${name}-credentials`,
                    {
                        metadata: meta(specs.credentialsSecret.metadata),
                        type: "Opaque",
                        stringData: {
                            [ZOOKEEPER_JAAS_KEYS.server]: pulumi.secret(pulumi.all([password.result, quorumPassword.result]).apply(([client, quorum]) => zookeeperServerJaas(client, quorum))),
                            [ZOOKEEPER_JAAS_KEYS.client]: pulumi.secret(password.result.apply(zookeeperClientJaas)),
                        },
                    },
                    child,
                ),
            );
        }
        // A component's dependsOn (the StorageClass) is not inherited by children.
        const upstream = componentDependencies(opts);
        const claims = specs.claims.map(
            (c) => new k8s.core.v1.PersistentVolumeClaim(c.metadata.name, { metadata: meta(c.metadata), spec: c.spec }, { ...claimOptions(child, args.protect ?? false), dependsOn: upstream }),
        );
        new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, { metadata: meta(specs.disruptionBudget.metadata), spec: specs.disruptionBudget.spec }, child);
        this.statefulSet = new k8s.apps.v1.StatefulSet(
            name,
            { metadata: meta(specs.statefulSet.metadata), spec: specs.statefulSet.spec },
            // Claim templates are immutable: size changes go to the explicit claims instead.
            { ...data, dependsOn: [...upstream, scripts, ...credentials, ...claims], ignoreChanges: ["spec.volumeClaimTemplates"], customTimeouts: rolloutTimeouts(specs.statefulSet.spec) },
        );

        this.connectString = pulumi.output(specs.connectString);
        this.replicas = pulumi.output(args.zookeeper.replicas);
        this.clientServiceName = client.metadata.name;
        this.registerOutputs({ connectString: this.connectString, replicas: this.replicas, clientServiceName: this.clientServiceName });
    }
}
