/**
 * ZooKeeper needs a majority of 2F+1 servers to tolerate F failures: an even ensemble adds a
 * server without adding tolerance (4 tolerates 1, like 3) and makes split votes possible.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { COMPONENT } from "../lib/contract";
import { K8S_TYPE, componentOf, objectRef, replicasOf } from "../lib/k8s";
import { violation } from "../lib/message";
import { configSchema, integer, readSettings } from "../lib/settings";

const settings = {
    minReplicas: integer(3, 1, "Smallest ensemble allowed. 3 tolerates one failure; set 1 only for throwaway dev stacks."),
};

export const zookeeperOddQuorum: ResourceValidationPolicy = {
    name: "zookeeper-odd-quorum",
    description: "ZooKeeper StatefulSets run an odd number of servers (2F+1), at least minReplicas.",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        if (args.type !== K8S_TYPE.statefulSet || componentOf(args.props) !== COMPONENT.zookeeper) {
            return;
        }
        const { minReplicas } = readSettings(args.getConfig(), settings);
        const ref = objectRef(args.type, args.props, args.name);
        const replicas = replicasOf(args.props);
        const shown = replicas.explicit ? `is ${replicas.value}` : "is unset (Kubernetes defaults it to 1)";
        const fix = `set an odd number >= ${minReplicas} (${oddExamples(minReplicas)}); 2F+1 servers tolerate F failures`;
        if (replicas.value % 2 === 0 || replicas.value < minReplicas) {
            reportViolation(violation(ref, "spec.replicas", shown, fix));
        }
    },
};

function oddExamples(minimum: number): string {
    const first = minimum % 2 === 1 ? minimum : minimum + 1;
    return `e.g. ${first} or ${first + 2}`;
}
