import { strict as assert } from "assert";
import * as path from "path";
import * as k8s from "../../components/common/kubernetes";
import { KafkaManager } from "../../components/manager/kafka-manager";
import { RenderedResource, RunResult, input, one, ofType, runProgram } from "../harness";
import { PLAINTEXT, SASL_SSL } from "../autoscaling/fixtures";

const T = {
    provider: "pulumi:providers:kubernetes",
    password: "random:index/randomPassword:RandomPassword",
    secret: "kubernetes:core/v1:Secret",
    deployment: "kubernetes:apps/v1:Deployment",
    service: "kubernetes:core/v1:Service",
};
type Env = { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } };

function render(c: { kind: "kafka-ui" | "cmak"; secure: boolean; readOnly: boolean; login: boolean }): Promise<RunResult> {
    return runProgram({ stack: "test", config: { "kafka-eks:case": JSON.stringify(c) }, program: path.join(__dirname, "programs", "manager.ts") });
}

function env(d: RenderedResource, container = 0): Env[] {
    return input<Array<{ env: Env[] }>>(d, "spec.template.spec.containers")[container].env;
}

describe("KafkaManager under mocks", () => {
    let ui: RunResult;
    let readOnly: RunResult;
    let cmak: RunResult;
    before(async () => {
        ui = await render({ kind: "kafka-ui", secure: true, readOnly: false, login: true });
        readOnly = await render({ kind: "kafka-ui", secure: false, readOnly: true, login: false });
        cmak = await render({ kind: "cmak", secure: false, readOnly: false, login: true });
    });

    it("generated password → Secret → mounted config tree (never env); the Deployment waits for the Secret", () => {
        const r = ui.resources;
        const pw = one(r, T.password);
        assert.equal(input(pw, "length"), 32);
        assert.equal(input(pw, "special"), false);
        const secret = one(r, T.secret);
        assert.equal(input(secret, "metadata.name"), "kafka-ui-login");
        assert.equal(input(secret, "metadata.namespace"), "kafka");
        // The kubernetes SDK marks a Secret's stringData secret as a whole: the render keeps the keys, masks the values.
        assert.deepEqual(input(secret, "stringData"), { username: "[secret]", password: "[secret]" });
        const d = one(r, T.deployment);
        assert.ok(d.dependencies.includes(secret.urn));
        const e = env(d);
        assert.equal(e.find((x) => x.name === "AUTH_TYPE")!.value, "LOGIN_FORM");
        assert.ok(!e.some((x) => x.valueFrom !== undefined), "no env var from a Secret");
        const volumes = input<{ name: string; secret?: { secretName: string; items: { key: string; path: string }[] } }[]>(d, "spec.template.spec.volumes");
        assert.deepEqual(volumes.find((v) => v.name === "login")!.secret!.items, [{ key: "username", path: "spring.security.user.name" }, { key: "password", path: "spring.security.user.password" }]);
        assert.equal(volumes.find((v) => v.name === "login")!.secret!.secretName, "kafka-ui-login");
        assert.equal(ui.outputs.managerUsername, "admin");
        assert.match(String(ui.outputs.managerPassword), /^mock-password-/);
        assert.equal(ui.outputs.managerUrl, "http://kafka-ui.kafka.svc.cluster.local:8080");
    });

    it("the password appears in no resource input in clear text", () => {
        const password = String(ui.outputs.managerPassword);
        for (const res of ui.resources) assert.ok(!JSON.stringify(res.inputs).includes(password), `${res.type} ${res.name} leaks the password`);
    });

    it("ClusterIP Service on 8080, explicit provider on every Kubernetes resource", () => {
        const svc = one(ui.resources, T.service);
        assert.equal(input(svc, "spec.type"), "ClusterIP");
        assert.equal(input(svc, "metadata.name"), "kafka-ui");
        const provider = one(ui.resources, T.provider);
        for (const res of ui.resources.filter((x) => x.type.startsWith("kubernetes:"))) assert.equal(res.provider, provider.urn, `${res.type} ${res.name}`);
    });

    it("read-only without login: no password, no Secret, AUTH_TYPE DISABLED", () => {
        assert.equal(ofType(readOnly.resources, T.password).length, 0);
        assert.equal(ofType(readOnly.resources, T.secret).length, 0);
        const e = env(one(readOnly.resources, T.deployment));
        assert.equal(e.find((x) => x.name === "AUTH_TYPE")!.value, "DISABLED");
        assert.equal(e.find((x) => x.name === "KAFKA_CLUSTERS_0_READONLY")!.value, "true");
    });

    it("cmak: image, ZooKeeper root for state, application secret generated into CMAK's config file, port 9000", () => {
        const r = cmak.resources;
        assert.equal(ofType(r, T.password).length, 2);
        assert.deepEqual(input<Record<string, string>>(one(r, T.secret), "stringData"), { username: "[secret]", password: "[secret]", "cmak.conf": "[secret]" });
        assert.ok(!env(one(r, T.deployment)).some((x) => x.valueFrom !== undefined), "nothing from a Secret in CMAK's env");
        const d = one(r, T.deployment);
        assert.equal(input<Array<{ image: string }>>(d, "spec.template.spec.containers")[0].image, "quay.io/panubo/cmak:3.0.0.6-2");
        assert.equal(env(d).find((x) => x.name === "ZK_HOSTS")!.value, "kafka-zookeeper-client.kafka.svc.cluster.local:2181");
        assert.equal(env(d, 1).find((x) => x.name === "KAFKA_ZK_CONNECT")!.value, "kafka-zookeeper-client.kafka.svc.cluster.local:2181/kafka");
        assert.equal(input<Array<{ port: number }>>(one(r, T.service), "spec.ports")[0].port, 9000);
    });

    it("the component refuses CMAK for KRaft, for SASL/TLS clusters, and an open writable UI", () => {
        const provider = new k8s.Provider("p", { kubeconfig: "{}" });
        const zk = "zk:2181/kafka";
        assert.throws(() => new KafkaManager("m1", { clusterName: "kafka", client: PLAINTEXT, kafkaMode: "kraft", kind: "cmak", zookeeperConnect: zk }, { provider }), /kind cmak requires kafkaMode zookeeper/);
        assert.throws(() => new KafkaManager("m2", { clusterName: "kafka", client: SASL_SSL, kafkaMode: "zookeeper", kind: "cmak", zookeeperConnect: zk }, { provider }), /supports only PLAINTEXT/);
        assert.throws(() => new KafkaManager("m3", { clusterName: "kafka", client: PLAINTEXT, kafkaMode: "kraft", login: false }, { provider }), /login may be false only with readOnly/);
    });
});
