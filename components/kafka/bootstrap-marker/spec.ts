/**
 * The bootstrap marker as data: a ConfigMap `<cluster>-bootstrapped` that exists once the
 * cluster first deployed successfully (the component creates it after the StatefulSets' rollout
 * and the smoke test). Pods read it without any API access, as an optional ConfigMap volume (an
 * absent ConfigMap mounts as an empty directory). Its readers switch from bootstrap to steady
 * state when it appears:
 *   - KRaft quorum voters' storage format: an empty metadata log now means a lost or replaced
 *     volume, and with static `controller.quorum.voters` an empty voter can help elect a leader
 *     that misses committed metadata (the reason for KIP-853), so kafka-node.sh refuses to
 *     format it unless the pod is listed in `reformat-nodes`;
 *   - ZooKeeper mode's scram-users init step stops writing the users;
 *   - the credential apply Job starts storing changed passwords (before, the bootstrap steps do).
 */
import { labels } from "../../common/labels";
import type { KafkaComponent } from "../../common/labels";
import { clusterNames } from "../../common/names";
import type { ConfigMap } from "../k8s-types";
import type { Named } from "../workload-parts";

/** Files of the marker (its ConfigMap keys), as kafka-node.sh reads them. */
export const BOOTSTRAP_MARKER_FILES = {
    /** Present once the cluster bootstrapped; its text says so for someone reading the ConfigMap. */
    bootstrapped: "bootstrapped",
    /** Pods allowed to format an empty metadata log, one per line (kafka.kraft.reformatNodes). */
    reformatNodes: "reformat-nodes",
    /** The stack-config key of that list, named in the refusal. */
    reformatKey: "reformat-key",
} as const;

/** Where the format init container of a quorum voter mounts the marker. */
export const BOOTSTRAP_MARKER_PATH = "/etc/kafka-eks-bootstrapped";

export interface BootstrapMarkerInput {
    cluster: string;
    namespace: string;
    /** Component of the pods that read it (kafka-controller, kafka for combined nodes, kafka-broker in ZooKeeper mode): the labels contract. */
    component: KafkaComponent;
    /** kafka.kraft.reformatNodes. */
    reformatNodes: string[];
    /** Stack-config key of reformatNodes, e.g. `kafka-eks:kafka.kraft.reformatNodes`. */
    reformatKey: string;
}

export function bootstrapMarkerSpec(a: BootstrapMarkerInput): Named<ConfigMap> & { data: Record<string, string> } {
    const name = clusterNames(a.cluster).bootstrapped;
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: a.namespace, labels: labels(a.cluster, a.component, name) },
        data: {
            [BOOTSTRAP_MARKER_FILES.bootstrapped]:
                `Kafka cluster ${a.cluster} deployed successfully. From now on KRaft quorum voters refuse to format an empty metadata log ` +
                `unless listed in ${BOOTSTRAP_MARKER_FILES.reformatNodes} (${a.reformatKey}), and SCRAM passwords change only through the credential Jobs.\n`,
            [BOOTSTRAP_MARKER_FILES.reformatNodes]: a.reformatNodes.map((pod) => `${pod}\n`).join(""),
            [BOOTSTRAP_MARKER_FILES.reformatKey]: a.reformatKey,
        },
    };
}
