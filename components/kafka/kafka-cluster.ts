/** KafkaCluster: wires kafkaSpecs to Kubernetes resources, plus the KRaft cluster id, the SCRAM users and the certificates. */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { KafkaClientListener } from "../common/client";
import { defaultKafkaVersion, KafkaConfig, ZooKeeperConfig } from "../config/kafka";
import type { CertificatesConfig, RotationConfig } from "../config/security";
import { certificatesSchema, rotationSchema, zookeeperAuthentication } from "../config/security";
import { kafkaImage } from "../common/images";
import { clusterCertificates, TLS_CHECKSUM_ANNOTATION } from "./certificates";
import { ScramCredentials, scramCredentials } from "./credentials";
import { credentialsConfigMap, credentialsJob, CredentialsPhase, credentialsScript } from "./credential-rotation/spec";
import { CLUSTER_ID_KEY, kafkaSpecs } from "./kafka-spec";
import type { NodeMetricsOptions } from "../observability/node-metrics";
import { clientSecurity, interBrokerUser, KafkaSecurity, NO_SECURITY, operatorClientSecurity } from "./security";
import { canonicalJson, checksum, rolloutTimeouts } from "./workload-parts";
import { claimOptions, componentDependencies, dataOptions, requireKubernetesProvider } from "../common/provider";
import { ClusterLayoutGuard } from "./layout-guard/guard";
import { namespaceInput } from "./provider";
import { brokerZookeeperConnect, NodeRole, nodePools } from "./topology";
import { nodeRoller } from "./roller/roller";
import { partitionMoves } from "./rebalance/rebalance";
import { finalizeFeatures } from "./features/finalize";

export interface KafkaClusterArgs {
    /**
     * The validated `kafka` config section: mode (`zookeeper` | `kraft`), KRaft topology
     * (`dedicated` | `combined`), broker/controller counts, durability settings, storage,
     * resources, placement and `config` overrides. Required.
     */
    kafka: KafkaConfig;
    /**
     * The validated `zookeeper` config section. Required when `kafka.mode` is `zookeeper`; ignored
     * otherwise. Its `authentication` (default from `security.authentication`) must match the
     * ensemble's: with `sasl` the brokers log in to ZooKeeper and create znodes with ACLs.
     */
    zookeeper?: ZooKeeperConfig;
    /**
     * Namespace to create the objects in, typically the Namespace resource's `metadata.name`.
     * Must equal `kafka.namespace` (pod DNS names are built from it). Default: `kafka.namespace`.
     */
    namespace?: pulumi.Input<string>;
    /** Protect StatefulSets, volume claims, the KRaft cluster id and the generated credentials and keys, and keep them on delete (prod). Default false. */
    protect?: boolean;
    /**
     * Listener security (`security` config section): `authentication` `none` | `scram-sha-512`
     * (the generated inter-broker users `admin` and `admin-b`), `tls` (generated CA and broker certificate), and the
     * certificate lifetimes, and the password rotation steps (`rotation`, default 0/0). Default: no
     * authentication, no TLS (all listeners PLAINTEXT).
     */
    security?: Pick<KafkaSecurity, "authentication" | "tls" | "authorization"> & { certificates?: CertificatesConfig; rotation?: RotationConfig };
    /**
     * Stack-config namespace named in live-change errors, e.g. `kafka-eks` (errors then name
     * `kafka-eks:kafka.mode`). Default: none (errors name `kafka.mode`).
     */
    configPrefix?: string;
    /** Prometheus metrics from every node (components/observability). Default: none. */
    metrics?: NodeMetricsOptions;
    /** PriorityClass of the broker and controller pods, which must exist (dataPlanePriorityClass; pass it in dependsOn). Default none. */
    priorityClassName?: string;
}

/**
 * An Apache Kafka cluster on Kubernetes: ZooKeeper mode (Kafka 3.9, brokers against a
 * ZooKeeperEnsemble — pass it in `dependsOn`, which the StatefulSets then wait for) or KRaft
 * (Kafka 4.x, dedicated controllers or combined nodes). Needs a Kubernetes provider in its options.
 */
