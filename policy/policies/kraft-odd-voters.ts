/**
 * A KRaft metadata quorum, like ZooKeeper, needs 2F+1 voters to survive F failures. The voter
 * set is read where Kafka reads it, `controller.quorum.voters` in server.properties; the
 * dedicated controller StatefulSet's replica count is checked as well, since the two must agree.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { COMPONENT } from "../lib/contract";
import { K8S_TYPE, componentOf, objectRef, replicasOf } from "../lib/k8s";
import { propertyField, serverPropertiesOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { configSchema, integer, readSettings } from "../lib/settings";

const settings = {
    minVoters: integer(3, 1, "Smallest voter set allowed. 3 tolerates one failure; set 1 only for throwaway dev stacks."),
};

const VOTERS = "controller.quorum.voters";

export const kraftOddVoters: ResourceValidationPolicy = {
    name: "kraft-odd-voters",
    description: "KRaft controller quorums have an odd number of voters (2F+1), at least minVoters.",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const { minVoters } = readSettings(args.getConfig(), settings);
        const ref = objectRef(args.type, args.props, args.name);
        const fix = `use an odd number of voters >= ${minVoters} (e.g. 3 or 5); 2F+1 voters tolerate F failures`;
        const isBad = (count: number) => count % 2 === 0 || count < minVoters;

        const server = serverPropertiesOf(args.type, args.props);
        const voters = server?.properties.get(VOTERS);
        if (voters !== undefined) {
            const ids = voters.split(",").map((v) => v.trim()).filter((v) => v !== "");
            if (isBad(ids.length)) {
                reportViolation(violation(ref, propertyField(VOTERS), `lists ${ids.length} voter(s) (${voters})`, fix));
            }
        }

        if (args.type === K8S_TYPE.statefulSet && componentOf(args.props) === COMPONENT.controller) {
            const replicas = replicasOf(args.props);
            if (isBad(replicas.value)) {
                const shown = replicas.explicit ? `is ${replicas.value}` : "is unset (Kubernetes defaults it to 1)";
                reportViolation(violation(ref, "spec.replicas", shown, fix));
            }
        }
    },
};
