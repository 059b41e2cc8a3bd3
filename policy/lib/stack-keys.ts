/**
 * Which kafka-eks stack-config key sets a deployed field, so a violation on an object this
 * project rendered also names the line of Pulumi.<stack>.yaml to change. The pack judges deployed
 * objects on their own; this table only adds the pointer where the mapping is exact (a field the
 * program derives from exactly one key). tests/policy/stack-keys.test.ts checks every key against
 * the config schema.
 */
import { BROKER_COMPONENTS, COMPONENT, SERVER_PROPERTIES_KEY, TOPIC_SPEC_ANNOTATION } from "./contract";

/** The project's config namespace (Pulumi.yaml `name`), as stack files and config errors write keys. */
export const CONFIG_NAMESPACE = "kafka-eks";

export interface StackKeyRule {
    /** Kubernetes Kind or Pulumi type of the object. */
    kind: string;
    /** `app.kubernetes.io/component` values the rule applies to; absent: any. */
    components?: readonly string[];
    /** Matches the field as the policy names it (it may carry a trailing `(container "x")`). */
    field: RegExp;
    /** Key below the namespace, as the config reference writes it (`kafka.replicationFactor`). */
    key: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const property = (...keys: string[]) => new RegExp(`^data\\["${escape(SERVER_PROPERTIES_KEY)}"\\] (${keys.map(escape).join("|")})$`);
const topicMember = (pattern: string) => new RegExp(`^metadata\\.annotations\\["${escape(TOPIC_SPEC_ANNOTATION)}"\\]\\.${pattern}$`);
const KAFKA_NODES = [COMPONENT.broker, COMPONENT.controller, COMPONENT.combined];

export const STACK_KEY_RULES: readonly StackKeyRule[] = [
    { kind: "StatefulSet", components: [COMPONENT.zookeeper], field: /^spec\.replicas$/, key: "zookeeper.replicas" },
    { kind: "StatefulSet", components: [COMPONENT.controller], field: /^spec\.replicas$/, key: "kafka.kraft.controllers" },
    { kind: "StatefulSet", components: BROKER_COMPONENTS, field: /^spec\.replicas$/, key: "kafka.brokers" },
    { kind: "StatefulSet", components: KAFKA_NODES, field: /\.containers\[\d+\]\.image\b/, key: "kafka.version" },
    { kind: "StatefulSet", components: [COMPONENT.zookeeper], field: /\.containers\[\d+\]\.image\b/, key: "zookeeper.version" },
    { kind: "ConfigMap", components: KAFKA_NODES, field: property("default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor"), key: "kafka.replicationFactor" },
    { kind: "ConfigMap", components: KAFKA_NODES, field: property("min.insync.replicas", "transaction.state.log.min.isr"), key: "kafka.minInsyncReplicas" },
    { kind: "ConfigMap", components: [COMPONENT.controller], field: property("controller.quorum.voters"), key: "kafka.kraft.controllers" },
    { kind: "ConfigMap", components: [COMPONENT.combined], field: property("controller.quorum.voters"), key: "kafka.brokers" },
    { kind: "ConfigMap", components: KAFKA_NODES, field: property("unclean.leader.election.enable"), key: "kafka.config" },
    { kind: "Job", components: [COMPONENT.topic], field: topicMember("replicationFactor"), key: "topics[].replicationFactor" },
    { kind: "Job", components: [COMPONENT.topic], field: topicMember("config\\[.*\\]"), key: "topics[].config" },
    { kind: "ScaledObject", field: /^spec\.maxReplicaCount$/, key: "autoscaling.scalers[].maxReplicaCount" },
    { kind: "ScaledObject", field: /^spec\.triggers\[\d+\]\.metadata\.topic$/, key: "autoscaling.scalers[].topic" },
    { kind: "aws:eks/cluster:Cluster", field: /^vpcConfig\.publicAccessCidrs$/, key: "platform.endpoint.publicAccessCidrs" },
    { kind: "aws:eks/cluster:Cluster", field: /^enabledClusterLogTypes$/, key: "platform.logTypes" },
    { kind: "Namespace", field: /^egress default-deny$/, key: "security.networkPolicies" },
];

/** `kafka-eks:kafka.replicationFactor` for a field of an object, or undefined when no key sets it alone. */
export function stackKeyOf(object: { kind: string; component?: string }, field: string): string | undefined {
    const rule = STACK_KEY_RULES.find(
        (r) => r.kind === object.kind && (r.components === undefined || (object.component !== undefined && r.components.includes(object.component))) && r.field.test(field),
    );
    return rule && `${CONFIG_NAMESPACE}:${rule.key}`;
}