export class KafkaCluster extends pulumi.ComponentResource {
    /** `<bootstrap service>.<ns>.svc.cluster.local:9092`. */
    public readonly bootstrapServers: pulumi.Output<string>;
    public readonly mode: pulumi.Output<"zookeeper" | "kraft">;
    public readonly brokerCount: pulumi.Output<number>;
    /** zookeeper.connect including the chroot; undefined in KRaft mode. */
    public readonly zookeeperConnect: pulumi.Output<string | undefined>;
    /** KRaft cluster id (secret); undefined in ZooKeeper mode. */
    public readonly clusterId: pulumi.Output<string | undefined>;
    /**
     * The client listener (bootstrap, security protocol, CA Secret). It names no user: a client
     * connects as a user of its own (KafkaUsers.clientFor), there is no shared client user.
     */
    public readonly clientListener: KafkaClientListener;
    /**
     * Fingerprint of everything the nodes run (server.properties, scripts, pod templates): changes
     * whenever the brokers are reconfigured, so a post-deploy check can re-run exactly then.
     */
    public readonly revision: string;
    /** The cluster CA certificate (PEM); undefined without TLS. Clients in other namespaces get a copy (KafkaUsers). */
    public readonly caCertificate: pulumi.Output<string | undefined>;
    /** RFC 3339 end of the broker certificate's validity; undefined without TLS (metrics: certificate-expiry alert). */
    public readonly brokerCertificateNotAfter: pulumi.Output<string | undefined>;
    /** The Job that restarts the nodes onto the current revision, one at a time within min ISR (OnDelete StatefulSets). */
    public readonly roller: k8s.batch.v1.Job;
    /**
     * The Job that moves every replica off the brokers a lower `kafka.brokers` removes; the broker
     * StatefulSet's update waits for it. Undefined with combined KRaft nodes (their count is fixed).
     */
    public readonly drain?: k8s.batch.v1.Job;
    /** The Job that moves partitions onto new brokers after the roll (kafka.rebalance.onScaleUp). */
    public readonly spread?: k8s.batch.v1.Job;
    /** KRaft: the Job that finalizes metadata.version at the nodes' release after the roll. */
    public readonly finalize?: k8s.batch.v1.Job;
    /** StatefulSets by node role. */
    public readonly statefulSets: Partial<Record<NodeRole, k8s.apps.v1.StatefulSet>> = {};

