/**
 * The users of the clients this program deploys, each with the least its job needs (the request
 * → operation pairs are Kafka's KafkaApis authorization checks; the ACL model proves them on the
 * rendered stacks in tests/security/builtin-users.test.ts):
 *
 * - `topic-manager` (topic Jobs): create, grow and configure the declared topics, nothing else.
 *   kafka-topics.sh --list/--describe (Metadata, and in 4.x DescribeTopicPartitions: DESCRIBE,
 *   implied by ALTER; DescribeTopicPartitionsRequestHandler.java:94 at 4.3.1; --describe also reads
 *   the topic's configs, TopicCommand.java:568-585, and tolerates a denied ListPartitionReassignments,
 *   :511-518), --create (CREATE; no validateOnly, :459-460; a `--config` needs no DESCRIBE_CONFIGS,
 *   which only fills the response's configs, ControllerApis.scala:372 and 417), --alter --partitions
 *   (ALTER), kafka-configs.sh --describe/--alter (DESCRIBE_CONFIGS, implied by ALTER_CONFIGS, and
 *   ALTER_CONFIGS) on each topic by its literal name.
 * - `smoke-test`: its own topic only, which its Job also creates and configures (a KafkaTopics of its
 *   one topic, with the smoke test's client): WRITE (the idempotent producer's InitProducerId passes with WRITE on a
 *   topic, KIP-679), READ (--partition with --offset: the console consumer assigns and seeks, with a
 *   made-up group.id and auto-commit off, so it never finds a coordinator: ConsoleConsumerOptions.java:
 *   290-296 and ConsoleConsumer.java:179-196 at 4.3.1; no group ACL), CREATE, ALTER, ALTER_CONFIGS.
 * - `kafka-ui`: read-only (`manager.readOnly`) describes everything and browses records; otherwise
 *   it may also produce, create, delete and configure topics and delete groups. Never cluster
 *   ALTER/ALTER_CONFIGS (broker configs such as unclean.leader.election.enable) and never ALL.
 *   kafbat/kafka-ui v1.5.0 needs cluster DESCRIBE to show the cluster at all: its statistics call
 *   DescribeQuorum and DescribeLogDirs and fail whole when one is denied (StatisticsService.java:49-53,
 *   72-79; ScrapedClusterState.java:131-141), and cluster DESCRIBE_CONFIGS for the broker configs it
 *   reads the version from (ReactiveAdminClient.java:155-163, 316-333). Its record browser sets no
 *   group.id (ConsumerGroupService.java:585-596): topic READ only.
 * - `keda-<namespace>`: DESCRIBE on the topic and group of each scaler in that namespace (Metadata,
 *   ListOffsets, OffsetFetch; FindCoordinator needs group DESCRIBE): lag without reading a record.
 *   KEDA 2.20.2's `kafka` scaler (sarama): pkg/scalers/kafka_scaler.go:444, 560, 606, 866-889.
 *   One user per namespace, since KEDA reads a TriggerAuthentication's Secret in the ScaledObject's namespace and every pod there may read
 *   it: a team's namespace holds the right to see its own lag only, never another team's.
 * - `kafka-exporter` (the lag exporter, danielqsj/kafka-exporter with --offset.show-all): DESCRIBE on
 *   every topic and every group: Metadata and ListOffsets (topic DESCRIBE), ListGroups (filtered by
 *   group DESCRIBE), DescribeGroups and OffsetFetch (group DESCRIBE, partitions of DESCRIBE-able
 *   topics). It reads no record and commits nothing (kafka_exporter.go at v1.9.0: 414-462 Metadata and
 *   ListOffsets, 576 ListGroups, 588 DescribeGroups, 598-626 OffsetFetch).
 * - `consumer-<workload>`: READ on its topic and its group (a group member commits offsets), its
 *   Secret in the workload's namespace.
 */
import type { DeployedUserSpec, KafkaUserAcl } from "./kafka-user";

export const BUILTIN_USER = {
    topicManager: "topic-manager",
    smokeTest: "smoke-test",
    manager: "kafka-ui",
    lagExporter: "kafka-exporter",
} as const;

/** User name of the KEDA scalers in `namespace`. */
export function kedaUserName(namespace: string): string {
    return `keda-${namespace}`;
}

/** User name of an example consumer Deployment. */
export function consumerUserName(workload: string): string {
    return `consumer-${workload}`;
}

export interface BuiltinUsersInput {
    /** Every topic the topic Jobs manage (declared topics; the smoke topic is the smoke user's). */
    topics: readonly string[];
    /** The smoke topic, when the smoke test runs. */
    smokeTopic?: string;
    /** kafka-ui, when it runs (CMAK cannot authenticate). */
    manager?: { readOnly: boolean };
    /** Topic, group and namespace of each scaler. */
    scalers: readonly { topic: string; consumerGroup: string; namespace: string }[];
    /** The lag exporter runs (metrics.enabled and metrics.lagExporter). */
    lagExporter?: boolean;
    /** The example consumers this stack runs, with their namespaces. */
    consumers: readonly { workload: string; topic: string; group: string; namespace: string }[];
}

const topicAcl = (name: string, operations: KafkaUserAcl["operations"]): KafkaUserAcl => ({ resourceType: "TOPIC", name, operations });
const groupAcl = (name: string, operations: KafkaUserAcl["operations"]): KafkaUserAcl => ({ resourceType: "GROUP", name, operations });

export function builtinUsers(i: BuiltinUsersInput): DeployedUserSpec[] {
    const users: DeployedUserSpec[] = [];
    const manage = ["CREATE", "ALTER", "ALTER_CONFIGS"] as const;
    if (i.topics.length > 0) users.push({ name: BUILTIN_USER.topicManager, acls: i.topics.map((t) => topicAcl(t, manage)) });
    if (i.smokeTopic !== undefined) users.push({ name: BUILTIN_USER.smokeTest, acls: [topicAcl(i.smokeTopic, ["READ", "WRITE", ...manage])] });
    if (i.manager) {
        const acls: KafkaUserAcl[] = i.manager.readOnly
            ? [topicAcl("*", ["READ", "DESCRIBE_CONFIGS"]), groupAcl("*", ["DESCRIBE"])]
            : [topicAcl("*", ["READ", "WRITE", "CREATE", "DELETE", "ALTER", "ALTER_CONFIGS"]), groupAcl("*", ["READ", "DELETE"])];
        acls.push({ resourceType: "CLUSTER", operations: ["DESCRIBE", "DESCRIBE_CONFIGS"] });
        users.push({ name: BUILTIN_USER.manager, acls });
    }
    for (const namespace of new Set(i.scalers.map((s) => s.namespace))) {
        const scalers = i.scalers.filter((s) => s.namespace === namespace);
        users.push({ name: kedaUserName(namespace), secretNamespace: namespace, acls: scalers.flatMap((s) => [topicAcl(s.topic, ["DESCRIBE"]), groupAcl(s.consumerGroup, ["DESCRIBE"])]) });
    }
    if (i.lagExporter) users.push({ name: BUILTIN_USER.lagExporter, acls: [topicAcl("*", ["DESCRIBE"]), groupAcl("*", ["DESCRIBE"])] });
    for (const c of i.consumers) users.push({ name: consumerUserName(c.workload), secretNamespace: c.namespace, acls: [topicAcl(c.topic, ["READ"]), groupAcl(c.group, ["READ"])] });
    return users;
}
