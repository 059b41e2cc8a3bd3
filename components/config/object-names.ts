/**
 * The Kubernetes objects a stack will create, by kind, namespace and name, computed from config
 * with the same naming functions the components use. Two objects with one identity would fail
 * `pulumi up` halfway (or, worse, one workload would take over another's), so a collision is a
 * config error; a test renders the stacks and checks this list against what is registered.
 */
import { clusterNames, clusterScopedName, STORAGE_CLASS_NAME } from "../common/names";
import { dataPlanePriorityClassName } from "../kafka/priority-class";
import { JOB_HASH_LENGTH, topicObjectName, topicScriptsName } from "../kafka/topics/names";
import { loginSecretName } from "../manager/login";
import { triggerAuthenticationName } from "../autoscaling/scaled-object-spec";
import { KEDA_HPA_PREFIX } from "../autoscaling/scaler-settings";
import { smokeTopicName } from "./smoke-test";
import { stackUsers, StackUsersInput } from "./users";
import { userObjectName, userScriptsName } from "../kafka/users/job";
import { managedUsersName, retireUsersName } from "../kafka/users/retire";
import { consumerUserName, kedaUserName } from "../security/builtin-users";
import { MetricsConfig, usesPrometheusOperator } from "./metrics";
import { dashboardConfigMaps } from "../observability/dashboards";
import { lagExporterName } from "../observability/alerts";
import { metricsAgentUrl } from "../observability/node-metrics";
import { egressPolicySpecs } from "../security/egress-policy-spec";
import { kedaNetworkPolicySpecs } from "../security/keda-network-policy-spec";
import { UNRESTRICTED_POLICY_NAME } from "../security/unrestricted-namespace-policy-spec";
import { podMonitorSpec, prometheusRuleSpec, rulesConfigMapSpec } from "../observability/monitoring-spec";

/** Kubernetes label values (and so Job names, which label their pods) are at most 63 characters. */
const MAX_LABEL_VALUE = 63;

export interface PlannedObject {
    kind: string;
    /** Undefined for cluster-scoped objects. */
    namespace?: string;
    name: string;
    /** Config key whose value chose the name (reported on a collision). */
    key: (string | number)[];
    /** Jobs get `-<8 hex>` of their spec appended: `name` is the stem. */
    hashedSuffix?: boolean;
}

/** Namespaces Kubernetes itself owns: nothing of a Kafka stack belongs there. */
export const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"] as const;

export interface ObjectNamesInput extends StackUsersInput {
    platform: { mode: "eks" | "existing" };
    kafka: {
        name: string;
        namespace: string;
        mode: "zookeeper" | "kraft";
        brokers: number;
        kraft: { topology: "dedicated" | "combined"; controllers: number };
        rebalance: { onScaleUp: boolean };
    };
    zookeeper: { replicas: number };
    topics: ReadonlyArray<{ name: string }>;
    manager: { enabled: boolean; login: boolean; kind: string; readOnly: boolean };
    consumers: ReadonlyArray<{ topic: string; group: string; workload?: { name: string; namespace?: string } }>;
    autoscaling: { keda: { install: boolean; namespace: string }; scalers: ReadonlyArray<{ name: string; hpaName?: string; deployment: string; topic: string; consumerGroup: string; namespace?: string }> };
    security: StackUsersInput["security"] & { networkPolicies: boolean; tls: boolean };
    smokeTest: { enabled: boolean };
    metrics: MetricsConfig;
}

