/**
 * Every workload meets the "restricted" Pod Security Standard: non-root, no privilege
 * escalation, all capabilities dropped, RuntimeDefault seccomp, no host namespaces or host
 * paths. The Kafka namespace enforces it at admission; this catches a violation at preview,
 * before a rollout is stuck on pods the API server refuses.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectRef, podSpecOf } from "../lib/k8s";
import { violation } from "../lib/message";
import { restrictedViolations } from "../lib/pod-security";

export const restrictedPodSecurity: ResourceValidationPolicy = {
    name: "restricted-pod-security",
    description: 'Pod-bearing objects meet the "restricted" Pod Security Standard.',
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const pod = podSpecOf(args.type, args.props);
        if (!pod) return;
        const ref = objectRef(args.type, args.props, args.name);
        for (const p of restrictedViolations(pod.spec)) {
            reportViolation(violation(ref, `${pod.path}.${p.field}`, p.problem, "meet the restricted Pod Security Standard (kubernetes.io/docs/concepts/security/pod-security-standards)"));
        }
    },
};
