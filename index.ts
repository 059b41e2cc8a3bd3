/**
 * The kafka-eks program: read the stack's config, wire the components, export outputs.
 * Everything else lives in components/.
 */
import * as k8s from "./components/common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    ExampleConsumer,
    KafkaBootstrapMarker,
    KafkaCluster,
    KafkaConsumerScaler,
    KafkaManager,
    KafkaNetworkPolicies,
    KEDA_OPERATOR_METRICS_PORT,
    KafkaSmokeTest,
    KafkaTopics,
    KafkaMonitoring,
    KafkaUsers,
    KedaOperator,
    anonymousClient,
    Platform,
    ZooKeeperEnsemble,
    BUILTIN_USER,
    authorizationMode,
    consumerUserName,
    interBrokerUser,
    kedaUserName,
    dataPlanePriorityClass,
    platformLabels,
    kafkaImage,
    loadStackConfig,
    metricsAgentUrl,
    namespaceSpec,
    nodeMetricsOptions,
    usesPrometheusOperator,
    stackUsers,
    imagePinningTransformation,
} from "./components";

// Validate first: a config error stops the program before any resource is registered.
const config = loadStackConfig();
const project = pulumi.getProject();
const protect = config.platform.protect;
const cluster = config.kafka.name;

const platform = new Platform("platform", {
    clusterName: `${project}-${pulumi.getStack()}`,
    kafkaClusterName: cluster,
    region: new pulumi.Config("aws").get("region") ?? "",
    platform: config.platform,
    storage: config.storage,
    // Strict: a new pod is denied until its policies are in place. Only with the stack's policies, which cover every pod it runs.
    networkPolicyEnforcingMode: config.security.networkPolicies ? "strict" : "standard",
});
const provider = platform.provider;

const ns = namespaceSpec(config.kafka.namespace, cluster);
const namespace = new k8s.core.v1.Namespace(ns.metadata.name, ns, { provider, protect, retainOnDelete: protect });
// Every pod below runs its images by digest where images.digests has one, and through the ECR
// pull-through cache with platform.imageCache (children inherit the transformation).
const transformations = [imagePinningTransformation({ digests: config.images.digests, registry: platform.imageRegistry })];
const inNamespace = { provider, transformations, dependsOn: [namespace] };
// Brokers, controllers and ZooKeeper outrank consumers and Jobs for scheduling and eviction.
const dataPlane = dataPlanePriorityClass(config.kafka.namespace, cluster, platformLabels(cluster));
const priorityClass = new k8s.scheduling.v1.PriorityClass(dataPlane.metadata.name, dataPlane, { provider });
// Metrics from every node (undefined when metrics.enabled is false).
const nodeMetrics = nodeMetricsOptions(config.metrics);

const zookeeper =
    config.kafka.mode === "zookeeper"
        ? new ZooKeeperEnsemble("zookeeper", { kafka: config.kafka, zookeeper: config.zookeeper, namespace: namespace.metadata.name, protect, metrics: nodeMetrics, security: config.security, priorityClassName: dataPlane.metadata.name }, {
              provider,
              transformations,
              dependsOn: [namespace, platform.storageClass, priorityClass],
          })
        : undefined;

const kafka = new KafkaCluster("kafka", { kafka: config.kafka, zookeeper: config.zookeeper, namespace: namespace.metadata.name, protect, security: config.security, configPrefix: project, metrics: nodeMetrics, priorityClassName: dataPlane.metadata.name }, {
    provider,
    transformations,
    dependsOn: [namespace, platform.storageClass, priorityClass, ...(zookeeper ? [zookeeper] : [])],
});
const listener = kafka.clientListener;

// With SCRAM every client logs in as its own user, with ACLs for exactly its job
// (components/security/builtin-users.ts); there is no shared client user.
const userSpecs = stackUsers(config);
const users =
    userSpecs.length > 0
        ? new KafkaUsers("users", {
              clusterName: cluster,
              listener,
              adminUser: interBrokerUser(config.security.rotation.interBroker),
              image: kafkaImage(config.kafka.version),
              users: userSpecs,
              caCertificate: kafka.caCertificate,
              manageAcls: authorizationMode(config.security) === "acls",
          }, { provider, transformations, dependsOn: [kafka] })
        : undefined;
