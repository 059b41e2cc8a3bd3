/**
 * Node drains and cluster upgrades evict pods; without a PodDisruptionBudget they may evict
 * two ZooKeeper servers or two replicas of a partition at once and lose quorum or availability.
 * A PDB only protects the pods its selector matches, so the match is checked, not the name.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { STATEFUL_COMPONENTS } from "../lib/contract";
import { K8S_TYPE, componentOf, objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { asString, asStringMap, at } from "../lib/props";
import { selectorMatches } from "../lib/selector";

export const pdbForKafkaStatefulsets: StackValidationPolicy = {
    name: "pdb-for-kafka-statefulsets",
    description: "Every ZooKeeper/Kafka StatefulSet has a policy/v1 PodDisruptionBudget whose selector matches its pods.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const pdbs = args.resources.filter((r) => r.type === K8S_TYPE.pdb);
        for (const resource of args.resources) {
            const component = componentOf(resource.props);
            if (resource.type !== K8S_TYPE.statefulSet || component === undefined || !STATEFUL_COMPONENTS.includes(component)) {
                continue;
            }
            const podLabels = asStringMap(at(resource.props, "spec", "template", "metadata", "labels"));
            const namespace = asString(at(resource.props, "metadata", "namespace"));
            if (pdbs.some((pdb) => coversPods(pdb, namespace, podLabels))) {
                continue;
            }
            const ref = objectRef(resource.type, resource.props, resource.name);
            const selector = asStringMap(at(resource.props, "spec", "selector", "matchLabels"));
            reportViolation(
                violation(
                    ref,
                    "spec.template.metadata.labels",
                    `${JSON.stringify(podLabels)} are matched by no PodDisruptionBudget (policy/v1) in namespace ${namespace ?? "(provider default)"}`,
                    `add one with spec.maxUnavailable: 1 and spec.selector.matchLabels ${JSON.stringify(Object.keys(selector).length > 0 ? selector : podLabels)}`,
                ),
                resource.urn,
            );
        }
    },
};

function coversPods(pdb: PolicyResource, namespace: string | undefined, podLabels: Readonly<Record<string, string>>): boolean {
    return asString(at(pdb.props, "metadata", "namespace")) === namespace && selectorMatches(at(pdb.props, "spec", "selector"), podLabels);
}
