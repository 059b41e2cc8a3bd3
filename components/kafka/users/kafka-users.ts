/**
 * KafkaUsers: the SCRAM users of a cluster with their ACLs and quotas, applied inside the cluster.
 * Per user: a generated password (kept in Pulumi state, new at each step of its rotation), a
 * Secret `<cluster>-user-<name>` (username, password) in the Kafka namespace for its Job and, for
 * clients in another namespace, a copy there (a pod mounts only Secrets of its own namespace). The
 * Secret in the clients' namespace is ready to use: it also holds `sasl.jaas.config`, the CA
 * (`ca.crt`, with TLS) and a `client.properties` that names the CA where the Secret is mounted whole
 * (USER_SECRET_MOUNT_PATH); no user's Secret holds the broker key or the admin password. And a Job that applies the spec as the active inter-broker user
 * (`admin` or `admin-b`, security.rotation.interBroker), a super user.
 * `clientFor(user)` is the only way a client gets SASL settings: its own user's Secret.
 * A user removed from `users` is retired in Kafka (credential, quotas, ACLs) by the retire Job
 * (retire.ts), which only ever touches users a previous run of this component managed.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { clientAs, KafkaClientListener, KafkaClientSettings } from "../../common/client";
import { clientPropertiesScript, clientPropertiesText, scramJaasConfig, USER_SECRET_MOUNT_PATH } from "../../common/client-config";
import { labels } from "../../common/labels";
import { componentDependencies, requireKubernetesProvider } from "../../common/provider";
import { DeployedUserSpec, userSpecProblems } from "../../security/kafka-user";
import { CREDENTIAL_KEYS, credentialsSecretName, InterBrokerUser, TLS_KEYS } from "../security";
import { DEFAULT_USER_JOB_RESOURCES, userJob, userObjectName, userScriptsConfigMapData, userScriptsName } from "./job";
import { managedUsersMeta, retireUsersIdentity, retireUsersSpecs } from "./retire";
import { applyUserScript, retireUsersScript } from "./script";
import { readScript, SCRIPT } from "../scripts";

/** Keys a user's Secret holds beside CREDENTIAL_KEYS and TLS_KEYS.ca. */
export const USER_SECRET_KEYS = { properties: "client.properties", jaas: "sasl.jaas.config" } as const;

export interface KafkaUsersArgs {
    /** Kafka cluster name (`kafka.name`). Required. */
    clusterName: string;
    /** The cluster's client listener (KafkaCluster.clientListener): SASL required. Required. */
    listener: KafkaClientListener;
    /** apache/kafka image of the brokers' version (the Job's CLI tools). Required. */
    image: pulumi.Input<string>;
    /** The users; `secretNamespace` also puts the user's Secret there (the application's namespace). Default none. */
    users: readonly DeployedUserSpec[];
    /** The cluster CA (PEM), copied into each user's Secret in its clients' namespace. Required with TLS. */
    caCertificate?: pulumi.Input<string | undefined>;
    /** The cluster runs an authorizer (security.authorization acls): the Jobs manage ACLs. Default true. */
    manageAcls?: boolean;
    /**
     * The inter-broker user the brokers log in as now (interBrokerUser(security.rotation.interBroker)):
     * the Job logs in as it, since the other one's password is retired after a rotation. @default "admin"
     */
    adminUser?: InterBrokerUser;
}

export class KafkaUsers extends pulumi.ComponentResource {
    readonly jobs: k8s.batch.v1.Job[] = [];
    readonly secrets = new Map<string, k8s.core.v1.Secret>();
    /** The Job retiring users that left the stack, and the list of managed users written after it. */
    readonly retireJob: k8s.batch.v1.Job;
    readonly managedUsers: k8s.core.v1.ConfigMap;
    /** Per user, the Secret its clients mount (in its namespace: client.properties, JAAS line, CA). */
    readonly clientSecrets = new Map<string, k8s.core.v1.Secret>();
    private readonly listener: KafkaClientListener;
    private readonly cluster: string;
    private readonly namespaces = new Map<string, string>();

