/**
 * Every object `npm run render` writes to manifests.yaml, Secrets included, is checked against the
 * Kubernetes OpenAPI schema of its kind: core kinds with the validators of `kubernetes-models`
 * (ajv, compiled from the Kubernetes 1.33.0 OpenAPI spec) plus an unknown-field check from the
 * same package's declarations (known-fields.ts), KEDA's and the Prometheus Operator's kinds with
 * the CRDs in upstream/keda and upstream/prometheus-operator (tests/autoscaling/openapi.ts, which
 * also rejects unknown fields).
 */
import { strict as assert } from "assert";
import YAML from "yaml";
import { kubernetesObjects } from "../../scripts/lib/manifests";
import { crdSchema, type OpenApiSchema, validateSchema } from "../autoscaling/openapi";
import { monitoringCrd } from "../observability/metric-sources";
import { type FieldChecker, knownFieldChecker } from "./known-fields";
import { renderResult } from "../harness";

interface KubernetesObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
}

type ModelClass = new (data: unknown) => { validate(): void };

/** Schemas of the custom kinds the program renders, from their CRDs (upstream/keda, upstream/prometheus-operator). */
const CRD_FILES: Record<string, () => OpenApiSchema> = {
    "keda.sh/v1alpha1/ScaledObject": () => crdSchema("keda.sh_scaledobjects.yaml"),
    "keda.sh/v1alpha1/TriggerAuthentication": () => crdSchema("keda.sh_triggerauthentications.yaml"),
    "monitoring.coreos.com/v1/PodMonitor": () => monitoringCrd("podmonitors"),
    "monitoring.coreos.com/v1/ServiceMonitor": () => monitoringCrd("servicemonitors"),
    "monitoring.coreos.com/v1/PrometheusRule": () => monitoringCrd("prometheusrules"),
};

/** The kubernetes-models class for a core kind: `kubernetes-models/<group/version>/<Kind>` (core group: `v1`). */
function coreModel(apiVersion: string, kind: string): ModelClass | undefined {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass>)[kind];
    } catch {
        return undefined;
    }
}

/** Core kinds whose field names known-fields.ts reads: every core kind the program renders, and the controls' ones. */
const CORE_KINDS = [
    ["v1", "Namespace"], ["v1", "Secret"], ["v1", "ConfigMap"], ["v1", "Service"], ["v1", "ServiceAccount"], ["v1", "PersistentVolumeClaim"],
    ["apps/v1", "StatefulSet"], ["apps/v1", "Deployment"], ["batch/v1", "Job"], ["policy/v1", "PodDisruptionBudget"],
    ["networking.k8s.io/v1", "NetworkPolicy"], ["storage.k8s.io/v1", "StorageClass"],
    ["rbac.authorization.k8s.io/v1", "ClusterRole"], ["rbac.authorization.k8s.io/v1", "ClusterRoleBinding"],
    ["rbac.authorization.k8s.io/v1", "Role"], ["rbac.authorization.k8s.io/v1", "RoleBinding"], ["scheduling.k8s.io/v1", "PriorityClass"],
] as const;

let fieldChecker: FieldChecker | undefined;
const unknownFields = (object: KubernetesObject) => (fieldChecker ??= knownFieldChecker(CORE_KINDS))(object);

/** Schema violations of one object, as "<path>: <problem>"; a kind without a schema is one. */
export function schemaErrors(object: KubernetesObject): string[] {
    const crd = CRD_FILES[`${object.apiVersion}/${object.kind}`];
    if (crd) return validateSchema(crd(), object);
    const Model = coreModel(object.apiVersion, object.kind);
    if (!Model) return [`no schema for ${object.apiVersion} ${object.kind}: add its CRD to upstream/ and CRD_FILES`];
    if (!CORE_KINDS.some(([v, k]) => v === object.apiVersion && k === object.kind)) return [`${object.apiVersion} ${object.kind}: add it to CORE_KINDS`];
    let errors: string[] = [];
    try {
        new Model(object).validate();
    } catch (e) {
        const found = (e as { errors?: Array<{ instancePath: string; message?: string }> }).errors;
        errors = found ? found.map((x) => `${x.instancePath || "/"}: ${x.message ?? "invalid"}`) : [String(e)];
    }
    return [...errors, ...unknownFields(object)];
}

const id = (o: KubernetesObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;

describe("rendered manifests pass the Kubernetes schema", function () {
    this.timeout(60000);
    for (const stack of ["dev", "prod"]) {
        describe(stack, () => {
            let objects: KubernetesObject[];
            let expected: number;
            before(async () => {
                const result = await renderResult(stack);
                objects = YAML.parseAllDocuments(result.manifests).map((d) => d.toJS() as KubernetesObject);
                expected = kubernetesObjects(result.resources).length;
            });

            it("the file holds every Kubernetes object of the stack, Secrets included", () => {
                assert.equal(objects.length, expected);
                const kinds = new Set(objects.map((o) => o.kind));
                for (const kind of ["Namespace", "Secret", "ConfigMap", "Service", "StatefulSet", "Deployment", "Job", "PersistentVolumeClaim", "PodDisruptionBudget", "NetworkPolicy", "StorageClass", "ScaledObject"]) {
                    assert.ok(kinds.has(kind), `no ${kind} in the ${stack} render`);
                }
            });

            it("every object validates against its kind's schema", () => {
                const failures = objects.flatMap((o) => schemaErrors(o).map((e) => `${id(o)}: ${e}`));
                assert.deepEqual(failures, []);
            });
        });
    }

    describe("(control) the validators reject what the API server would", () => {
        const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, type: "Opaque" };

        it("a Secret whose stringData is masked whole, or with non-base64 data", () => {
            assert.deepEqual(schemaErrors({ ...secret, stringData: "[secret]" } as KubernetesObject), ["/stringData: must be object"]);
            assert.match(schemaErrors({ ...secret, data: { password: "[secret]" } } as KubernetesObject).join(), /\/data\/password: must match format "byte"/);
            assert.deepEqual(schemaErrors({ ...secret, stringData: { password: "[secret]" } } as KubernetesObject), []);
        });

        it("a StatefulSet with a string replica count or no selector", () => {
            const sts = { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "x" }, spec: { replicas: "3", template: {} } };
            const errors = schemaErrors(sts as KubernetesObject).join("\n");
            assert.match(errors, /\/spec\/replicas: must be integer/);
            assert.match(errors, /\/spec: must have required property '?selector'?/);
        });

        it("a misspelt field anywhere in a core object (the API server would reject or drop it)", () => {
            const sts = {
                apiVersion: "apps/v1",
                kind: "StatefulSet",
                metadata: { name: "x", labels: { any: "label" }, annotation: {} },
                spec: { serviceName: "s", selector: {}, template: { spec: { containers: [{ name: "c", image: "i", ports: [{ containerPort: 1, protocl: "TCP" }], resources: { limits: { memory: "1Gi" } } }] } } },
            };
            assert.deepEqual(schemaErrors(sts as KubernetesObject), ["$.metadata.annotation: unknown field", "$.spec.template.spec.containers[0].ports[0].protocl: unknown field"]);
        });

        it("a ScaledObject with an unknown field, and a kind with no schema", () => {
            const so = { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "x" }, spec: { scaleTargetRef: { name: "d" }, triggers: [], maxReplicas: 3 } };
            assert.match(schemaErrors(so as KubernetesObject).join(), /\$\.spec\.maxReplicas: unknown field/);
            assert.match(schemaErrors({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }).join(), /no schema for example\.com\/v1 Widget/);
        });
    });
});
