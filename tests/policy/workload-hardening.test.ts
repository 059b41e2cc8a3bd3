import * as assert from "assert";
import { restrictedPodSecurity } from "../../policy/policies/restricted-pod-security";
import { containerResources } from "../../policy/policies/container-resources";
import { checkResource, type Fixture } from "./fixtures";

const hardened = {
    securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
        {
            name: "kafka",
            image: "apache/kafka:4.3.1",
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" } },
        },
    ],
    volumes: [{ name: "config", configMap: { name: "kafka-broker-config" } }],
};

function deployment(podSpec: Record<string, unknown>): Fixture {
    return {
        type: "kubernetes:apps/v1:Deployment",
        name: "ui",
        props: { metadata: { name: "kafka-ui", namespace: "kafka" }, spec: { template: { spec: podSpec } } },
    };
}

describe("policy restricted-pod-security", () => {
    it("passes a restricted pod", async () => assert.deepStrictEqual(await checkResource(restrictedPodSecurity, deployment(hardened)), []));

    it("fails a root, privileged pod with a host path, naming object and field", async () => {
        const messages = await checkResource(restrictedPodSecurity, deployment({
            hostNetwork: true,
            volumes: [{ name: "host", hostPath: { path: "/" } }],
            containers: [{ name: "debug", image: "busybox:1.36", securityContext: { privileged: true, runAsUser: 0 } }],
        }));
        const expected = [
            "Deployment kafka/kafka-ui: spec.template.spec.hostNetwork is true;",
            "Deployment kafka/kafka-ui: spec.template.spec.volumes[0] is a hostPath volume",
            "Deployment kafka/kafka-ui: spec.template.spec.containers[0].securityContext.privileged is true;",
            "Deployment kafka/kafka-ui: spec.template.spec.containers[0].securityContext.runAsUser is 0 (root);",
            "Deployment kafka/kafka-ui: spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation is not false;",
        ];
        for (const e of expected) assert.ok(messages.some((m) => m.startsWith(e)), `missing "${e}" in:\n${messages.join("\n")}`);
        assert.ok(messages.every((m) => m.endsWith("(kubernetes.io/docs/concepts/security/pod-security-standards).")));
    });
});

describe("policy container-resources", () => {
    it("passes a container with CPU request and memory request and limit", async () => assert.deepStrictEqual(await checkResource(containerResources, deployment(hardened)), []));

    it("fails a container without memory limit and CPU request, naming what is missing", async () => {
        const podSpec = { ...hardened, containers: [{ ...hardened.containers[0], resources: { requests: { memory: "4Gi" } } }] };
        assert.deepStrictEqual(await checkResource(containerResources, deployment(podSpec)), [
            'Deployment kafka/kafka-ui: spec.template.spec.containers[0].resources (container "kafka") lacks requests.cpu, limits.memory; set a CPU request and a memory request and limit.',
        ]);
    });
});