    constructor(name: string, args: KafkaClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:kafka:KafkaCluster", name, args, opts);
        const { kafka } = args;
        if (kafka.mode === "zookeeper" && !args.zookeeper) {
            throw new pulumi.ResourceError("KafkaCluster: zookeeper is required when kafka.mode is zookeeper", this);
        }
        const provider = requireKubernetesProvider(this, "KafkaCluster");
        const rotation = args.security?.rotation ?? rotationSchema.parse(undefined);
        const security: KafkaSecurity = {
            authentication: args.security?.authentication ?? NO_SECURITY.authentication,
            tls: args.security?.tls ?? NO_SECURITY.tls,
            interBrokerUser: interBrokerUser(rotation.interBroker),
            authorization: args.security?.authorization,
        };
        // The ensemble resolves the same value from the same inputs (ZooKeeperEnsembleArgs.security).
        if (kafka.mode === "zookeeper") security.zookeeperAuthentication = zookeeperAuthentication(args.zookeeper!, security);
        const specs = kafkaSpecs({ kafka, zookeeper: kafka.mode === "zookeeper" ? args.zookeeper : undefined, security, metrics: args.metrics, priorityClassName: args.priorityClassName });
        const namespace = namespaceInput(kafka.namespace, args.namespace);
        const protect = args.protect ?? false;
        // Refuses, at preview, a change the running cluster cannot survive a rolling restart of
        // (layout, quorums, listener security, CA, metadata format); every child waits for it,
        // so nothing is touched when it refuses.
        const voters = nodePools(kafka).find((p) => p.isController)?.replicas ?? 0;
        const layoutGuard = new ClusterLayoutGuard(`${name}-layout`, {
            configPrefix: args.configPrefix ?? "",
            name: kafka.name,
            namespace: kafka.namespace,
            mode: kafka.mode,
            topology: kafka.mode === "kraft" ? kafka.kraft.topology : "none",
            voters,
            zookeeperReplicas: kafka.mode === "zookeeper" ? args.zookeeper!.replicas : 0,
            version: kafka.version ?? defaultKafkaVersion(kafka.mode),
            authentication: security.authentication,
            tls: security.tls,
            caValidityDays: security.tls ? (args.security?.certificates ?? certificatesSchema.parse(undefined)).caValidityDays : 0,
            interBrokerRotation: rotation.interBroker,
            zookeeperAuthentication: security.zookeeperAuthentication ?? "none",
        }, { parent: this });
        const child: pulumi.CustomResourceOptions = { parent: this, provider, dependsOn: [layoutGuard] };
        const data = dataOptions(child, protect);
        // A component's dependsOn (StorageClass, ZooKeeper ensemble) is not inherited by children.
        const upstream = [...componentDependencies(opts), layoutGuard];
        const meta = <M extends object>(m: M) => ({ ...m, namespace });

        // KRaft: the id is generated once and kept in state (no keepers: nothing ever regenerates it);
        // retained volumes formatted with another id would refuse to start.
        let clusterIdSecret: k8s.core.v1.Secret | undefined;
        let clusterId: pulumi.Output<string> | undefined;
        if (specs.clusterIdSecret) {
            const id = new random.RandomId(`${name}-cluster-id`, { byteLength: 16 }, protect ? { parent: this, protect: true } : { parent: this });
            clusterId = pulumi.secret(id.b64Url);
            clusterIdSecret = new k8s.core.v1.Secret(
                `${name}-cluster-id`,
                {
                    metadata: meta(specs.clusterIdSecret.metadata),
                    type: "Opaque",
                    stringData: { [CLUSTER_ID_KEY]: clusterId },
                },
                data,
            );
        }

        // Credentials and certificates exist before any pod that mounts them.
        const brokerComponent = specs.pools.find((p) => p.pool.isBroker)!.pool.component;
        const securitySecrets: k8s.core.v1.Secret[] = [];
        let users: ScramCredentials | undefined;
        if (security.authentication !== "none") {
            users = scramCredentials({ name, cluster: kafka.name, namespace, component: brokerComponent, rotation, passwordOptions: { parent: this }, secretOptions: child });
            securitySecrets.push(...Object.values(users.secrets));
        }
        let certificateHash: pulumi.Output<string> | undefined;
        let certificateNotAfter: pulumi.Output<string> | undefined;
        let caCertificate: pulumi.Output<string> | undefined;
        if (security.tls) {
            const certs = clusterCertificates({
                name,
                cluster: kafka.name,
                namespace,
                component: brokerComponent,
                dnsNames: specs.certificateDnsNames,
                certificates: args.security?.certificates ?? certificatesSchema.parse(undefined),
                caOptions: dataOptions({ parent: this }, protect),
                leafOptions: { parent: this },
                secretOptions: child,
            });
            securitySecrets.push(certs.caSecret, certs.brokerSecret);
            certificateHash = certs.brokerCertificatePem.apply((pem) => checksum(pem));
            certificateNotAfter = certs.brokerCertificateNotAfter;
            caCertificate = certs.caCertificatePem;
        }

        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            { metadata: meta(specs.serviceAccount.metadata), automountServiceAccountToken: specs.serviceAccount.automountServiceAccountToken },
            child,
        );
        const role = new k8s.rbac.v1.ClusterRole(`${name}-node-reader`, specs.nodeReaderRole, child);
        const binding = new k8s.rbac.v1.ClusterRoleBinding(`${name}-node-reader`, specs.nodeReaderBinding, { ...child, dependsOn: [layoutGuard, role, sa] });

