/**
 * A NetworkPolicy that selects every pod of a namespace and allows all ingress and egress. It
 * changes nothing in the VPC CNI's standard mode; in strict mode, where a pod that no policy
 * selects is denied everything (aws-network-policy-agent v1.4.1
 * controllers/policyendpoints_controller.go:380-384), it keeps the pods of namespaces whose
 * workloads come from charts and addons the stack does not restrict (kube-system, the monitoring
 * stack) working as before.
 */
import { LABEL } from "../common/labels";
import type { NetworkPolicySpec } from "./network-policy-spec";

export const UNRESTRICTED_POLICY_NAME = "unrestricted";

export function unrestrictedNamespacePolicySpec(namespace: string): NetworkPolicySpec {
    return {
        apiVersion: "networking.k8s.io/v1",
        kind: "NetworkPolicy",
        metadata: { name: UNRESTRICTED_POLICY_NAME, namespace, labels: { [LABEL.managedBy]: "pulumi" } },
        spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{}], egress: [{}] },
    };
}
