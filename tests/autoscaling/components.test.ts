import { strict as assert } from "assert";
import * as path from "path";
import { KafkaConsumerScaler } from "../../components/autoscaling/consumer-scaler";
import { KEDA_CHART } from "../../components/autoscaling/keda-chart-spec";
import { RenderedResource, RunResult, input, one, ofType, runProgram } from "../harness";
import { PLAINTEXT } from "./fixtures";
import { crdSchema, validateSchema } from "./openapi";

const T = {
    provider: "pulumi:providers:kubernetes",
    chart: "kubernetes:helm.sh/v4:Chart",
    namespace: "kubernetes:core/v1:Namespace",
    scaledObject: "kubernetes:keda.sh/v1alpha1:ScaledObject",
    triggerAuth: "kubernetes:keda.sh/v1alpha1:TriggerAuthentication",
    deployment: "kubernetes:apps/v1:Deployment",
};

function render(secure: boolean): Promise<RunResult> {
    return runProgram({ stack: "test", config: { "kafka-eks:case": JSON.stringify({ secure }) }, program: path.join(__dirname, "programs", "scalers.ts") });
}

describe("KEDA operator, ExampleConsumer and KafkaConsumerScaler under mocks", () => {
    const runs: Record<string, RenderedResource[]> = {};
    let outputs: Record<string, unknown> = {};
    before(async () => {
        const secure = await render(true);
        runs.secure = secure.resources;
        outputs = secure.outputs;
        runs.plain = (await render(false)).resources;
    });

    it("installs the pinned kedacore/keda chart with helm.v4.Chart in a restricted namespace", () => {
        const chart = one(runs.plain, T.chart);
        assert.equal(input(chart, "chart"), "keda");
        assert.equal(input(chart, "version"), "2.20.2");
        assert.equal(KEDA_CHART.version, "2.20.2");
        assert.equal(input(chart, "repositoryOpts.repo"), "https://kedacore.github.io/charts");
        assert.equal(input(chart, "namespace"), "keda");
        assert.equal(input(chart, "values.crds.install"), true);
        assert.equal(input(chart, "values.podSecurityContext.operator.seccompProfile.type"), "RuntimeDefault");
        assert.equal(ofType(runs.plain, "kubernetes:helm.sh/v3:Release").length, 0);
        const ns = one(runs.plain, T.namespace);
        assert.equal(input(ns, "metadata.name"), "keda");
        assert.equal(input<Record<string, string>>(ns, "metadata.labels")["pod-security.kubernetes.io/enforce"], "restricted");
        assert.ok(chart.dependencies.includes(ns.urn), "chart must wait for its namespace");
    });

    it("every Kubernetes resource uses the explicit provider", () => {
        const provider = one(runs.secure, T.provider);
        for (const r of runs.secure.filter((x) => x.type.startsWith("kubernetes:"))) assert.equal(r.provider, provider.urn, `${r.type} ${r.name}`);
    });

    it("ScaledObject and TriggerAuthentication depend on the KEDA chart (CRDs first)", () => {
        const chart = one(runs.secure, T.chart);
        const so = one(runs.secure, T.scaledObject);
        const ta = one(runs.secure, T.triggerAuth);
        assert.ok(so.dependencies.includes(chart.urn), so.dependencies.join(", "));
        assert.ok(ta.dependencies.includes(chart.urn), ta.dependencies.join(", "));
        assert.ok(so.dependencies.includes(ta.urn), "ScaledObject waits for its TriggerAuthentication");
    });

    it("renders the ScaledObject as registered (validated against the CRD)", () => {
        const so = one(runs.secure, T.scaledObject);
        assert.equal(input(so, "apiVersion"), "keda.sh/v1alpha1");
        assert.equal(input(so, "metadata.name"), "orders-consumer");
        assert.equal(input(so, "spec.scaleTargetRef.name"), "orders-consumer");
        assert.equal(input(so, "spec.maxReplicaCount"), 6);
        const [trigger] = input<Array<{ metadata: Record<string, string>; authenticationRef: { name: string } }>>(so, "spec.triggers");
        assert.equal(trigger.metadata.lagThreshold, "50");
        assert.equal(trigger.metadata.bootstrapServers, "kafka-bootstrap.kafka.svc.cluster.local:9092");
        assert.equal(trigger.authenticationRef.name, "orders-consumer-kafka-auth");
        const { apiVersion, kind, metadata, spec } = so.inputs;
        assert.deepEqual(validateSchema(crdSchema("keda.sh_scaledobjects.yaml"), { apiVersion, kind, metadata, spec }), []);
        const ta = one(runs.secure, T.triggerAuth);
        assert.deepEqual(validateSchema(crdSchema("keda.sh_triggerauthentications.yaml"), { apiVersion: ta.inputs.apiVersion, kind: ta.inputs.kind, metadata: ta.inputs.metadata, spec: ta.inputs.spec }), []);
        assert.equal(outputs.hpaName, "keda-hpa-orders-consumer");
    });

    it("PLAINTEXT: no TriggerAuthentication", () => {
        assert.equal(ofType(runs.plain, T.triggerAuth).length, 0);
        const [trigger] = input<Array<{ metadata: Record<string, string>; authenticationRef?: unknown }>>(one(runs.plain, T.scaledObject), "spec.triggers");
        assert.equal(trigger.authenticationRef, undefined);
        assert.equal(trigger.metadata.sasl, undefined);
        assert.equal(trigger.metadata.tls, undefined);
    });

    it("the example consumer leaves spec.replicas to the HPA", () => {
        const d = one(runs.secure, T.deployment);
        assert.equal(input(d, "spec.replicas"), undefined);
        assert.deepEqual(d.ignoreChanges, ["spec.replicas"]);
        type Container = {
            image: string;
            securityContext: Record<string, unknown>;
            resources: { requests: Record<string, string>; limits: Record<string, string> };
            env: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }>;
        };
        const pod = input<{ securityContext: Record<string, unknown>; containers: Container[] }>(d, "spec.template.spec");
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.deepEqual(pod.securityContext.seccompProfile, { type: "RuntimeDefault" });
        const [c] = pod.containers;
        assert.equal(c.image, "apache/kafka:3.9.2");
        assert.deepEqual(c.securityContext.capabilities, { drop: ["ALL"] });
        assert.equal(c.securityContext.allowPrivilegeEscalation, false);
        assert.equal(c.resources.requests.cpu, "100m");
        assert.equal(c.resources.limits.memory, "512Mi");
        const env = c.env;
        assert.equal(env.find((e) => e.name === "SASL_PASSWORD_FILE")!.value, "/etc/kafka-client/sasl/password");
        assert.ok(env.every((e) => e.valueFrom === undefined), "credentials come as mounted files, not env");
        assert.equal(env.find((e) => e.name === "GROUP")!.value, "orders-processor");
    });

    it("the component rejects what the config rejects", () => {
        const base = { clusterName: "kafka", client: PLAINTEXT, deployment: "d", topic: "orders", consumerGroup: "g", maxReplicaCount: 6 };
        const provider = {} as never;
        assert.throws(() => new KafkaConsumerScaler("s", { ...base, maxReplicaCount: 8, topicPartitions: 6 }, { provider }), /maxReplicaCount must be at most the partitions of topic orders \(6\)/);
        assert.throws(() => new KafkaConsumerScaler("s", { ...base, allowIdleConsumers: true, limitToPartitionsWithLag: true }, { provider }), /mutually exclusive/);
        assert.throws(() => new KafkaConsumerScaler("s", base), /requires a kubernetes provider: pass \{ provider \}/);
    });
});