        // New passwords reach Kafka before any pod uses them: the apply Job runs before the
        // StatefulSets roll, the retire Job after (credential-rotation/).
        const credentialJob = (phase: CredentialsPhase, after: pulumi.Input<pulumi.Resource>[]) => {
            const manifest = users!.revision.apply((credentialsRevision) =>
                credentialsJob({ cluster: kafka.name, namespace: kafka.namespace, phase, image, bootstrapServers: specs.bootstrapServers, security, script: credentialScript, credentialsRevision }),
            );
            return new k8s.batch.v1.Job(
                `${name}-credentials-${phase}`,
                { apiVersion: "batch/v1", kind: "Job", metadata: meta(manifest.metadata), spec: manifest.spec },
                // A same-named replacement (replaceUnready after a failed run) must delete the old Job first.
                { ...child, dependsOn: [layoutGuard, ...after], deleteBeforeReplace: true, customTimeouts: { create: "20m", update: "20m" } },
            );
        };
        const image = kafkaImage(kafka.version ?? defaultKafkaVersion(kafka.mode));
        const credentialScript = credentialsScript();
        let applyCredentials: k8s.batch.v1.Job | undefined;
        if (users) {
            const cm = credentialsConfigMap({ cluster: kafka.name, namespace: kafka.namespace, script: credentialScript });
            const scripts = new k8s.core.v1.ConfigMap(`${name}-credentials`, { ...cm, metadata: meta(cm.metadata) }, child);
            applyCredentials = credentialJob("apply", [...upstream, scripts, ...securitySecrets]);
        }

        const bootstrap = new k8s.core.v1.Service(`${name}-bootstrap`, { metadata: meta(specs.bootstrapService.metadata), spec: specs.bootstrapService.spec }, child);
        const operator = operatorClientSecurity(kafka.name, security);
        const brokerPool = specs.pools.find((p) => p.pool.isBroker && !p.pool.isController)?.pool;
        // Broker count changes move data (rebalance/): combined nodes are quorum voters, whose count the layout guard keeps.
        const moves = brokerPool
            ? partitionMoves(`${name}-rebalance`, {
                  cluster: kafka.name,
                  namespace: kafka.namespace,
                  statefulSet: brokerPool.statefulSet,
                  brokers: kafka.brokers,
                  image,
                  bootstrapServers: specs.bootstrapServers,
                  client: operator,
                  throttleBytesPerSecond: kafka.rebalance.throttleBytesPerSecond,
                  maxWaitMinutes: kafka.rebalance.maxWaitMinutes,
              }, child)
            : undefined;

