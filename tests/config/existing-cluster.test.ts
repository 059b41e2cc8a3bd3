/**
 * The existing-cluster path as the README documents it: Pulumi.kind.yaml is complete and renders,
 * and a cluster of unknown or too few zones/nodes cannot be configured into Pending pods.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseStackConfig } from "../../components/config";
import { input, kubernetesObjects, ofType, one, REPO_ROOT, RenderedResource, renderStack, stackSections } from "../harness";
import { NS, onlyProblem, problemsOf } from "./problems";

const placementOf = (stack: string, patch: (c: Record<string, any>) => void = () => {}) => {
    const c = structuredClone(stackSections(stack)) as Record<string, any>;
    patch(c);
    return parseStackConfig(c, NS, { awsRegion: "eu-west-1" }).kafka.placement;
};

describe("config: existing clusters", function () {
    this.timeout(60_000);
    let kind: RenderedResource[];
    before(async () => {
        kind = (await renderStack("kind")).resources;
    });

    it("the README shows Pulumi.kind.yaml exactly", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const block = /<!-- kind-stack:start -->\n```yaml\n([\s\S]*?)```\n<!-- kind-stack:end -->/.exec(readme);
        assert.ok(block, "README.md has no kind-stack block");
        assert.equal(block[1], fs.readFileSync(path.join(REPO_ROOT, "Pulumi.kind.yaml"), "utf8"));
    });

    it("Pulumi.kind.yaml renders: no AWS resource, local-path volumes, Kafka spread preferred", () => {
        assert.deepEqual(kind.filter((r) => r.type.startsWith("aws:")), []);
        assert.equal(input(one(kind, "kubernetes:storage.k8s.io/v1:StorageClass"), "provisioner"), "rancher.io/local-path");
        const brokers = kubernetesObjects(kind, "StatefulSet");
        assert.deepEqual(brokers.map((s) => input(s, "metadata.name")), ["kafka-broker"]);
        const pod = input<Record<string, any>>(brokers[0], "spec.template.spec");
        assert.equal(pod.topologySpreadConstraints[0].whenUnsatisfiable, "ScheduleAnyway");
        assert.ok(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution, JSON.stringify(pod.affinity));
        // The Kafka UI and the consumer-lag exporter (metrics.lagExporter, on by default).
        assert.deepEqual(ofType(kind, "kubernetes:apps/v1:Deployment").map((d) => input(d, "metadata.name")).sort(), ["kafka-lag-exporter", "kafka-ui"]);
    });

    it("zones and nodes not stated: the spread defaults to preferred", () =>
        assert.deepEqual(placementOf("kind"), { zones: "preferred", hosts: "preferred", nodeSelector: {}, tolerations: [] }));

    it("stated zones and nodes enough for a required spread: it defaults to required", () => {
        assert.deepEqual(placementOf("kind", (c) => (c.platform = { ...c.platform, availabilityZones: 3, nodes: 3 })), { zones: "required", hosts: "required", nodeSelector: {}, tolerations: [] });
        assert.deepEqual(placementOf("kind", (c) => (c.platform = { ...c.platform, availabilityZones: 1, nodes: 1 })), { zones: "preferred", hosts: "preferred", nodeSelector: {}, tolerations: [] });
    });

    it("an EKS stack keeps required/required", () => assert.deepEqual(placementOf("prod"), { zones: "required", hosts: "required", nodeSelector: {}, tolerations: [] }));

    it("required over zones nobody stated", () =>
        onlyProblem(
            problemsOf("kind", (c) => (c.kafka.placement = { zones: "required" })),
            `${NS}:kafka.placement.zones = "required": required needs the cluster's zone count: set platform.availabilityZones (at least 3), or use preferred (the default on an existing cluster whose zones are not stated)`,
        ));

    it("required over a single zone", () =>
        onlyProblem(
            problemsOf("kind", (c) => ((c.platform.availabilityZones = 1), (c.kafka.placement = { zones: "required" }))),
            `${NS}:platform.availabilityZones = 1: must be at least 3 with kafka.placement.zones required (a required spread over fewer zones leaves replicas Pending)`,
        ));

    it("required over nodes nobody stated, and over too few", () => {
        onlyProblem(
            problemsOf("kind", (c) => (c.kafka.placement = { hosts: "required" })),
            `${NS}:kafka.placement.hosts = "required": required needs the cluster's node count: set platform.nodes, or use preferred (the default on an existing cluster whose nodes are not stated)`,
        );
        onlyProblem(
            problemsOf("kind", (c) => ((c.platform.nodes = 1), (c.kafka.placement = { hosts: "required" }))),
            `${NS}:kafka.brokers = 3: 3 brokers need 3 nodes under the required host spread (kafka.placement.hosts), but platform.nodes says the cluster has 1; add nodes, lower the count, or set kafka.placement.hosts preferred`,
        );
    });
});
