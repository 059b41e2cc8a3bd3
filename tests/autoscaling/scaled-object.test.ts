import { strict as assert } from "assert";
import { buildScaledObject, buildTriggerAuthentication } from "../../components/autoscaling/scaled-object-spec";
import { BOOTSTRAP, PLAINTEXT, SASL_SSL, scalerInput } from "./fixtures";
import { crdSchema, scalerParameters, validateSchema } from "./openapi";

const scaledObjectSchema = crdSchema("keda.sh_scaledobjects.yaml");
const triggerAuthSchema = crdSchema("keda.sh_triggerauthentications.yaml");
const kafkaParams = scalerParameters("kafka");
const paramNames = new Set(kafkaParams.map((p) => p.name));

describe("ScaledObject builder (kafka trigger)", () => {
    it("renders every field for a PLAINTEXT cluster", () => {
        const so = buildScaledObject(scalerInput());
        assert.equal(so.apiVersion, "keda.sh/v1alpha1");
        assert.equal(so.kind, "ScaledObject");
        assert.deepEqual(so.metadata, {
            name: "orders-consumer",
            namespace: "kafka",
            labels: {
                "app.kubernetes.io/part-of": "kafka",
                "app.kubernetes.io/managed-by": "pulumi",
                "app.kubernetes.io/component": "consumer-scaler",
                "app.kubernetes.io/name": "consumer-scaler",
                "app.kubernetes.io/instance": "orders-consumer",
            },
        });
        assert.deepEqual(so.spec.scaleTargetRef, { apiVersion: "apps/v1", kind: "Deployment", name: "orders-consumer" });
        assert.equal(so.spec.pollingInterval, 30);
        assert.equal(so.spec.cooldownPeriod, 300);
        assert.equal(so.spec.minReplicaCount, 0);
        assert.equal(so.spec.maxReplicaCount, 6);
        assert.equal(so.spec.fallback, undefined);
        assert.equal(so.spec.advanced.restoreToOriginalReplicaCount, false);
        assert.equal(so.spec.advanced.horizontalPodAutoscalerConfig.name, undefined);
        assert.deepEqual(so.spec.advanced.horizontalPodAutoscalerConfig.behavior, {
            scaleUp: { stabilizationWindowSeconds: 30, selectPolicy: "Max", policies: [{ type: "Pods", value: 2, periodSeconds: 60 }] },
            scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: "Max", policies: [{ type: "Pods", value: 1, periodSeconds: 120 }] },
        });
        assert.equal(so.spec.triggers.length, 1);
        const [t] = so.spec.triggers;
        assert.equal(t.type, "kafka");
        assert.equal(t.metricType, "AverageValue");
        assert.equal(t.authenticationRef, undefined);
        assert.deepEqual(t.metadata, {
            bootstrapServers: BOOTSTRAP,
            consumerGroup: "orders-processor",
            topic: "orders",
            lagThreshold: "10",
            activationLagThreshold: "0",
            offsetResetPolicy: "latest",
            allowIdleConsumers: "false",
            limitToPartitionsWithLag: "false",
            scaleToZeroOnInvalidOffset: "false",
            excludePersistentLag: "false",
        });
    });

    it("renders tuning, fallback and the HPA name when set", () => {
        const so = buildScaledObject(
            scalerInput({
                lagThreshold: 250,
                activationLagThreshold: 5,
                minReplicaCount: 1,
                pollingInterval: 15,
                cooldownPeriod: 600,
                offsetResetPolicy: "earliest",
                limitToPartitionsWithLag: true,
                scaleToZeroOnInvalidOffset: true,
                fallback: { failureThreshold: 4, replicas: 2 },
                hpaName: "orders-hpa",
                behavior: {
                    scaleUp: { stabilizationWindowSeconds: 0, podsPerPeriod: 4, periodSeconds: 30 },
                    scaleDown: { stabilizationWindowSeconds: 600, podsPerPeriod: 1, periodSeconds: 300 },
                },
            }),
        );
        assert.equal(so.spec.minReplicaCount, 1);
        assert.equal(so.spec.pollingInterval, 15);
        assert.equal(so.spec.cooldownPeriod, 600);
        assert.deepEqual(so.spec.fallback, { failureThreshold: 4, replicas: 2, behavior: "static" });
        assert.equal(so.spec.advanced.horizontalPodAutoscalerConfig.name, "orders-hpa");
        assert.deepEqual(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.policies, [{ type: "Pods", value: 4, periodSeconds: 30 }]);
        assert.equal(so.spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleDown.stabilizationWindowSeconds, 600);
        const m = so.spec.triggers[0].metadata;
        assert.equal(m.lagThreshold, "250");
        assert.equal(m.activationLagThreshold, "5");
        assert.equal(m.offsetResetPolicy, "earliest");
        assert.equal(m.limitToPartitionsWithLag, "true");
        assert.equal(m.scaleToZeroOnInvalidOffset, "true");
        assert.deepEqual(validateSchema(scaledObjectSchema, so), []);
    });

    it("SASL_SSL: sasl and tls switches in metadata, credentials only through the TriggerAuthentication", () => {
        const input = scalerInput({ client: SASL_SSL });
        const so = buildScaledObject(input);
        const [t] = so.spec.triggers;
        assert.equal(t.metadata.sasl, "scram_sha512");
        assert.equal(t.metadata.tls, "enable");
        assert.deepEqual(t.authenticationRef, { name: "orders-consumer-kafka-auth", kind: "TriggerAuthentication" });
        for (const secretParam of ["username", "password", "ca", "cert", "key", "keyPassword"]) assert.ok(!(secretParam in t.metadata), `${secretParam} in trigger metadata`);

        const ta = buildTriggerAuthentication(input)!;
        assert.equal(ta.apiVersion, "keda.sh/v1alpha1");
        assert.equal(ta.kind, "TriggerAuthentication");
        assert.equal(ta.metadata.name, "orders-consumer-kafka-auth");
        assert.equal(ta.metadata.namespace, "kafka");
        assert.equal(ta.metadata.labels["app.kubernetes.io/component"], "consumer-scaler");
        assert.deepEqual(ta.spec.secretTargetRef, [
            { parameter: "username", name: "kafka-client-user", key: "user" },
            { parameter: "password", name: "kafka-client-user", key: "pass" },
            { parameter: "ca", name: "kafka-ca", key: "ca.crt" },
        ]);
        assert.deepEqual(validateSchema(triggerAuthSchema, ta), []);
        assert.deepEqual(validateSchema(scaledObjectSchema, so), []);
    });

    it("SASL_PLAINTEXT without a CA: sasl switch, no tls, user/password refs only", () => {
        const client = { ...SASL_SSL, securityProtocol: "SASL_PLAINTEXT" as const, tls: undefined };
        const so = buildScaledObject(scalerInput({ client }));
        assert.equal(so.spec.triggers[0].metadata.sasl, "scram_sha512");
        assert.equal(so.spec.triggers[0].metadata.tls, undefined);
        const ta = buildTriggerAuthentication(scalerInput({ client }))!;
        assert.deepEqual(ta.spec.secretTargetRef.map((r) => r.parameter), ["username", "password"]);
    });

    it("PLAINTEXT needs no TriggerAuthentication", () => {
        assert.equal(buildTriggerAuthentication(scalerInput({ client: PLAINTEXT })), undefined);
    });

    for (const [label, client] of [["PLAINTEXT", PLAINTEXT], ["SASL_SSL", SASL_SSL]] as const) {
        it(`${label}: every metadata key is a kafka scaler parameter, every value a string within allowed values`, () => {
            const { metadata } = buildScaledObject(scalerInput({ client })).spec.triggers[0];
            for (const [key, value] of Object.entries(metadata)) {
                assert.ok(paramNames.has(key), `${key} is not a kafka scaler parameter`);
                const p = kafkaParams.find((x) => x.name === key)!;
                assert.ok(p.metadataVariableReadable, `${key} cannot be read from metadata`);
                assert.equal(typeof value, "string", `${key} must be a string`);
                if (p.allowedValue) assert.ok(p.allowedValue.includes(value), `${key}=${value} not in ${p.allowedValue.join("|")}`);
            }
            for (const required of kafkaParams.filter((p) => !p.optional && p.default === undefined && p.metadataVariableReadable)) {
                assert.ok(required.name in metadata, `required parameter ${required.name} missing`);
            }
        });
    }

    it("TriggerAuthentication parameters are ones the kafka scaler reads from a TriggerAuthentication", () => {
        const ta = buildTriggerAuthentication(scalerInput({ client: SASL_SSL }))!;
        for (const ref of ta.spec.secretTargetRef) {
            const p = kafkaParams.find((x) => x.name === ref.parameter);
            assert.ok(p?.triggerAuthenticationVariableReadable, `${ref.parameter} is not TriggerAuthentication-readable`);
        }
    });

    it("the rendered objects pass the v2.20.2 CRD schemas", () => {
        assert.deepEqual(validateSchema(scaledObjectSchema, buildScaledObject(scalerInput())), []);
    });
});

