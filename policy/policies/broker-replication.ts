/**
 * Cluster-wide replication defaults in server.properties: the RF of auto/default-created topics
 * and of the internal topics (consumer offsets, transaction state), and the min ISR that
 * acks=all writes need. An absent key means Kafka's own default, which for
 * default.replication.factor is 1 — so a broker config that omits it is a violation.
 * Dedicated controllers host no partitions, so only keys they set explicitly are checked.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { COMPONENT } from "../lib/contract";
import { objectRef } from "../lib/k8s";
import { type NumericKey, numericProperty, propertyField, serverPropertiesOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { configSchema, integer, readSettings } from "../lib/settings";

const settings = {
    minReplicationFactor: integer(2, 1, "Smallest default and internal-topic replication factor allowed."),
};

const REPLICATION_KEYS: readonly NumericKey[] = ["default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor"];

/** [min-ISR key, the RF key it must stay below]. Offsets use the broker-wide min.insync.replicas. */
const ISR_PAIRS: readonly (readonly [NumericKey, NumericKey])[] = [
    ["min.insync.replicas", "default.replication.factor"],
    ["min.insync.replicas", "offsets.topic.replication.factor"],
    ["transaction.state.log.min.isr", "transaction.state.log.replication.factor"],
];

export const brokerReplication: ResourceValidationPolicy = {
    name: "broker-replication-defaults",
    description: "Broker default and internal-topic replication factors are >= minReplicationFactor, and min ISR stays below them.",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const server = serverPropertiesOf(args.type, args.props);
        if (server === undefined) {
            return;
        }
        const { minReplicationFactor } = readSettings(args.getConfig(), settings);
        const ref = objectRef(args.type, args.props, args.name);
        const controllerOnly = server.component === COMPONENT.controller;
        const values = new Map<NumericKey, { value: number; explicit: boolean }>();

        for (const key of new Set<NumericKey>([...REPLICATION_KEYS, ...ISR_PAIRS.map(([isr]) => isr)])) {
            const read = numericProperty(server.properties, key);
            if ("invalid" in read) {
                reportViolation(violation(ref, propertyField(key), `is "${read.invalid}", not an integer`, "write a whole number"));
                continue;
            }
            values.set(key, read);
        }

        for (const key of REPLICATION_KEYS) {
            const read = values.get(key);
            if (read === undefined || (controllerOnly && !read.explicit) || read.value >= minReplicationFactor) {
                continue;
            }
            const shown = read.explicit ? `is ${read.value}` : `is not set (Kafka defaults it to ${read.value})`;
            reportViolation(violation(ref, propertyField(key), shown, `set it to at least ${minReplicationFactor} so data survives the loss of a broker`));
        }

        for (const [isrKey, rfKey] of ISR_PAIRS) {
            const isr = values.get(isrKey);
            const rf = values.get(rfKey);
            if (isr === undefined || rf === undefined || (controllerOnly && !(isr.explicit && rf.explicit)) || isr.value < rf.value) {
                continue;
            }
            const isrShown = isr.explicit ? `${isr.value}` : `${isr.value} (Kafka default)`;
            const rfShown = rf.explicit ? `${rf.value}` : `${rf.value} (Kafka default)`;
            reportViolation(
                violation(ref, propertyField(isrKey), `is ${isrShown} with ${rfKey} ${rfShown}`, `set ${isrKey} to at most ${Math.max(rf.value - 1, 1)} (and ${rfKey} above it) so acks=all writes continue with one replica down`),
            );
        }
    },
};
