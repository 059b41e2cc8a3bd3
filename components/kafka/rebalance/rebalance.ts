/**
 * Pulumi wiring of the partition moves (spec.ts): the ServiceAccount, Role, RoleBinding and
 * ConfigMap once, and each Job on request, so KafkaCluster can place the drain Job before the broker
 * StatefulSet and the spread Job after the roller.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clientPropertiesScript } from "../../common/client-config";
import { componentDependencies } from "../../common/provider";
import { readScript, SCRIPT } from "../scripts";
import { reassignPartitionsScript } from "./script";
import { RebalanceArgs, rebalanceDeadlineSeconds, RebalanceMode, rebalanceSpecs } from "./spec";

export type PartitionMovesArgs = Omit<RebalanceArgs, "script" | "kubeApiScript" | "clientScript">;

export interface PartitionMoves {
    /** The Job of `mode`, after `after` and the access objects; Pulumi waits until it completed. */
    job(mode: RebalanceMode, after: pulumi.Input<pulumi.Resource>[]): k8s.batch.v1.Job;
}

export function partitionMoves(name: string, a: PartitionMovesArgs, opts: pulumi.CustomResourceOptions): PartitionMoves {
    const specs = rebalanceSpecs({ ...a, script: reassignPartitionsScript(), kubeApiScript: readScript(SCRIPT.kubeApi), clientScript: clientPropertiesScript() });
    const sa = new k8s.core.v1.ServiceAccount(`${name}-sa`, specs.serviceAccount, opts);
    const role = new k8s.rbac.v1.Role(`${name}-role`, specs.role, opts);
    const binding = new k8s.rbac.v1.RoleBinding(`${name}-binding`, specs.roleBinding, { ...opts, dependsOn: [...componentDependencies(opts), sa, role] });
    const cm = new k8s.core.v1.ConfigMap(`${name}-script`, specs.configMap, opts);
    const minutes = `${Math.ceil(rebalanceDeadlineSeconds(a) / 60) + 5}m`;
    return {
        job: (mode, after) =>
            new k8s.batch.v1.Job(
                `${name}-${mode}`,
                { apiVersion: "batch/v1", kind: "Job", metadata: specs.jobs[mode].metadata, spec: specs.jobs[mode].spec },
                // replaceUnready re-creates a failed run under the same name: delete the old one first.
                { ...opts, dependsOn: [...componentDependencies(opts), ...after, binding, cm], deleteBeforeReplace: true, customTimeouts: { create: minutes, update: minutes } },
            ),
    };
}
