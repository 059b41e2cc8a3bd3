/**
 * Policy pack entry point (`pulumi preview --policy-pack policy`). Constructing PolicyPack
 * starts the Analyzer gRPC server and prints its port, so this file only assembles: the
 * policies live in ./policies, importable without side effects.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("kafka-eks", {
    description: "Kafka on EKS: quorum sizes, replication, autoscaling bounds, disruption budgets, storage and EKS hardening",
    enforcementLevel: "mandatory",
    policies,
});