        // Controllers first: brokers register with the quorum they form.
        const created: k8s.apps.v1.StatefulSet[] = [];
        for (const p of specs.pools) {
            const base = `${name}-${p.pool.role}`;
            new k8s.core.v1.Service(`${base}-headless`, { metadata: meta(p.headlessService.metadata), spec: p.headlessService.spec }, child);
            const cm = new k8s.core.v1.ConfigMap(`${base}-config`, { metadata: meta(p.configMap.metadata), data: p.configMap.data }, child);
            const claims = p.claims.map(
                (c) => new k8s.core.v1.PersistentVolumeClaim(c.metadata.name, { metadata: meta(c.metadata), spec: c.spec }, { ...claimOptions(child, protect), dependsOn: upstream }),
            );
            new k8s.policy.v1.PodDisruptionBudget(`${base}-pdb`, { metadata: meta(p.disruptionBudget.metadata), spec: p.disruptionBudget.spec }, child);
            // Before every update of the broker StatefulSet, the drain Job empties the brokers a lower
            // count removes (nothing to do otherwise); the update, and so the shrink, waits for it.
            // Removed brokers' claims are deleted only after the whole update succeeded (Pulumi runs
            // deletes last, and none after a failed step), so never before their data moved.
            const drain = moves && p.pool === brokerPool ? moves.job("drain", [...upstream, bootstrap, ...securitySecrets, ...(applyCredentials ? [applyCredentials] : []), ...created]) : undefined;
            if (drain) this.drain = drain;
            const sts = new k8s.apps.v1.StatefulSet(
                base,
                { metadata: meta(p.statefulSet.metadata), spec: certificateHash ? withPodAnnotation(p.statefulSet.spec, TLS_CHECKSUM_ANNOTATION, certificateHash) : p.statefulSet.spec },
                {
                    ...data,
                    dependsOn: [...upstream, cm, sa, binding, ...claims, ...(clusterIdSecret ? [clusterIdSecret] : []), ...securitySecrets, ...(applyCredentials ? [applyCredentials] : []), ...created, ...(drain ? [drain] : [])],
                    // Claim templates are immutable: size changes go to the explicit claims instead.
                    ignoreChanges: ["spec.volumeClaimTemplates"],
                    customTimeouts: rolloutTimeouts(p.statefulSet.spec),
                },
            );
            created.push(sts);
            this.statefulSets[p.pool.role] = sts;
        }
        // Key order does not matter: only what the pods get changes the revision.
        const revision = checksum(...specs.pools.map((p) => canonicalJson([p.configMap.data, p.statefulSet.spec])));
        // Pods restart only when the roller deletes them: a new Job whenever what they run changes.
        this.roller = nodeRoller(`${name}-roller`, {
            cluster: kafka.name,
            namespace: kafka.namespace,
            kraft: kafka.mode === "kraft",
            pools: specs.pools.map((p) => p.pool),
            image: kafkaImage(kafka.version ?? defaultKafkaVersion(kafka.mode)),
            bootstrapServers: specs.bootstrapServers,
            client: operator,
            podRevision: certificateHash ? certificateHash.apply((c) => checksum(revision, c)) : revision,
        }, { ...child, dependsOn: [...upstream, bootstrap, ...securitySecrets, ...(applyCredentials ? [applyCredentials] : []), ...created] });
        // Old passwords are retired only once every node restarted: apply, then the roll, then retire.
        if (applyCredentials) credentialJob("retire", [applyCredentials, ...created, this.roller]);
        // KRaft: once every node runs the release, its metadata.version is finalized; the record of
        // that level (after the Job) makes the preview refuse a later kafka.version below it.
        if (kafka.mode === "kraft") {
            const finalized = finalizeFeatures(
                `${name}-features`,
                { configPrefix: args.configPrefix ?? "", cluster: kafka.name, namespace: kafka.namespace, version: kafka.version ?? defaultKafkaVersion(kafka.mode), brokers: kafka.brokers, image, bootstrapServers: specs.bootstrapServers, client: operator },
                { ...child, dependsOn: [...upstream, bootstrap, ...securitySecrets, ...created, this.roller] },
                { parent: this },
            );
            this.finalize = finalized.job;
        }
        // New brokers are empty until partitions move onto them: after the roll, every node is current.
        if (moves && kafka.rebalance.onScaleUp) this.spread = moves.job("spread", [...upstream, bootstrap, ...securitySecrets, ...created, this.roller]);

        // Known at preview (the name is fixed), yet depends on the Service existing.
        this.bootstrapServers = bootstrap.urn.apply(() => specs.bootstrapServers);
        this.mode = pulumi.output(kafka.mode);
        this.brokerCount = pulumi.output(kafka.brokers);
        this.zookeeperConnect = pulumi.output(
            kafka.mode === "zookeeper" && args.zookeeper ? brokerZookeeperConnect(kafka.name, kafka.namespace, args.zookeeper.replicas) : undefined,
        );
        this.clusterId = clusterId ?? pulumi.output(undefined);
        this.brokerCertificateNotAfter = certificateNotAfter ?? pulumi.output(undefined);
        this.caCertificate = caCertificate ?? pulumi.output(undefined);
        this.clientListener = { bootstrapServers: this.bootstrapServers, namespace: kafka.namespace, ...clientSecurity(kafka.name, security) };
        this.revision = revision;
        this.registerOutputs({
            bootstrapServers: this.bootstrapServers,
            mode: this.mode,
            brokerCount: this.brokerCount,
            zookeeperConnect: this.zookeeperConnect,
            clusterId: this.clusterId,
            clientListener: this.clientListener,
        });
    }
}

type StatefulSetSpec = k8s.types.input.apps.v1.StatefulSetSpec;

/** The spec with one more pod-template annotation whose value is only known at deploy time. */
function withPodAnnotation(spec: pulumi.Input<StatefulSetSpec>, key: string, value: pulumi.Input<string>): StatefulSetSpec {
    const s = spec as pulumi.Unwrap<StatefulSetSpec>;
    return { ...s, template: { ...s.template, metadata: { ...s.template.metadata, annotations: { ...s.template.metadata?.annotations, [key]: value } } } };
}
