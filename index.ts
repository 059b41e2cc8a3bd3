/**
 * The kafka-eks program: read the stack's config, wire the components, export outputs.
 * Everything else lives in components/.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { Platform, loadStackConfig, namespaceSpec } from "./components";

// Validate first: a config error stops the program before any resource is registered.
const config = loadStackConfig();
const protect = config.platform.protect;

const platform = new Platform("platform", {
    clusterName: `${pulumi.getProject()}-${pulumi.getStack()}`,
    kafkaClusterName: config.kafka.name,
    region: new pulumi.Config("aws").get("region") ?? "",
    platform: config.platform,
    storage: config.storage,
});
const provider = platform.provider;

const ns = namespaceSpec(config.kafka.namespace, config.kafka.name);
const namespace = new k8s.core.v1.Namespace(ns.metadata.name, ns, { provider, protect, retainOnDelete: protect });

export const kubeconfig = platform.kubeconfig;
export const storageClassName = platform.storageClass.metadata.name;
export const kafkaNamespace = namespace.metadata.name;
