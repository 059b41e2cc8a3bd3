/**
 * Pulumi wiring of the feature finalization (spec.ts): the ConfigMap and the Job, which KafkaCluster
 * places after the roller, and the record of the finalized level (layout-guard/finalized-level.ts),
 * placed after the Job so that it advances only once the level really was finalized.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clientPropertiesScript } from "../../common/client-config";
import { componentDependencies } from "../../common/provider";
import { FinalizedMetadataVersion } from "../layout-guard/finalized-level";
import { finalizeFeaturesScript } from "./script";
import { FinalizeArgs, finalizeSpecs, metadataVersionOf } from "./spec";

export function finalizeFeatures(
    name: string,
    a: Omit<FinalizeArgs, "script" | "clientScript"> & { configPrefix: string },
    opts: pulumi.CustomResourceOptions,
    recordOptions: pulumi.CustomResourceOptions,
): { job: k8s.batch.v1.Job; record: FinalizedMetadataVersion } {
    const specs = finalizeSpecs({ ...a, script: finalizeFeaturesScript(), clientScript: clientPropertiesScript() });
    const cm = new k8s.core.v1.ConfigMap(`${name}-script`, specs.configMap, opts);
    const job = new k8s.batch.v1.Job(
        `${name}-run`,
        { apiVersion: "batch/v1", kind: "Job", metadata: specs.job.metadata, spec: specs.job.spec },
        // replaceUnready re-creates a failed run under the same name: delete the old one first.
        { ...opts, dependsOn: [...componentDependencies(opts), cm], deleteBeforeReplace: true, customTimeouts: { create: "20m", update: "20m" } },
    );
    const record = new FinalizedMetadataVersion(`${name}-level`, { configPrefix: a.configPrefix, name: a.cluster, metadataVersion: metadataVersionOf(a.version) }, { ...recordOptions, dependsOn: [job] });
    return { job, record };
}
