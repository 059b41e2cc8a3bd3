/**
 * KafkaManager: the web UI for a Kafka cluster — kafbat/kafka-ui (both modes, default) or CMAK
 * (ZooKeeper mode only) — behind a ClusterIP Service, with a generated login kept in a Secret.
 * Manifests come from kafka-ui-spec.ts / cmak-spec.ts; this class wires them to resources.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { KafkaClientSettings } from "../common/client";
import { CMAK_IMAGE, KAFKA_UI_IMAGE } from "../common/images";
import { labels } from "../common/labels";
import { clusterNames, serviceDnsName } from "../common/names";
import { requireKubernetesProvider } from "../common/provider";
import { CMAK_PORT, cmakConfig, cmakDeployment, zookeeperHostsOf } from "./cmak-spec";
import { KAFKA_UI_PORT, kafkaUiDeployment } from "./kafka-ui-spec";
import { LOGIN_KEYS, LoginRef, loginSecretName } from "./login";
import { ManagerResources, managerService } from "./workload-parts";

export type ManagerKind = "kafka-ui" | "cmak";

export interface KafkaManagerArgs {
    /** Kafka cluster name: object names (`<cluster>-ui`), labels, display name. Required. */
    clusterName: string;
    /** How to reach Kafka; the UI runs in `client.namespace`. Required. */
    client: KafkaClientSettings;
    /** Metadata mode of the cluster; CMAK needs `zookeeper`. Required. */
    kafkaMode: "zookeeper" | "kraft";
    /** `kafka-ui` or `cmak`. Default kafka-ui. */
    kind?: ManagerKind;
    /** Kafka's zookeeper.connect (chroot included). Required for cmak, ignored by kafka-ui. */
    zookeeperConnect?: pulumi.Input<string>;
    /** Require a login. Default true. false is allowed only with readOnly (kafka-ui). */
    login?: boolean;
    /** Login user name. Default "admin". */
    username?: string;
    /** kafka-ui read-only mode. Default false. Not available with cmak. */
    readOnly?: boolean;
    /** Pod resources. Default 250m CPU, 1024 MiB, heap 512 MiB. */
    resources?: ManagerResources;
    /** Image. Default KAFKA_UI_IMAGE or CMAK_IMAGE (pinned). */
    image?: string;
}

export class KafkaManager extends pulumi.ComponentResource {
    readonly deployment: k8s.apps.v1.Deployment;
    readonly service: k8s.core.v1.Service;
    /** Service name. */
    readonly serviceName: string;
    /** In-cluster URL of the UI (`kubectl port-forward svc/<serviceName> <port>` from outside). */
    readonly url: string;
    /** Login user, or undefined without login. */
    readonly username?: string;
    /** Generated login password (secret), or undefined without login. */
    readonly password?: pulumi.Output<string>;
    /** Secret holding username/password, or undefined without login. */
    readonly loginSecretName?: string;

    constructor(name: string, args: KafkaManagerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-eks:manager:KafkaManager", name, args, opts);
        const provider = requireKubernetesProvider(this, "KafkaManager");
        const kind = args.kind ?? "kafka-ui";
        const login = args.login ?? true;
        const readOnly = args.readOnly ?? false;
        checkArgs(kind, login, readOnly, args);

        const namespace = args.client.namespace;
        const resourceName = clusterNames(args.clusterName).manager;
        const resources = args.resources ?? { cpu: "250m", memoryMiB: 1024, heapMiB: 512 };

        let loginRef: LoginRef | undefined;
        const dependsOn: pulumi.Resource[] = [];
        if (login) {
            const username = args.username ?? "admin";
            const password = new random.RandomPassword(`${name}-password`, { length: 32, special: false }, { parent: this });
            const secretName = loginSecretName(resourceName);
            const stringData: Record<string, pulumi.Input<string>> = { [LOGIN_KEYS.username]: username, [LOGIN_KEYS.password]: password.result };
            if (kind === "cmak") {
                const appSecret = new random.RandomPassword(`${name}-application-secret`, { length: 64, special: false }, { parent: this });
                // CMAK reads the login from this file (-Dconfig.file), never from env vars.
                stringData[LOGIN_KEYS.cmakConfig] = pulumi.all([password.result, appSecret.result]).apply(([p, s]) => cmakConfig(username, p, s));
            }
            const secret = new k8s.core.v1.Secret(
                `${name}-login`,
                { metadata: { name: secretName, namespace, labels: labels(args.clusterName, "kafka-manager", resourceName) }, type: "Opaque", stringData },
                { parent: this, provider },
            );
            dependsOn.push(secret);
            loginRef = { secretName };
            this.username = username;
            this.password = pulumi.secret(password.result);
            this.loginSecretName = secretName;
        }

        const port = kind === "cmak" ? CMAK_PORT : KAFKA_UI_PORT;
        const spec =
            kind === "cmak"
                ? cmakDeployment({
                      name: resourceName,
                      cluster: args.clusterName,
                      namespace,
                      image: args.image ?? CMAK_IMAGE,
                      zookeeperConnect: args.zookeeperConnect!,
                      zookeeperHosts: pulumi.output(args.zookeeperConnect!).apply(zookeeperHostsOf),
                      login: loginRef!,
                      resources,
                  })
                : kafkaUiDeployment({
                      name: resourceName,
                      cluster: args.clusterName,
                      client: args.client,
                      image: args.image ?? KAFKA_UI_IMAGE,
                      readOnly,
                      login: loginRef,
                      resources,
                  });
        this.deployment = new k8s.apps.v1.Deployment(name, spec, { parent: this, provider, dependsOn });
        this.service = new k8s.core.v1.Service(name, managerService(resourceName, args.clusterName, namespace, port), { parent: this, provider });
        this.serviceName = resourceName;
        this.url = `http://${serviceDnsName(resourceName, namespace)}:${port}`;

        this.registerOutputs({ serviceName: this.serviceName, url: this.url, username: this.username, loginSecretName: this.loginSecretName });
    }
}

/** The same rules the config schema enforces, for library callers that bypass it. */
function checkArgs(kind: ManagerKind, login: boolean, readOnly: boolean, args: KafkaManagerArgs): void {
    const fail = (message: string): never => {
        throw new Error(`KafkaManager: ${message}`);
    };
    if (!login && !readOnly) fail("login may be false only with readOnly: true");
    if (kind === "cmak") {
        if (args.kafkaMode !== "zookeeper") fail("kind cmak requires kafkaMode zookeeper (CMAK cannot manage KRaft clusters); use kafka-ui");
        if (args.zookeeperConnect === undefined) fail("kind cmak requires zookeeperConnect");
        if (readOnly) fail("readOnly is a kafka-ui feature; CMAK has no read-only mode");
        if (!login) fail("kind cmak always uses a login");
        if (args.client.securityProtocol !== "PLAINTEXT") {
            fail(`kind cmak supports only PLAINTEXT client connections (got ${args.client.securityProtocol}): CMAK would store SASL credentials in ZooKeeper in plain text and cannot trust a private CA; use kafka-ui`);
        }
    }
}
