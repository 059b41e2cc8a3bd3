/**
 * The component label decides what NetworkPolicies, PodDisruptionBudgets, PodMonitors and the
 * policy pack treat as a Kafka node: only Kafka and ZooKeeper pods may carry a node's component.
 * The user Jobs once carried `kafka` (a combined node's), which let them through the replication
 * and quorum rules.
 */
import { strict as assert } from "assert";
import { KAFKA_PORTS } from "../../components/common/names";
import { kubernetesObjects, renderStack } from "../harness";
import { allowed, Pod, Policy } from "./network-policy-eval";

const NODE_COMPONENTS = ["kafka-broker", "kafka-controller", "kafka", "zookeeper"];
const COMPONENT = "app.kubernetes.io/component";

describe("component labels: only Kafka and ZooKeeper nodes carry a node's", function () {
    this.timeout(120_000);
    for (const stack of ["prod", "dev"]) {
        it(`${stack}: no Deployment or Job pod is labelled as a node, so none passes the node-only rules`, async () => {
            const { resources } = await renderStack(stack);
            const policies = kubernetesObjects(resources, "NetworkPolicy").map((r) => r.inputs as unknown as Policy);
            const pods = (kind: string): Array<{ name: string; pod: Pod }> =>
                kubernetesObjects(resources, kind).map((r) => ({
                    name: (r.inputs.metadata as { name: string }).name,
                    pod: { namespace: "kafka", labels: (r.inputs.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels },
                }));
            const broker = pods("StatefulSet").find((p) => ["kafka-broker", "kafka"].includes(p.pod.labels[COMPONENT]))!.pod;
            const others = [...pods("Deployment"), ...pods("Job")];
            assert.ok(others.some((o) => o.name.includes("-user-")) === (stack === "prod"), "prod renders user Jobs");
            for (const { name, pod } of others) {
                assert.ok(!NODE_COMPONENTS.includes(pod.labels[COMPONENT]), `${name}: component ${pod.labels[COMPONENT]}`);
                assert.ok(!allowed(policies, pod, broker, KAFKA_PORTS.internal), `${name} → broker replication port`);
            }
            for (const { name, pod } of others.filter((o) => o.name.includes("-user-"))) assert.equal(pod.labels[COMPONENT], "kafka-user", name);
        });
    }
});
