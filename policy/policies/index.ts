/**
 * Every policy of the pack, in one list: the pack entry point (../index.ts) serves it, and the
 * gate and tests read it without starting a gRPC server.
 */
import type { Policies } from "@pulumi/policy";
import { brokerReplicationDefaults } from "./broker-replication-defaults";
import { eksControlPlaneLogging } from "./eks-control-plane-logging";
import { eksEndpointAccess } from "./eks-endpoint-access";
import { eksSecretsEncryption } from "./eks-secrets-encryption";
import { kafkaMetricsScraped } from "./kafka-metrics-scraped";
import { kafkaAclNoBroadAll, kafkaAuthorizerRequired } from "./kafka-authorization";
import { kafkaStorageClass } from "./kafka-storage-class";
import { kedaPartitions } from "./keda-partitions";
import { kraftQuorum } from "./kraft-quorum";
import { nodeImdsv2 } from "./node-imdsv2";
import { pdbCoverage } from "./pdb-coverage";
import { pinnedImages } from "./pinned-images";
import { podSecurity } from "./pod-security";
import { replicationWithinBrokers } from "./replication-within-brokers";
import { resourceLimits } from "./resource-limits";
import { retentionFitsBrokerStorage } from "./retention-fits-broker-storage";
import { storageEncryption } from "./storage-encryption";
import { topicReplication } from "./topic-replication";
import { uncleanLeaderElection } from "./unclean-leader-election";
import { zookeeperAuthentication } from "./zookeeper-authentication";
import { zookeeperQuorum } from "./zookeeper-quorum";
import { ebsCsiClusterScoped } from "./ebs-csi-cluster-scoped";
import { eksNoCreatorAdmin } from "./eks-no-creator-admin";
import { logGroupRetentionEncryption } from "./log-group-retention-encryption";
import { vpcFlowLogs } from "./vpc-flow-logs";

export const policies: Policies = [
    // Quorums
    zookeeperQuorum,
    kraftQuorum,
    // Replication and durability
    topicReplication,
    brokerReplicationDefaults,
    uncleanLeaderElection,
    replicationWithinBrokers,
    // Authorization (the authorizer and ZooKeeper's login: advisory by default, mandatory in prod)
    kafkaAuthorizerRequired,
    kafkaAclNoBroadAll,
    zookeeperAuthentication,
    // Storage: advisory by default, mandatory in prod
    retentionFitsBrokerStorage,
    // Autoscaling
    kedaPartitions,
    // Availability and storage
    pdbCoverage,
    kafkaStorageClass,
    pinnedImages,
    // Observability (advisory by default, mandatory in prod)
    kafkaMetricsScraped,
    // Platform hardening (advisory by default, mandatory in prod via config/prod.json)
    storageEncryption,
    eksControlPlaneLogging,
    eksSecretsEncryption,
    eksEndpointAccess,
    nodeImdsv2,
    // Workload hardening (advisory by default, mandatory in prod)
    podSecurity,
    resourceLimits,
    // AWS platform controls (advisory by default, mandatory in prod)
    ebsCsiClusterScoped,
    eksNoCreatorAdmin,
    vpcFlowLogs,
    logGroupRetentionEncryption,
];
