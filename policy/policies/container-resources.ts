/**
 * Every container states what it needs: a memory request and limit (without them a JVM is
 * the first to be OOM-killed or evicted when a node runs short) and a CPU request (without
 * it the scheduler packs brokers onto a busy node).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { objectRef, podSpecOf } from "../lib/k8s";
import { violation } from "../lib/message";
import { asArray, asString, at } from "../lib/props";

export const containerResources: ResourceValidationPolicy = {
    name: "container-resources",
    description: "Every container sets a CPU request and a memory request and limit.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const pod = podSpecOf(args.type, args.props);
        if (!pod) return;
        const ref = objectRef(args.type, args.props, args.name);
        for (const field of ["initContainers", "containers"]) {
            asArray(at(pod.spec, field)).forEach((c, i) => {
                const where = `${pod.path}.${field}[${i}].resources (container "${asString(at(c, "name")) ?? i}")`;
                const missing = [
                    ["requests", "cpu"],
                    ["requests", "memory"],
                    ["limits", "memory"],
                ].filter(([kind, resource]) => at(c, "resources", kind, resource) === undefined).map(([kind, resource]) => `${kind}.${resource}`);
                if (missing.length > 0) reportViolation(violation(ref, where, `lacks ${missing.join(", ")}`, "set a CPU request and a memory request and limit"));
            });
        }
    },
};
