/**
 * Generated object names: no two objects of one kind/namespace/name, no namespace Kubernetes owns.
 * plannedObjects() is checked against what the program really registers for every shipped stack,
 * so the collision rule cannot drift from the components.
 */
import { strict as assert } from "assert";
import { parseStackConfig, PlannedObject, plannedObjects } from "../../components/config";
import { kubernetesObjects, RenderedResource, renderStack, stackSections } from "../harness";
import { NS, onlyProblem, problemsOf } from "./problems";

const STACKS = ["dev", "prod", "kind"];

function id(kind: string, namespace: string | undefined, name: string): string {
    return `${kind} ${namespace ?? "-"}/${name}`;
}

/** Kind, namespace and name of what a render registers (Jobs by stem: their names end in a spec hash). */
function rendered(resources: readonly RenderedResource[]): string[] {
    return kubernetesObjects(resources)
        .map((r) => {
            const meta = r.inputs.metadata as { name: string; namespace?: string };
            const kind = String(r.inputs.kind);
            return id(kind, meta.namespace, kind === "Job" ? meta.name.replace(/-[0-9a-f]{8}$/, "") : meta.name);
        })
        .sort();
}

/** What plannedObjects promises that a render can show (KEDA creates the HPAs itself). */
function planned(objects: readonly PlannedObject[]): string[] {
    return objects.filter((o) => o.kind !== "HorizontalPodAutoscaler").map((o) => id(o.kind, o.namespace, o.name)).sort();
}

describe("config: generated object names", function () {
    this.timeout(120_000);
    const renders = new Map<string, Promise<RenderedResource[]>>();
    before(() => {
        // One at a time: the mock runtime is process-wide.
        let previous: Promise<unknown> = Promise.resolve();
        for (const stack of STACKS) {
            const render = previous.then(() => renderStack(stack)).then((r) => r.resources);
            renders.set(stack, render);
            previous = render.catch(() => undefined);
        }
    });

    for (const stack of STACKS) {
        it(`plans exactly the Kubernetes objects the ${stack} stack registers`, async () => {
            const config = parseStackConfig(stackSections(stack), NS, { awsRegion: "eu-west-1" });
            assert.deepEqual(planned(plannedObjects(config)), rendered(await renders.get(stack)!));
        });
    }

    it("plans exactly what prod registers with SCRAM but no client at all (no users, so no user scripts ConfigMap)", async () => {
        const bare = { ...stackSections("prod"), topics: [], users: [], consumers: [], smokeTest: { enabled: false }, manager: { enabled: false }, metrics: { enabled: false }, autoscaling: { keda: { install: false } } };
        const config = parseStackConfig(bare, NS, { awsRegion: "eu-west-1" });
        const { resources } = await renderStack("prod", bare);
        assert.deepEqual(planned(plannedObjects(config)), rendered(resources));
        assert.ok(!rendered(resources).some((o) => o.includes("user-scripts")));
    });

    it("a consumer named like the Kafka UI's Deployment", () =>
        onlyProblem(
            problemsOf("dev", (c) => {
                c.consumers[0].workload.name = "kafka-ui";
                c.autoscaling.scalers = [];
            }),
            `${NS}:consumers[0].workload.name = "kafka-ui": would create Deployment kafka/kafka-ui, which the stack already creates for manager.enabled; choose another name`,
        ));

    it("a scaler that would scale a Deployment of the Kafka namespace (here the Kafka UI): only the stack's example consumers may be scaled there", () =>
        onlyProblem(
            problemsOf("prod", (c) => {
                c.autoscaling.scalers[0].deployment = "kafka-ui";
                delete c.autoscaling.scalers[0].namespace;
            }),
            `${NS}:autoscaling.scalers[0].namespace = (not set): is kafka.namespace (kafka), which holds only the cluster: run kafka-ui in the team's own namespace, set autoscaling.scalers[0].namespace to it and list it in security.clientNamespaces`,
        ));

    it("KEDA in the Kafka namespace", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.autoscaling.keda.namespace = "kafka")),
            `${NS}:autoscaling.keda.namespace = "kafka": would create Namespace kafka, which the stack already creates for kafka.namespace; choose another name`,
        ));

    it("the monitoring stack installed into the Kafka namespace", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.metrics.scraperNamespace = "kafka")),
            `${NS}:metrics.scraperNamespace = "kafka": would create Namespace kafka, which the stack already creates for kafka.namespace; choose another name`,
        ));

    it("two scalers whose HPAs share a name", () =>
        onlyProblem(
            problemsOf("prod", (c) => c.autoscaling.scalers.push({ ...c.autoscaling.scalers[0], name: "billing-2", deployment: "billing-2", hpaName: "keda-hpa-billing-orders" })),
            `${NS}:autoscaling.scalers[1].hpaName = "keda-hpa-billing-orders": would create HorizontalPodAutoscaler billing/keda-hpa-billing-orders, which the stack already creates for autoscaling.scalers[0].name; choose another name`,
        ));

    it("a team namespace so long that its KEDA user's Job name would not fit a pod label", () => {
        const ns = "a-team-namespace-whose-name-is-long-enough-to-overflow";
        onlyProblem(
            problemsOf("prod", (c) => {
                c.autoscaling.scalers[0].namespace = ns;
                c.security.clientNamespaces = ["billing", ns];
            }),
            `${NS}:autoscaling.scalers[0].namespace = "${ns}": would create Job kafka-user-keda-${ns}-<8 hex>, longer than 63 characters (its name labels the Job's pods); shorten this namespace or kafka.name ("kafka", 5 characters)`,
        );
    });

    it("a kafka.name so long that the built-in users' Job names would not fit a pod label: the fix names kafka.name", () => {
        const lines = problemsOf("prod", (c) => (c.kafka.name = "k".repeat(40)));
        assert.ok(lines.length > 0 && lines.every((l) => l.endsWith(`shorten ${l.includes("namespace = ") ? "this namespace or " : l.includes(".name = ") ? "this name or " : ""}kafka.name ("${"k".repeat(40)}", 40 characters)`)), lines.join("\n"));
        assert.ok(lines.some((l) => l.startsWith(`${NS}:security.authentication = `)), lines.join("\n"));
    });

    it("namespaces Kubernetes owns", () => {
        onlyProblem(problemsOf("dev", (c) => (c.kafka.namespace = "kube-system")), `${NS}:kafka.namespace = "kube-system": kube-system belongs to Kubernetes itself; give the stack its own namespace`);
        onlyProblem(problemsOf("dev", (c) => (c.autoscaling.keda.namespace = "default")), `${NS}:autoscaling.keda.namespace = "default": default belongs to Kubernetes itself; give the stack its own namespace`);
        // dev installs kube-prometheus-stack, so the stack creates metrics.scraperNamespace: the one line, not
        // also the kube-system NetworkPolicy that the stack creates there for security.networkPolicies.
        for (const ns of ["default", "kube-system"]) {
            onlyProblem(problemsOf("dev", (c) => (c.metrics.scraperNamespace = ns)), `${NS}:metrics.scraperNamespace = "${ns}": ${ns} belongs to Kubernetes itself; give the stack its own namespace`);
        }
        // Without installStack the namespace is an existing Prometheus's: the stack creates no Namespace there.
        assert.deepEqual(problemsOf("dev", (c) => Object.assign(c.metrics, { installStack: false, scraperNamespace: "default" })), []);
    });
});
