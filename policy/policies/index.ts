/**
 * Every policy of the pack, in one list: the pack entry point (../index.ts) serves it, and the
 * gate and tests read it without starting a gRPC server.
 */
import type { Policies } from "@pulumi/policy";
import { brokerReplicationDefaults } from "./broker-replication-defaults";
import { eksControlPlaneLogging } from "./eks-control-plane-logging";
import { eksEndpointRestricted } from "./eks-endpoint-restricted";
import { eksSecretsEncryption } from "./eks-secrets-encryption";
import { kafkaMetricsScraped } from "./kafka-metrics-scraped";
import { kafkaAclNoBroadAll } from "./kafka-acl-no-broad-all";
import { kafkaAuthorizerRequired } from "./kafka-authorizer-required";
import { kafkaUserHasAcls } from "./kafka-user-has-acls";
import { kafkaStorageClass } from "./kafka-storage-class";
import { kedaMaxReplicasWithinPartitions } from "./keda-max-replicas-within-partitions";
import { kraftOddVoters } from "./kraft-odd-voters";
import { nodeImdsv2 } from "./node-imdsv2";
import { pdbForKafkaStatefulsets } from "./pdb-for-kafka-statefulsets";
import { pinnedImages } from "./pinned-images";
import { restrictedPodSecurity } from "./restricted-pod-security";
import { replicationWithinBrokers } from "./replication-within-brokers";
import { containerResources } from "./container-resources";
import { retentionFitsBrokerStorage } from "./retention-fits-broker-storage";
import { storageEncrypted } from "./storage-encrypted";
import { topicReplicationFactor } from "./topic-replication-factor";
import { uncleanLeaderElectionDisabled } from "./unclean-leader-election-disabled";
import { zookeeperOddQuorum } from "./zookeeper-odd-quorum";
import { zookeeperAuthentication } from "./zookeeper-authentication";
import { ebsCsiClusterScoped } from "./ebs-csi-cluster-scoped";
import { eksNoCreatorAdmin } from "./eks-no-creator-admin";
import { egressDefaultDeny } from "./egress-default-deny";
import { logGroupRetentionEncryption } from "./log-group-retention-encryption";
import { vpcFlowLogs } from "./vpc-flow-logs";

export const policies: Policies = [
    // Quorums
    zookeeperOddQuorum,
    kraftOddVoters,
    // Replication and durability
    topicReplicationFactor,
    brokerReplicationDefaults,
    uncleanLeaderElectionDisabled,
    replicationWithinBrokers,
    // Authorization (the authorizer and ZooKeeper's login: advisory by default, mandatory in prod)
    kafkaAuthorizerRequired,
    kafkaAclNoBroadAll,
    kafkaUserHasAcls,
    zookeeperAuthentication,
    // Storage: advisory by default, mandatory in prod
    retentionFitsBrokerStorage,
    // Autoscaling
    kedaMaxReplicasWithinPartitions,
    // Availability and storage
    pdbForKafkaStatefulsets,
    kafkaStorageClass,
    pinnedImages,
    // Observability (advisory by default, mandatory in prod)
    kafkaMetricsScraped,
    // Platform hardening (advisory by default, mandatory in prod via config/prod.json)
    storageEncrypted,
    eksControlPlaneLogging,
    eksSecretsEncryption,
    eksEndpointRestricted,
    nodeImdsv2,
    // Workload hardening (advisory by default, mandatory in prod)
    restrictedPodSecurity,
    containerResources,
    // AWS platform controls (advisory by default, mandatory in prod)
    ebsCsiClusterScoped,
    eksNoCreatorAdmin,
    egressDefaultDeny,
    vpcFlowLogs,
    logGroupRetentionEncryption,
];