const clientFor = (user: string) => (users ? users.clientFor(user) : anonymousClient(listener));
const afterUsers = users ? [users] : [];

// Metrics, alerts, lag exporter and (optionally) kube-prometheus-stack.
const monitoring = config.metrics.enabled
    ? new KafkaMonitoring("monitoring", {
          metrics: config.metrics,
          alerts: {
              cluster,
              namespace: config.kafka.namespace,
              mode: config.kafka.mode,
              brokers: config.kafka.brokers,
              controllers: config.kafka.mode === "kraft" && config.kafka.kraft.topology === "dedicated" ? config.kafka.kraft.controllers : 0,
              zookeeperReplicas: config.kafka.mode === "zookeeper" ? config.zookeeper.replicas : 0,
              lagAlerts: config.consumers.flatMap((c) => (c.lagAlertThreshold === undefined ? [] : [{ group: c.group, topic: c.topic, threshold: c.lagAlertThreshold }])),
              // Scaler errors are scraped from the KEDA this stack installs.
              scaledObjects: config.autoscaling.keda.install ? config.autoscaling.scalers.map((s) => ({ name: s.name, namespace: s.namespace ?? config.kafka.namespace })) : [],
          },
          certificateNotAfter: kafka.brokerCertificateNotAfter,
          renewBeforeDays: config.security.certificates.renewBeforeDays,
          client: clientFor(BUILTIN_USER.lagExporter),
          kafkaVersion: config.kafka.version,
      }, { provider, transformations, dependsOn: [kafka, ...afterUsers] })
    : undefined;

const keda = config.autoscaling.keda.install
    ? new KedaOperator("keda", {
          clusterName: cluster,
          namespace: config.autoscaling.keda.namespace,
          metrics: config.metrics.enabled ? { podMonitor: usesPrometheusOperator(config.metrics) } : undefined,
          networkPolicies: config.security.networkPolicies
              ? {
                    kafka: { cluster, namespace: config.kafka.namespace },
                    apiServerCidr: platform.apiServerCidr,
                    metrics: config.metrics.enabled ? { scraperNamespace: config.metrics.scraperNamespace, port: KEDA_OPERATOR_METRICS_PORT } : undefined,
                }
              : undefined,
          imageDigests: config.images.digests,
          imageRegistry: platform.imageRegistry,
      }, { provider, transformations, dependsOn: monitoring?.stack ? [monitoring.stack] : [] })
    : undefined;

if (config.security.networkPolicies) {
    new KafkaNetworkPolicies("network-policies", {
        cluster,
        namespace: config.kafka.namespace,
        zookeeper: config.kafka.mode === "zookeeper",
        // KEDA's operator reads consumer lag from the brokers, whoever installed it.
        clientNamespaces: [...config.security.clientNamespaces, ...(keda || config.autoscaling.scalers.length > 0 ? [config.autoscaling.keda.namespace] : [])],
        zookeeperClients: config.manager.enabled && config.manager.kind === "cmak" ? ["kafka-manager"] : [],
        metrics: config.metrics.enabled ? { scraperNamespace: config.metrics.scraperNamespace } : undefined,
        apiServerCidr: platform.apiServerCidr,
        metricsAgentUrl: nodeMetrics && metricsAgentUrl(nodeMetrics),
    }, inNamespace);
}

// Without topics there is no topic-manager user to run their Jobs as.
const topics = config.topics.length > 0
    ? [new KafkaTopics("topic", {
          clusterName: cluster,
          namespace: config.kafka.namespace,
          topics: config.topics,
          image: kafkaImage(config.kafka.version),
          clientSettings: clientFor(BUILTIN_USER.topicManager),
          configKey: `${project}:topics`,
      }, { provider, transformations, dependsOn: [kafka, ...afterUsers] })]
    : [];