/** Every object the stack creates (KEDA's chart objects aside), with the config key behind its name. */
export function plannedObjects(c: ObjectNamesInput): PlannedObject[] {
    const ns = c.kafka.namespace;
    const cluster = c.kafka.name;
    const n = clusterNames(cluster);
    const at = (key: (string | number)[]) => key;
    const named = ["kafka", "name"];
    const out: PlannedObject[] = [];
    /** `namespace` null: a cluster-scoped object. */
    const add = (kind: string, name: string, key: (string | number)[] = named, namespace: string | null = ns, hashedSuffix = false) =>
        out.push({ kind, ...(namespace === null ? {} : { namespace }), name, key, ...(hashedSuffix ? { hashedSuffix } : {}) });

    add("Namespace", ns, at(["kafka", "namespace"]), null);
    // VPC CNI strict mode (with the stack's NetworkPolicies, on a cluster it builds): kube-system stays open.
    if (c.platform.mode === "eks" && c.security.networkPolicies) add("NetworkPolicy", UNRESTRICTED_POLICY_NAME, at(["security", "networkPolicies"]), "kube-system");
    add("StorageClass", STORAGE_CLASS_NAME, at(["storage"]), null);
    const nodeReader = clusterScopedName(ns, cluster, "node-reader");
    add("ClusterRole", nodeReader, named, null);
    add("ClusterRoleBinding", nodeReader, named, null);
    add("PriorityClass", dataPlanePriorityClassName(ns, cluster), named, null);
    add("ServiceAccount", n.kafkaServiceAccount);
    add("Service", n.bootstrap);

    const statefulSet = (name: string, headless: string, replicas: number, claims: string[]) => {
        add("StatefulSet", name);
        add("PodDisruptionBudget", name);
        add("Service", headless);
        for (let i = 0; i < replicas; i++) for (const claim of claims) add("PersistentVolumeClaim", `${claim}-${name}-${i}`);
    };
    statefulSet(n.brokers, n.brokersHeadless, c.kafka.brokers, ["data"]);
    add("ConfigMap", n.brokerConfig);
    // Created once the cluster first deployed (index.ts, KafkaBootstrapMarker), in every mode.
    add("ConfigMap", n.bootstrapped);
    // The node roller (kafka/roller/): restarts the OnDelete StatefulSets' pods, in every mode.
    add("ServiceAccount", n.roller);
    add("Role", n.roller);
    add("RoleBinding", n.roller);
    add("ConfigMap", n.roller);
    add("Job", n.roller, named, ns, true);
    // Partition moves on a broker count change (kafka/rebalance/): a broker StatefulSet of its own.
    if (!(c.kafka.mode === "kraft" && c.kafka.kraft.topology === "combined")) {
        for (const kind of ["ServiceAccount", "Role", "RoleBinding", "ConfigMap"]) add(kind, n.rebalance);
        add("Job", `${n.rebalance}-drain`, named, ns, true);
        if (c.kafka.rebalance.onScaleUp) add("Job", `${n.rebalance}-spread`, at(["kafka", "rebalance", "onScaleUp"]), ns, true);
    }
    if (c.kafka.mode === "zookeeper") {
        statefulSet(n.zookeeper, n.zookeeperHeadless, c.zookeeper.replicas, ["data", "datalog"]);
        add("Service", n.zookeeperClient);
        add("ConfigMap", n.zookeeperScripts);
    } else {
        add("Secret", n.clusterIdSecret);
        // metadata.version finalization after the roll (kafka/features/).
        add("ConfigMap", n.features);
        add("Job", n.features, named, ns, true);
        if (c.kafka.kraft.topology === "dedicated") {
            statefulSet(n.controllers, n.controllersHeadless, c.kafka.kraft.controllers, ["data"]);
            add("ConfigMap", n.controllerConfig);
        }
    }
    if (c.security.authentication !== "none") {
        add("Secret", n.adminCredentials, at(["security", "authentication"]));
        add("Secret", n.adminBCredentials, at(["security", "authentication"]));
        // Password rotation (credential-rotation/): the script and the Jobs around the roll.
        add("ConfigMap", n.credentials, at(["security", "authentication"]));
        add("Job", `${n.credentials}-apply`, at(["security", "authentication"]), ns, true);
        add("Job", `${n.credentials}-retire`, at(["security", "authentication"]), ns, true);
    }
    // KafkaUsers (SCRAM): a Secret and an apply Job per user, one scripts ConfigMap; a client in
    // another namespace gets its own copy of the Secret there.
    const users = stackUsers(c);
    if (users.length > 0) {
        add("ConfigMap", userScriptsName(cluster), at(["security", "authentication"]));
        // Retiring users that left the stack (kafka/users/retire.ts): the list of managed users and its Job.
        add("ConfigMap", managedUsersName(cluster), at(["security", "authentication"]));
        for (const kind of ["ServiceAccount", "Role", "RoleBinding"]) add(kind, retireUsersName(cluster), at(["security", "authentication"]));
        add("Job", retireUsersName(cluster), at(["security", "authentication"]), ns, true);
    }
    for (const u of users) {
        const i = c.users.findIndex((x) => x.name === u.name);
        const key = i >= 0 ? ["users", i, "name"] : builtinUserKey(c, u.name);
        add("Secret", userObjectName(cluster, u.name), key);
        add("Job", userObjectName(cluster, u.name), key, ns, true);
        if (u.secretNamespace !== undefined && u.secretNamespace !== ns) add("Secret", userObjectName(cluster, u.name), i >= 0 ? ["users", i, "namespace"] : key, u.secretNamespace);
    }
    if (c.security.tls) {
        add("Secret", n.caSecret, at(["security", "tls"]));
        add("Secret", n.brokerTls, at(["security", "tls"]));
    }
    if (c.security.networkPolicies) {
        const policies = ["default-deny-ingress", "kafka-clients", "kafka-replication", ...(c.kafka.mode === "zookeeper" ? ["zookeeper-clients", "zookeeper-quorum"] : ["kafka-controller-quorum"])];
        for (const p of policies) add("NetworkPolicy", `${cluster}-${p}`, at(["security", "networkPolicies"]));
        // Egress: named by their builder (the API server's address does not change a name).
        const metricsAgent = c.metrics.enabled ? metricsAgentUrl({ agentUrl: c.metrics.agentUrl }) : undefined;
        const egress = egressPolicySpecs({ cluster, namespace: ns, zookeeper: c.kafka.mode === "zookeeper", apiServerCidr: "", metricsAgentUrl: metricsAgent });
        for (const p of egress) add("NetworkPolicy", p.metadata.name, at(["security", "networkPolicies"]));
    }

    // KafkaTopics: one Job per topic and one scripts ConfigMap; the smoke test has its own of both.
    if (c.topics.length > 0) add("ConfigMap", topicScriptsName(cluster), at(["topics"]));
    c.topics.forEach((t, i) => add("Job", topicObjectName(cluster, t.name), ["topics", i, "name"], ns, true));
    if (c.smokeTest.enabled) {
        add("ConfigMap", n.smokeTestTopicScripts, at(["smokeTest", "enabled"]));
        add("Job", topicObjectName(cluster, smokeTopicName(cluster)), at(["smokeTest", "enabled"]), ns, true);
        add("ConfigMap", n.smokeTest, at(["smokeTest", "enabled"]));
        add("Job", n.smokeTest, at(["smokeTest", "enabled"]), ns, true);
    }

    if (c.manager.enabled) {
        add("Deployment", n.manager, at(["manager", "enabled"]));
        add("Service", n.manager, at(["manager", "enabled"]));
        if (c.manager.login) add("Secret", loginSecretName(n.manager), at(["manager", "login"]));
    }
    c.consumers.forEach((g, i) => {
        if (g.workload) add("Deployment", g.workload.name, ["consumers", i, "workload", "name"], g.workload.namespace ?? ns);
    });
    if (c.autoscaling.keda.install) add("Namespace", c.autoscaling.keda.namespace, ["autoscaling", "keda", "namespace"], null);
    if (c.autoscaling.keda.install && c.security.networkPolicies) {
        const metrics = c.metrics.enabled ? { scraperNamespace: c.metrics.scraperNamespace, port: 0 } : undefined;
        for (const p of kedaNetworkPolicySpecs({ namespace: c.autoscaling.keda.namespace, kafka: { cluster, namespace: ns }, apiServerCidr: "", metrics })) {
            add("NetworkPolicy", p.metadata.name, ["security", "networkPolicies"], c.autoscaling.keda.namespace);
        }
    }
    if (c.metrics.enabled) monitoringObjects(c, add);
    c.autoscaling.scalers.forEach((s, i) => {
        const at = s.namespace ?? ns;
        add("ScaledObject", s.name, ["autoscaling", "scalers", i, "name"], at);
        if (c.security.authentication !== "none" || c.security.tls) add("TriggerAuthentication", triggerAuthenticationName(s.name), ["autoscaling", "scalers", i, "name"], at);
        // Created by KEDA, not by Pulumi, but in the same namespace under a name the config chooses.
        add("HorizontalPodAutoscaler", s.hpaName ?? `${KEDA_HPA_PREFIX}${s.name}`, ["autoscaling", "scalers", i, s.hpaName === undefined ? "name" : "hpaName"], at);
    });
    return out;
}

