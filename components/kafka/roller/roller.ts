/**
 * Pulumi wiring of the node roller (spec.ts): its ServiceAccount, Role, RoleBinding, ConfigMap and
 * the Job Pulumi waits for. Called by KafkaCluster after the StatefulSets.
 */
import * as k8s from "../../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clientPropertiesScript } from "../../common/client-config";
import { RollerArgs, rollerDeadlineSeconds, rollerSpecs } from "./spec";
import { readScript, SCRIPT } from "../scripts";
import { rollNodesScript } from "./script";

export type NodeRollerArgs = Omit<RollerArgs, "podRevision" | "script" | "kubeApiScript" | "clientScript"> & {
    /** KafkaCluster's revision; with TLS, also the broker certificate's checksum (known at deploy time). */
    podRevision: pulumi.Input<string>;
};

/** Creates the roller's objects; returns the Job (dependents of the cluster wait for it). */
export function nodeRoller(name: string, a: NodeRollerArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
    const script = rollNodesScript();
    const clientScript = clientPropertiesScript();
    const kubeApiScript = readScript(SCRIPT.kubeApi);
    const specs = pulumi.output(a.podRevision).apply((podRevision) => rollerSpecs({ ...a, podRevision, script, kubeApiScript, clientScript }));
    const fixed = rollerSpecs({ ...a, podRevision: "", script, kubeApiScript, clientScript });
    const sa = new k8s.core.v1.ServiceAccount(`${name}-sa`, fixed.serviceAccount, opts);
    const role = new k8s.rbac.v1.Role(`${name}-role`, fixed.role, opts);
    const binding = new k8s.rbac.v1.RoleBinding(`${name}-binding`, fixed.roleBinding, { ...opts, dependsOn: [...asArray(opts.dependsOn), sa, role] });
    const cm = new k8s.core.v1.ConfigMap(`${name}-script`, fixed.configMap, opts);
    const minutes = `${Math.ceil(rollerDeadlineSeconds(a.pools, a.kraft) / 60) + 5}m`;
    return new k8s.batch.v1.Job(
        `${name}-run`,
        { apiVersion: "batch/v1", kind: "Job", metadata: specs.job.metadata, spec: specs.job.spec },
        {
            ...opts,
            dependsOn: [...asArray(opts.dependsOn), binding, cm],
            // replaceUnready re-creates a failed run under the same name: delete the old one first.
            deleteBeforeReplace: true,
            customTimeouts: { create: minutes, update: minutes },
        },
    );
}

function asArray(d: pulumi.CustomResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    return d === undefined ? [] : Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}