// After brokers and topics: produce with acks=all and read back; `pulumi up` fails if it cannot.
const smokeTest = config.smokeTest.enabled
    ? new KafkaSmokeTest("smoke-test", {
          clusterName: cluster,
          client: clientFor(BUILTIN_USER.smokeTest),
          kafkaVersion: config.kafka.version,
          replicationFactor: config.kafka.replicationFactor,
          minInsyncReplicas: config.kafka.minInsyncReplicas,
          clusterRevision: kafka.revision,
          messages: config.smokeTest.messages,
          timeoutSeconds: config.smokeTest.timeoutSeconds,
      }, { provider, transformations, dependsOn: [kafka, ...afterUsers, ...topics] })
    : undefined;

// Marks the cluster as bootstrapped once it deployed and passed the smoke test: from then on a KRaft
// quorum voter refuses to format an empty metadata log (a lost volume) unless reformatNodes lists it,
// and passwords change only through the credential Jobs.
new KafkaBootstrapMarker("kafka-bootstrapped", { kafka: config.kafka, configPrefix: project }, { provider, transformations, dependsOn: [kafka, ...(smokeTest ? [smokeTest] : [])] });

const manager = config.manager.enabled
    ? new KafkaManager("manager", {
          clusterName: cluster,
          // CMAK connects only to PLAINTEXT listeners (config: security rules), as nobody.
          client: config.manager.kind === "kafka-ui" ? clientFor(BUILTIN_USER.manager) : anonymousClient(listener),
          kafkaMode: config.kafka.mode,
          kind: config.manager.kind,
          zookeeperConnect: kafka.zookeeperConnect.apply((c) => c ?? ""),
          login: config.manager.login,
          username: config.manager.username,
          readOnly: config.manager.readOnly,
          resources: config.manager.resources,
      }, { provider, transformations, dependsOn: [kafka, ...afterUsers] })
    : undefined;

const consumers = new Map<string, ExampleConsumer>();
for (const c of config.consumers) {
    if (c.workload === undefined) continue;
    consumers.set(c.workload.name, new ExampleConsumer(c.workload.name, {
        clusterName: cluster,
        client: clientFor(consumerUserName(c.workload.name)),
        topic: c.topic,
        group: c.group,
        kafkaVersion: config.kafka.version,
        processingDelayMs: c.workload.processingDelayMs,
        resources: c.workload.resources,
    }, { provider, transformations, dependsOn: [...afterUsers, ...topics] }));
}

const scalers = config.autoscaling.scalers.map((s) => {
    const { name, namespace: _namespace, ...scaler } = s;
    const target = consumers.get(s.deployment);
    return new KafkaConsumerScaler(name, {
        ...scaler,
        clusterName: cluster,
        client: clientFor(kedaUserName(s.namespace ?? config.kafka.namespace)),
        topicPartitions: config.topics.find((t) => t.name === s.topic)?.partitions,
        keda: keda?.chart,
    }, { provider, transformations, dependsOn: [...afterUsers, ...(target ? [target] : [])] });
});

export const kubeconfig = platform.kubeconfig;
export const storageClassName = platform.storageClass.metadata.name;
export const kafkaNamespace = namespace.metadata.name;
export const kafkaMode = kafka.mode;
export const bootstrapServers = kafka.bootstrapServers;
export const brokerCount = kafka.brokerCount;
export const zookeeperConnect = kafka.zookeeperConnect;
export const kafkaClusterId = kafka.clusterId;
export const topicNames = topics.flatMap((t) => [...t.specs.keys()]);
export const clientSecurityProtocol = listener.securityProtocol;
export const smokeTestJob = smokeTest?.jobName;
export const managerUrl = manager?.url;
export const managerUsername = manager?.username;
export const managerPassword = manager?.password;
export const scaledObjects = scalers.map((s) => s.scaledObjectName);
