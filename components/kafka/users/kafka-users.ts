/**
 * KafkaUsers: the SCRAM users of a cluster with their ACLs and quotas, applied inside the cluster.
 * Per user: a generated password (kept in Pulumi state), a Secret `<cluster>-user-<name>`
 * (username, password) for the user's clients, and a Job that applies the spec as the active
 * inter-broker user (`admin` or `admin-b`, security.rotation.interBroker), a super user.
 * `clientFor(user)` gives a client the cluster's settings with that user's Secret.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { KafkaClientSettings } from "../../common/client";
import { clientPropertiesScript } from "../../common/client-config";
import { labels } from "../../common/labels";
import { componentDependencies, requireKubernetesProvider } from "../../common/provider";
import { KafkaUserSpec, userSpecProblems } from "../../security/kafka-user";
import { CREDENTIAL_KEYS, credentialsSecretName, InterBrokerUser } from "../security";
import { DEFAULT_USER_JOB_RESOURCES, userJob, userObjectName, userScriptsConfigMapData, userScriptsName } from "./job";
import { applyUserScript } from "./script";

export interface KafkaUsersArgs {
    /** Kafka cluster name (`kafka.name`). Required. */
    clusterName: string;
    /** The cluster's client settings (KafkaCluster.clientSettings): SASL required. Required. */
    client: KafkaClientSettings;
    /** apache/kafka image of the brokers' version (the Job's CLI tools). Required. */
    image: pulumi.Input<string>;
    /** The users; `secretNamespace` also puts the user's Secret there (the application's namespace). Default none. */
    users: readonly (KafkaUserSpec & { secretNamespace?: string })[];
    /**
     * The inter-broker user the brokers log in as now (interBrokerUser(security.rotation.interBroker)):
     * the Job logs in as it, since the other one's password is retired after a rotation. @default "admin"
     */
    adminUser?: InterBrokerUser;
}

export class KafkaUsers extends pulumi.ComponentResource {
    readonly jobs: k8s.batch.v1.Job[] = [];
    readonly secrets = new Map<string, k8s.core.v1.Secret>();
    private readonly client: KafkaClientSettings;
    private readonly cluster: string;

    constructor(name: string, args: KafkaUsersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:kafka:KafkaUsers", name, {}, opts);
        const provider = requireKubernetesProvider(this, "KafkaUsers");
        const sasl = args.client.sasl;
        if (!sasl) throw new pulumi.ResourceError("KafkaUsers: users need SCRAM authentication (kafka-eks:security.authentication scram-sha-512)", this);
        const problems = args.users.flatMap((u) => userSpecProblems(u).map((p) => `${u.name}: ${p}`));
        if (problems.length > 0) throw new pulumi.ResourceError(`KafkaUsers: invalid users:\n  ${problems.join("\n  ")}`, this);
        this.client = args.client;
        this.cluster = args.clusterName;
        const namespace = args.client.namespace;
        // The Job changes credentials and ACLs: it runs as the active inter-broker user, a super user.
        const admin = { securityProtocol: args.client.securityProtocol, sasl: { ...sasl, secretName: credentialsSecretName(args.clusterName, args.adminUser ?? "admin") }, tls: args.client.tls };
        const script = applyUserScript();
        const clientScript = clientPropertiesScript();
        const scriptsName = userScriptsName(args.clusterName);
        const scripts = new k8s.core.v1.ConfigMap(
            `${name}-scripts`,
            { metadata: { name: scriptsName, namespace, labels: labels(args.clusterName, "kafka-user", scriptsName) }, data: userScriptsConfigMapData(script, clientScript) },
            { parent: this, provider },
        );
        for (const spec of args.users) {
            const objectName = userObjectName(args.clusterName, spec.name);
            const password = new random.RandomPassword(`${name}-${spec.name}-password`, { length: 32, special: false }, { parent: this });
            const userSecret = (resourceName: string, ns: string) =>
                new k8s.core.v1.Secret(
                    resourceName,
                    {
                        metadata: { name: objectName, namespace: ns, labels: labels(args.clusterName, "kafka-user", objectName) },
                        type: "Opaque",
                        stringData: { [CREDENTIAL_KEYS.username]: spec.name, [CREDENTIAL_KEYS.password]: pulumi.secret(password.result) },
                    },
                    { parent: this, provider },
                );
            const secret = userSecret(`${name}-${spec.name}`, namespace);
            this.secrets.set(spec.name, secret);
            // The Job reads the password in the Kafka namespace; the application mounts its own copy.
            if (spec.secretNamespace !== undefined && spec.secretNamespace !== namespace) userSecret(`${name}-${spec.name}-${spec.secretNamespace}`, spec.secretNamespace);
            const manifest = pulumi.all([pulumi.output(args.image), pulumi.output(args.client.bootstrapServers)]).apply(([image, bootstrapServers]) =>
                userJob({
                    cluster: args.clusterName,
                    namespace,
                    configMap: scriptsName,
                    spec: { name: spec.name, acls: spec.acls, quotas: spec.quotas },
                    passwordSecret: { name: objectName, key: CREDENTIAL_KEYS.password },
                    script,
                    clientScript,
                    image,
                    bootstrapServers,
                    client: admin,
                    resources: DEFAULT_USER_JOB_RESOURCES,
                }),
            );
            this.jobs.push(
                new k8s.batch.v1.Job(
                    `${name}-${spec.name}-apply`,
                    { apiVersion: "batch/v1", kind: "Job", metadata: manifest.metadata, spec: manifest.spec },
                    { parent: this, provider, dependsOn: [scripts, secret, ...componentDependencies(opts)], deleteBeforeReplace: true, customTimeouts: { create: "15m", update: "15m" } },
                ),
            );
        }
        this.registerOutputs({});
    }

    /** The cluster's client settings with `user`'s credentials. */
    clientFor(user: string): KafkaClientSettings {
        if (!this.secrets.has(user)) throw new Error(`KafkaUsers: no user ${user}`);
        return { ...this.client, sasl: { ...this.client.sasl!, secretName: userObjectName(this.cluster, user) } };
    }
}