/** The config key that named a built-in user: a scaler's namespace (keda-<ns>), a workload (consumer-<name>), else authentication. */
function builtinUserKey(c: ObjectNamesInput, user: string): (string | number)[] {
    const scaler = c.autoscaling.scalers.findIndex((s) => kedaUserName(s.namespace ?? c.kafka.namespace) === user);
    if (scaler >= 0) return ["autoscaling", "scalers", scaler, "namespace"];
    const consumer = c.consumers.findIndex((x) => x.workload !== undefined && consumerUserName(x.workload.name) === user);
    if (consumer >= 0) return ["consumers", consumer, "workload", "name"];
    return ["security", "authentication"];
}

/** KafkaMonitoring's objects and the metrics NetworkPolicies (components/observability), named by their specs. */
function monitoringObjects(c: ObjectNamesInput, add: (kind: string, name: string, key: (string | number)[], namespace?: string | null) => void): void {
    const m = c.metrics;
    const ns = c.kafka.namespace;
    const cluster = c.kafka.name;
    const key = (k: keyof MetricsConfig) => ["metrics", k];
    if (m.installStack) {
        add("Namespace", m.scraperNamespace, key("scraperNamespace"), null);
        add("NetworkPolicy", UNRESTRICTED_POLICY_NAME, key("installStack"), m.scraperNamespace);
    }
    if (m.dashboards) {
        const controllers = c.kafka.mode === "kraft" && c.kafka.kraft.topology === "dedicated" ? c.kafka.kraft.controllers : 0;
        for (const cm of dashboardConfigMaps({ cluster, namespace: ns, mode: c.kafka.mode, controllers }, m.scraperNamespace)) add("ConfigMap", cm.metadata.name, key("dashboards"), m.scraperNamespace);
    }
    const operator = usesPrometheusOperator(m);
    if (m.lagExporter) {
        const lag = lagExporterName(cluster);
        add("Deployment", lag, key("lagExporter"));
        add("Service", lag, key("lagExporter"));
        if (operator) add("ServiceMonitor", lag, key("lagExporter"));
    }
    if (operator) {
        add("PodMonitor", podMonitorSpec(cluster, ns).metadata.name, key("enabled"));
        add("PrometheusRule", prometheusRuleSpec(cluster, ns, []).metadata.name, key("enabled"));
    } else {
        add("ConfigMap", rulesConfigMapSpec(cluster, ns, []).metadata.name, key("enabled"));
    }
    if (c.security.networkPolicies) {
        const policies = ["kafka-metrics", "lag-exporter-metrics", ...(c.kafka.mode === "zookeeper" ? ["zookeeper-metrics"] : [])];
        for (const p of policies) add("NetworkPolicy", `${cluster}-${p}`, ["security", "networkPolicies"]);
    }
}

