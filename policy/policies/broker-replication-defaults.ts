/**
 * Cluster-wide replication defaults in server.properties, on every node that reads them: the RF
 * of topics created without one and of the internal topics, and the min ISR acks=all writes
 * need. Which process reads which key comes from the durability table (lib/durability.ts, the
 * program's table): in KRaft the controllers own the default RF and write their own
 * min.insync.replicas as the cluster-wide value when the cluster first starts, so a controller
 * without them gives the whole cluster Kafka's defaults of 1. An absent key means Kafka's default.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import type { DurabilityKey } from "../lib/durability";
import { objectRef } from "../lib/k8s";
import { durabilityKeysOf, numericProperty, propertyField, serverPropertiesOf } from "../lib/kafka-config";
import { violation } from "../lib/message";
import { configSchema, integer, readSettings } from "../lib/settings";

const settings = {
    minReplicationFactor: integer(2, 1, "Smallest default and internal-topic replication factor allowed."),
    minInsyncReplicas: integer(1, 1, "Smallest min.insync.replicas (and internal-topic min ISR) allowed."),
};

export const brokerReplicationDefaults: ResourceValidationPolicy = {
    name: "broker-replication-defaults",
    description: "Every broker and controller sets the default and internal-topic replication factors it reads to >= minReplicationFactor, and min ISR to >= minInsyncReplicas and below the RF.",
    enforcementLevel: "mandatory",
    configSchema: configSchema(settings),
    validateResource: (args, reportViolation) => {
        const server = serverPropertiesOf(args.type, args.props);
        if (server === undefined) {
            return;
        }
        const { minReplicationFactor, minInsyncReplicas } = readSettings(args.getConfig(), settings);
        const ref = objectRef(args.type, args.props, args.name);
        const isController = (server.properties.get("process.roles") ?? "").includes("controller");
        const keys = durabilityKeysOf(server);
        const values = new Map<string, { value: number; explicit: boolean }>();
        for (const key of keys.filter((k) => k.value !== "false")) {
            const read = numericProperty(server.properties, key);
            if ("invalid" in read) {
                reportViolation(violation(ref, propertyField(key.key), `is "${read.invalid}", not an integer`, "write a whole number"));
            } else {
                values.set(key.key, read);
            }
        }
        const shown = (key: string, read: { value: number; explicit: boolean }) => (read.explicit ? `is ${read.value}` : `is not set (Kafka defaults it to ${read.value})`);
        const atLeast = (value: DurabilityKey["value"], minimum: number, why: string) => {
            for (const key of keys.filter((k) => k.value === value)) {
                const read = values.get(key.key);
                if (read !== undefined && read.value < minimum) {
                    // A KRaft controller's min ISR becomes the cluster-wide value (ELR), overriding every broker.
                    const scope = isController && key.key === "min.insync.replicas" ? "; the active controller writes it as the cluster-wide value" : "";
                    reportViolation(violation(ref, propertyField(key.key), shown(key.key, read), `set it to at least ${minimum} ${why}${scope}`));
                }
            }
        };
        atLeast("replicationFactor", minReplicationFactor, "so data survives the loss of a broker");
        atLeast("minInsyncReplicas", minInsyncReplicas, "so an acks=all write is on that many replicas");

        for (const rfKey of keys.filter((k) => k.minIsrKey !== undefined)) {
            const isrKey = rfKey.minIsrKey as string;
            const isr = values.get(isrKey);
            const rf = values.get(rfKey.key);
            if (isr === undefined || rf === undefined || isr.value < rf.value) {
                continue;
            }
            const isrShown = isr.explicit ? `${isr.value}` : `${isr.value} (Kafka default)`;
            const rfShown = rf.explicit ? `${rf.value}` : `${rf.value} (Kafka default)`;
            reportViolation(
                violation(ref, propertyField(isrKey), `is ${isrShown} with ${rfKey.key} ${rfShown}`, `set ${isrKey} to at most ${Math.max(rf.value - 1, 1)} (and ${rfKey.key} above it) so acks=all writes continue with one replica down`),
            );
        }
    },
};
