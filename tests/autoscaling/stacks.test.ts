import { strict as assert } from "assert";
import * as path from "path";
import { RunResult, input, one, ofType, runProgram } from "../harness";

const program = path.join(__dirname, "programs", "wiring.ts");
const SO = "kubernetes:keda.sh/v1alpha1:ScaledObject";
const DEPLOY = "kubernetes:apps/v1:Deployment";

describe("stack wiring: UI, KEDA and scalers from Pulumi.<stack>.yaml", () => {
    const runs: Record<string, RunResult> = {};
    before(async () => {
        runs.dev = await runProgram({ stack: "dev", program });
        runs.prod = await runProgram({ stack: "prod", program });
    });

    it("dev: an example consumer on orders (no spec.replicas) scaled 0-6 by KEDA on orders-processor lag", () => {
        const r = runs.dev.resources;
        const consumer = one(r, DEPLOY, "orders-consumer");
        assert.equal(input(consumer, "spec.replicas"), undefined);
        const so = one(r, SO);
        assert.equal(input(so, "spec.scaleTargetRef.name"), "orders-consumer");
        assert.equal(input(so, "spec.minReplicaCount"), 0);
        assert.equal(input(so, "spec.maxReplicaCount"), 6);
        const [t] = input<Array<{ metadata: Record<string, string> }>>(so, "spec.triggers");
        assert.deepEqual([t.metadata.topic, t.metadata.consumerGroup, t.metadata.lagThreshold], ["orders", "orders-processor", "50"]);
        assert.ok(so.dependencies.includes(one(r, "kubernetes:helm.sh/v4:Chart").urn));
        assert.equal(runs.dev.outputs.managerUsername, "admin");
        assert.deepEqual(runs.dev.outputs.scaledObjects, ["orders-consumer"]);
    });

    it("prod: a scaler for the team's own Deployment, no workload created, UI read-only", () => {
        const r = runs.prod.resources;
        const deployments = ofType(r, DEPLOY).map((d) => input<string>(d, "metadata.name"));
        assert.deepEqual(deployments, ["kafka-ui"]);
        const so = one(r, SO);
        assert.equal(input(so, "spec.scaleTargetRef.name"), "billing-orders-consumer");
        assert.equal(input(so, "spec.minReplicaCount"), 2);
        assert.equal(input(so, "spec.maxReplicaCount"), 12);
        assert.deepEqual(input(so, "spec.fallback"), { failureThreshold: 3, replicas: 6, behavior: "static" });
        const ui = one(r, DEPLOY);
        const env = input<Array<{ env: Array<{ name: string; value?: string }> }>>(ui, "spec.template.spec.containers")[0].env;
        assert.equal(env.find((e) => e.name === "KAFKA_CLUSTERS_0_READONLY")!.value, "true");
    });
});
