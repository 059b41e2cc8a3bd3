/**
 * The parts of the project's labels/names contract the pack keys on. Copied, not
 * imported from components/: a policy pack is published and run on its own directory
 * (`pulumi policy publish`, `--policy-pack policy`), so it cannot reach outside it.
 * tests/policy/contract.test.ts fails if this copy drifts from components/common.
 */
export const LABEL = {
    partOf: "app.kubernetes.io/part-of",
    component: "app.kubernetes.io/component",
} as const;

export const COMPONENT = {
    zookeeper: "zookeeper",
    broker: "kafka-broker",
    controller: "kafka-controller",
    combined: "kafka",
    topic: "kafka-topic",
} as const;

/** Components that run as StatefulSets with volumes and need a PDB. */
export const STATEFUL_COMPONENTS: readonly string[] = [COMPONENT.zookeeper, COMPONENT.broker, COMPONENT.controller, COMPONENT.combined];

/** Components whose ConfigMap carries a `server.properties`. */
export const KAFKA_CONFIG_COMPONENTS: readonly string[] = [COMPONENT.broker, COMPONENT.combined, COMPONENT.controller];

/** Components whose nodes host partitions (count toward the replication-factor ceiling). */
export const BROKER_COMPONENTS: readonly string[] = [COMPONENT.broker, COMPONENT.combined];

export const STORAGE_CLASS_NAME = "ebs-default";

/** ConfigMap data key of the brokers' and controllers' configuration. */
export const SERVER_PROPERTIES_KEY = "server.properties";
/** Annotation on a topic's Job (component kafka-topic) holding its spec as JSON: name, partitions, replicationFactor, config. */
export const TOPIC_SPEC_ANNOTATION = "kafka-eks/topic-spec";
/** apply-topic.sh's flags carrying the spec (components/kafka/topics/job.ts applyTopicArgs): what the topic Job really applies. */
export const TOPIC_ARGUMENTS = { name: "--topic", partitions: "--partitions", replicationFactor: "--replication-factor", config: "--config" } as const;

/** Annotation on a user Job naming the Kafka user it applies, and the argument carrying each ACL. */
export const USER_ANNOTATION = "kafka-eks/user";
/** apply-user.sh's `--acl` argument: TYPE|NAME|PATTERN|HOST|OPERATION|PERMISSION (Kafka enum names). */
export const ACL_ARGUMENT = "--acl";
/** apply-user.sh's flag for a cluster without an authorizer: the Job manages no ACLs. */
export const NO_ACLS_ARGUMENT = "--no-acls";