    constructor(name: string, args: KafkaUsersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:kafka:KafkaUsers", name, {}, opts);
        const provider = requireKubernetesProvider(this, "KafkaUsers");
        const sasl = args.listener.sasl;
        if (!sasl) throw new pulumi.ResourceError("KafkaUsers: users need SCRAM authentication (kafka-eks:security.authentication scram-sha-512)", this);
        const problems = args.users.flatMap((u) => userSpecProblems(u).map((p) => `${u.name}: ${p}`));
        if (problems.length > 0) throw new pulumi.ResourceError(`KafkaUsers: invalid users:\n  ${problems.join("\n  ")}`, this);
        this.listener = args.listener;
        this.cluster = args.clusterName;
        const namespace = args.listener.namespace;
        const tls = args.listener.tls !== undefined;
        if (tls && args.caCertificate === undefined) throw new pulumi.ResourceError("KafkaUsers: caCertificate is required with TLS (each user's Secret carries the CA)", this);
        // The Job changes credentials and ACLs: it runs as the active inter-broker user, a super user.
        const admin = { securityProtocol: args.listener.securityProtocol, sasl: { ...sasl, secretName: credentialsSecretName(args.clusterName, args.adminUser ?? "admin") }, tls: args.listener.tls };
        const script = applyUserScript();
        const clientScript = clientPropertiesScript();
        const retire = { script: retireUsersScript(), kubeApi: readScript(SCRIPT.kubeApi) };
        const scriptsName = userScriptsName(args.clusterName);
        const scripts = new k8s.core.v1.ConfigMap(
            `${name}-scripts`,
            { metadata: { name: scriptsName, namespace, labels: labels(args.clusterName, "kafka-user", scriptsName) }, data: userScriptsConfigMapData(script, clientScript, retire) },
            { parent: this, provider },
        );
        for (const spec of args.users) {
            const objectName = userObjectName(args.clusterName, spec.name);
            const rotation = spec.rotation ?? 0;
            const clientNamespace = spec.secretNamespace ?? namespace;
            const { value: passwordValue, revision: passwordRevision } = spec.passwordSecret
                ? existingPassword(`${name}-${spec.name}-password-source`, clientNamespace, spec.passwordSecret, { parent: this, provider })
                : // Step 0 has no keeper: the password generated before rotation existed stays.
                  { value: new random.RandomPassword(`${name}-${spec.name}-password`, { length: 32, special: false, ...(rotation > 0 ? { keepers: { rotation: String(rotation) } } : {}) }, { parent: this }).result, revision: pulumi.output(undefined) };
            // The clients' copy is ready to use: the login, the CA and client.properties naming both.
            const clientData = (): Record<string, pulumi.Input<string>> => ({
                [USER_SECRET_KEYS.jaas]: pulumi.secret(passwordValue.apply((p) => scramJaasConfig(spec.name, p))),
                [USER_SECRET_KEYS.properties]: pulumi.secret(
                    passwordValue.apply((p) =>
                        clientPropertiesText({
                            securityProtocol: args.listener.securityProtocol,
                            sasl: { mechanism: sasl.mechanism, username: spec.name, password: p },
                            caFile: tls ? `${USER_SECRET_MOUNT_PATH}/${TLS_KEYS.ca}` : undefined,
                        }),
                    ),
                ),
                ...(tls ? { [TLS_KEYS.ca]: pulumi.secret(pulumi.output(args.caCertificate).apply((pem) => requireCa(pem))) } : {}),
            });
            const userSecret = (resourceName: string, ns: string, forClients: boolean) =>
                new k8s.core.v1.Secret(
                    resourceName,
                    {
                        metadata: { name: objectName, namespace: ns, labels: labels(args.clusterName, "kafka-user", objectName) },
                        type: "Opaque",
                        stringData: {
                            [CREDENTIAL_KEYS.username]: spec.name,
                            [CREDENTIAL_KEYS.password]: pulumi.secret(passwordValue),
                            ...(forClients ? clientData() : {}),
                        },
                    },
                    { parent: this, provider },
                );
            // The Job reads the password in the Kafka namespace; the clients mount their own copy.
            const secret = userSecret(`${name}-${spec.name}`, namespace, clientNamespace === namespace);
            this.secrets.set(spec.name, secret);
            this.namespaces.set(spec.name, clientNamespace);
            this.clientSecrets.set(spec.name, clientNamespace === namespace ? secret : userSecret(`${name}-${spec.name}-${clientNamespace}`, clientNamespace, true));
            const manifest = pulumi.all([pulumi.output(args.image), pulumi.output(args.listener.bootstrapServers), passwordRevision]).apply(([image, bootstrapServers, revision]) =>
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
                    manageAcls: args.manageAcls ?? true,
                    rotation,
                    ...(revision !== undefined ? { passwordRevision: revision } : {}),
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
        // Users that left the stack: the Job compares the list in the cluster with this one; the
        // new list is written only once the Job succeeded, so a failed run is retried from the old one.
        const retireSpecs = pulumi.all([pulumi.output(args.image), pulumi.output(args.listener.bootstrapServers)]).apply(([image, bootstrapServers]) =>
            retireUsersSpecs({
                cluster: args.clusterName,
                namespace,
                users: args.users.map((u) => u.name),
                configMap: scriptsName,
                scripts: { retire: retire.script, applyUser: script, kubeApi: retire.kubeApi, client: clientScript },
                image,
                bootstrapServers,
                client: admin,
                resources: DEFAULT_USER_JOB_RESOURCES,
                manageAcls: args.manageAcls ?? true,
            }),
        );
        const identity = retireUsersIdentity(args.clusterName, namespace);
        const sa = new k8s.core.v1.ServiceAccount(`${name}-retire-sa`, identity.serviceAccount, { parent: this, provider });
        const role = new k8s.rbac.v1.Role(`${name}-retire-role`, identity.role, { parent: this, provider });
        const binding = new k8s.rbac.v1.RoleBinding(`${name}-retire-binding`, identity.roleBinding, { parent: this, provider, dependsOn: [sa, role] });
        this.retireJob = new k8s.batch.v1.Job(
            `${name}-retire`,
            { apiVersion: "batch/v1", kind: "Job", metadata: retireSpecs.job.metadata, spec: retireSpecs.job.spec },
            { parent: this, provider, dependsOn: [scripts, binding, ...componentDependencies(opts)], deleteBeforeReplace: true, customTimeouts: { create: "20m", update: "20m" } },
        );
        this.managedUsers = new k8s.core.v1.ConfigMap(
            `${name}-managed`,
            { metadata: managedUsersMeta(args.clusterName, namespace), data: retireSpecs.managedUsers.data },
            { parent: this, provider, dependsOn: [this.retireJob] },
        );
        this.registerOutputs({});
    }

    /** A client logging in as `user`, in the user's namespace, with the Secrets there. */
    clientFor(user: string): KafkaClientSettings {
        const namespace = this.namespaces.get(user);
        if (namespace === undefined) throw new Error(`KafkaUsers: no user ${user}`);
        const secretName = userObjectName(this.cluster, user);
        // Outside the Kafka namespace the CA comes from the user's own Secret.
        const tls = namespace === this.listener.namespace ? undefined : { caSecretName: secretName, caKey: TLS_KEYS.ca };
        return clientAs(this.listener, { secretName, namespace, tls });
    }
}

function requireCa(pem: string | undefined): string {
    if (!pem) throw new Error("KafkaUsers: caCertificate is empty; a client in another namespace could not trust the brokers");
    return pem;
}

/**
 * A password the team keeps in a Secret of its own namespace (users[].passwordSecret): read at
 * every deploy, never written; its resourceVersion re-runs the user's Job when it changes.
 */
function existingPassword(
    resourceName: string,
    namespace: string,
    ref: { name: string; key: string },
    opts: pulumi.CustomResourceOptions,
): { value: pulumi.Output<string>; revision: pulumi.Output<string | undefined> } {
    const source = k8s.core.v1.Secret.get(resourceName, `${namespace}/${ref.name}`, opts);
    const value = pulumi.secret(
        source.data.apply((data) => {
            const encoded = data?.[ref.key];
            if (!encoded) throw new Error(`Secret ${namespace}/${ref.name} has no key ${ref.key} (kafka-eks:users[].passwordSecret): add it, or name the key that holds the password`);
            const password = Buffer.from(encoded, "base64").toString("utf8");
            if (password === "" || /[\r\n]/.test(password)) throw new Error(`Secret ${namespace}/${ref.name} key ${ref.key} must hold the password on one line (kafka-eks:users[].passwordSecret)`);
            return password;
        }),
    );
    return { value, revision: source.metadata.resourceVersion };
}