function describe(o: PlannedObject): string {
    return `${o.kind} ${o.namespace === undefined ? "" : `${o.namespace}/`}${o.name}`;
}

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-section rule: no two planned objects share kind, namespace and name; no reserved namespace. */
export function objectNameRules(c: ObjectNamesInput, issue: Issue): void {
    const objects = plannedObjects(c);
    // Every Namespace the stack creates (Kafka's, KEDA's, the monitoring stack's): what it would put
    // in one Kubernetes owns is that same mistake, not a collision of its own.
    const refused = new Set<string>();
    for (const o of objects) {
        if (o.kind !== "Namespace" || !(RESERVED_NAMESPACES as readonly string[]).includes(o.name)) continue;
        refused.add(o.name);
        issue(o.key, `${o.name} belongs to Kubernetes itself; give the stack its own namespace`);
    }

    const seen = new Map<string, PlannedObject>();
    const reported = new Set<string>();
    // A user's name is the stem of its Job's name, which Kubernetes puts in a pod label (at most 63 characters).
    const userStem = userObjectName(c.kafka.name, "");
    for (const o of objects) {
        if (o.kind === "Job" && o.name.startsWith(userStem) && o.name.length + JOB_HASH_LENGTH + 1 > MAX_LABEL_VALUE) {
            // The name is <kafka.name>-user-<user>; the user's name comes from the key's value (a user's
            // name, a namespace for a KEDA user) or is built in (security.authentication's users).
            const last = o.key[o.key.length - 1];
            const part = last === "name" ? "this name or " : last === "namespace" ? "this namespace or " : "";
            issue(o.key, `would create Job ${o.name}-<${JOB_HASH_LENGTH} hex>, longer than ${MAX_LABEL_VALUE} characters (its name labels the Job's pods); shorten ${part}kafka.name ("${c.kafka.name}", ${c.kafka.name.length} characters)`);
        }
    }
    for (const o of objects) {
        if (refused.has(o.namespace ?? "") || (o.kind === "Namespace" && refused.has(o.name))) continue;
        const id = `${o.kind}\u0000${o.namespace ?? ""}\u0000${o.name}`;
        const first = seen.get(id);
        if (!first) {
            seen.set(id, o);
            continue;
        }
        const where = o.key.join(".") === first.key.join(".") ? first.key : o.key;
        if (reported.has(where.join("."))) continue;
        reported.add(where.join("."));
        issue(where, `would create ${describe(o)}, which the stack already creates for ${keyText(first.key)}; choose another name`);
    }

    // A user's own password Secret is read, never written: it cannot be one the stack writes (the
    // user's generated Secret, another user's), which would replace it or read one not there yet.
    c.users.forEach((u, i) => {
        if (u.passwordSecret === undefined) return;
        const written = objects.find((o) => o.kind === "Secret" && o.namespace === u.namespace && o.name === u.passwordSecret!.name);
        if (written) issue(["users", i, "passwordSecret", "name"], `names Secret ${u.passwordSecret.name} in ${u.namespace}, which the stack itself creates (from ${keyText(written.key)}): the password must come from a Secret of your own; choose another name`);
    });

    // A scaler of a Deployment in the Kafka namespace other than an example consumer (the UI, say) is
    // refused by scalerRules: that namespace holds only the cluster.
}

function keyText(key: (string | number)[]): string {
    return key.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}