describe("openAPIV3 checker", () => {
    it("rejects unknown fields, wrong types, missing required fields and out-of-range values", () => {
        const so = buildScaledObject(scalerInput()) as unknown as { spec: Record<string, unknown> };
        const bad = JSON.parse(JSON.stringify(so)) as { spec: Record<string, unknown> & { triggers: Array<Record<string, unknown>> } };
        bad.spec.maxReplicaCont = 3;
        bad.spec.minReplicaCount = -1;
        bad.spec.triggers[0].metadata = { lagThreshold: 10 };
        delete bad.spec.scaleTargetRef;
        const errors = validateSchema(scaledObjectSchema, bad);
        assert.ok(errors.some((e) => e.startsWith("$.spec.maxReplicaCont: unknown field")), errors.join("\n"));
        assert.ok(errors.some((e) => e.startsWith("$.spec.minReplicaCount: must be >= 0")), errors.join("\n"));
        assert.ok(errors.some((e) => e.startsWith("$.spec.triggers[0].metadata.lagThreshold: must be string")), errors.join("\n"));
        assert.ok(errors.some((e) => e.startsWith("$.spec.scaleTargetRef: is required")), errors.join("\n"));
    });

    it("checks enums (authenticationRef.kind)", () => {
        const so = JSON.parse(JSON.stringify(buildScaledObject(scalerInput({ client: SASL_SSL }))));
        so.spec.triggers[0].authenticationRef.kind = "Secret";
        assert.ok(validateSchema(scaledObjectSchema, so).some((e) => e.includes("authenticationRef.kind: must be one of")));
    });
});
