/**
 * A Kafka or ZooKeeper StatefulSet that nobody scrapes fails silently: an under-replicated
 * partition, a filling disk or a lost quorum raise no alert. Each one needs a scrape target:
 * `prometheus.io/scrape: "true"` pod annotations naming a declared container port, or a PodMonitor
 * in its namespace whose selector matches its pods and whose endpoint names one of their ports.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { STATEFUL_COMPONENTS } from "../lib/contract";
import { K8S_TYPE, componentOf, objectRef } from "../lib/k8s";
import { violation } from "../lib/message";
import { asArray, asString, asStringMap, at } from "../lib/props";
import { selectorMatches } from "../lib/selector";

const POD_MONITOR = "kubernetes:monitoring.coreos.com/v1:PodMonitor";

interface Port {
    name?: string;
    number?: number;
}

function containerPorts(statefulSet: unknown): Port[] {
    return asArray(at(statefulSet, "spec", "template", "spec", "containers")).flatMap((c) =>
        asArray(at(c, "ports")).map((p) => ({ name: asString(at(p, "name")), number: Number(at(p, "containerPort")) })),
    );
}

function annotated(annotations: Record<string, string>, ports: Port[]): boolean {
    return annotations["prometheus.io/scrape"] === "true" && ports.some((p) => String(p.number) === annotations["prometheus.io/port"]);
}

function monitoredBy(pm: PolicyResource, namespace: string | undefined, podLabels: Record<string, string>, ports: Port[]): boolean {
    if (asString(at(pm.props, "metadata", "namespace")) !== namespace || !selectorMatches(at(pm.props, "spec", "selector"), podLabels)) return false;
    return asArray(at(pm.props, "spec", "podMetricsEndpoints")).some((e) => {
        const name = asString(at(e, "port"));
        const number = Number(at(e, "portNumber"));
        return ports.some((p) => (name !== undefined && p.name === name) || (!Number.isNaN(number) && p.number === number));
    });
}

export const kafkaMetricsScraped: StackValidationPolicy = {
    name: "kafka-metrics-scraped",
    description: "Every Kafka/ZooKeeper StatefulSet has a scrape target: prometheus.io/scrape annotations on a declared port, or a PodMonitor selecting its pods.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const podMonitors = args.resources.filter((r) => r.type === POD_MONITOR);
        for (const resource of args.resources) {
            const component = componentOf(resource.props);
            if (resource.type !== K8S_TYPE.statefulSet || component === undefined || !STATEFUL_COMPONENTS.includes(component)) continue;
            const podLabels = asStringMap(at(resource.props, "spec", "template", "metadata", "labels"));
            const annotations = asStringMap(at(resource.props, "spec", "template", "metadata", "annotations"));
            const namespace = asString(at(resource.props, "metadata", "namespace"));
            const ports = containerPorts(resource.props);
            if (annotated(annotations, ports) || podMonitors.some((pm) => monitoredBy(pm, namespace, podLabels, ports))) continue;
            reportViolation(
                violation(
                    objectRef(resource.type, resource.props, resource.name),
                    "spec.template",
                    "has no scrape target (no prometheus.io/scrape annotation on a declared port, no PodMonitor selecting its pods)",
                    "set metrics.enabled true (kafka-eks:metrics), or add a PodMonitor for a `metrics` container port",
                ),
                resource.urn,
            );
        }
    },
};
