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

describe("config: existing clusters, node sizes", () => {
    const withNodes = (allocatable: { cpu: string; memoryMiB: number } | undefined, nodes?: number) => (c: Record<string, any>) =>
        (c.platform = { ...c.platform, ...(allocatable ? { nodeAllocatable: allocatable } : {}), ...(nodes ? { nodes } : {}) });

    it("a pod larger than platform.nodeAllocatable", () =>
        onlyProblem(
            problemsOf("kind", withNodes({ cpu: "2", memoryMiB: 1024 })),
            `${NS}:kafka.resources.memoryMiB = 1536: no node can hold a broker pod: platform.nodeAllocatable says a node offers pods 1024 MiB; use larger nodes (and raise platform.nodeAllocatable) or less memory`,
        ));

    it("a pod asking more CPU than platform.nodeAllocatable", () =>
        onlyProblem(
            problemsOf("kind", withNodes({ cpu: "200m", memoryMiB: 8192 })),
            `${NS}:kafka.resources.cpu = "250m": no node can hold a broker pod: platform.nodeAllocatable says a node offers pods 200m CPU; use larger nodes (and raise platform.nodeAllocatable) or request less CPU`,
        ));

    it("pods that fit one node each but not platform.nodes of them together", () =>
        onlyProblem(
            problemsOf("kind", withNodes({ cpu: "4", memoryMiB: 4096 }, 1)),
            `${NS}:platform.nodes = 1: the stack's pods request 5.3 GiB of memory but the cluster's 1 node (platform.nodes) of platform.nodeAllocatable offer pods 4.0 GiB; add nodes or larger ones (and update platform.nodes or platform.nodeAllocatable)`,
        ));

    it("nodes large enough: accepted, nothing left unchecked", () => {
        let unchecked: unknown[] = [];
        assert.deepEqual(problemsOf("kind", withNodes({ cpu: "3920m", memoryMiB: 14162 }, 1), undefined, { onUnchecked: (p) => (unchecked = p) }), []);
        assert.deepEqual(unchecked, []);
    });

    it("node sizes not stated: accepted, with a warning that names the largest pod and how to state them", () => {
        let unchecked: { key: string; message: string }[] = [];
        assert.deepEqual(problemsOf("kind", () => {}, undefined, { onUnchecked: (p) => (unchecked = p) }), []);
        assert.deepEqual(
            unchecked.map((p) => `${p.key}: ${p.message}`),
            [
                `${NS}:platform.nodeAllocatable: is not set, so nothing checks that the cluster's nodes can hold the pods: the largest (broker, kafka.resources) requests 1536 MiB and 250m CPU, all of them 5376 MiB and 850m CPU; a pod no node can hold stays Pending. Set platform.nodeAllocatable to what the smallest node offers pods (kubectl get nodes -o custom-columns=NODE:.metadata.name,CPU:.status.allocatable.cpu,MEMORY:.status.allocatable.memory) and preview checks it`,
            ],
        );
    });

    it("an EKS stack knows its node types: nothing left unchecked", () => {
        let unchecked: unknown[] = [];
        problemsOf("prod", () => {}, undefined, { onUnchecked: (p) => (unchecked = p) });
        assert.deepEqual(unchecked, []);
    });
});
