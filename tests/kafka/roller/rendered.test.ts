/**
 * The roller as the prod and dev stacks deploy it: OnDelete Kafka StatefulSets (ZooKeeper keeps
 * RollingUpdate), a Job that depends on them, rolls the pools in the order the script is given
 * and waits within the bounds Pulumi waits for, a new Job exactly when what the pods run changes.
 */
import { strict as assert } from "assert";
import { input, RenderedResource, renderStack, stackSection } from "../../harness";
import { rollerDeadlineSeconds, WAIT_SECONDS, POLL_SECONDS } from "../../../components/kafka/roller/spec";

const minutes = (t: string | undefined) => Number(/^(\d+)m$/.exec(t ?? "")?.[1] ?? 0);
const kind = (rs: RenderedResource[], k: string) => rs.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.inputs.kind === k);
const named = (rs: RenderedResource[], k: string, name: string) => kind(rs, k).find((r) => input<string>(r, "metadata.name") === name)!;
const rollerJob = (rs: RenderedResource[]) => kind(rs, "Job").find((j) => input<string>(j, "metadata.name").startsWith("kafka-roller-"))!;
const argOf = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag);

describe("the roller in the rendered stacks", function () {
    this.timeout(240_000);
    let prod: RenderedResource[];
    let dev: RenderedResource[];
    let prodChanged: RenderedResource[];
    before(async () => {
        prod = (await renderStack("prod")).resources;
        dev = (await renderStack("dev")).resources;
        const kafka = stackSection("prod", "kafka")!;
        prodChanged = (await renderStack("prod", { kafka: { ...kafka, config: { ...(kafka.config as object), "num.io.threads": "16" } } })).resources;
    });

    it("prod: both Kafka StatefulSets are OnDelete; dev's ZooKeeper ensemble keeps RollingUpdate (its PDB guards drains)", () => {
        for (const n of ["kafka-controller", "kafka-broker"]) assert.equal(input(named(prod, "StatefulSet", n), "spec.updateStrategy.type"), "OnDelete", n);
        assert.equal(input(named(dev, "StatefulSet", "kafka-broker"), "spec.updateStrategy.type"), "OnDelete");
        assert.equal(input(named(dev, "StatefulSet", "kafka-zookeeper"), "spec.updateStrategy.type"), "RollingUpdate");
    });

    it("prod: the roller Job depends on both StatefulSets and rolls controllers first, then brokers, checking the quorum", () => {
        const job = rollerJob(prod);
        for (const n of ["kafka-controller", "kafka-broker"]) assert.ok(job.dependencies.includes(named(prod, "StatefulSet", n).urn), `depends on ${n}`);
        const c = input<{ args: string[]; name: string }[]>(job, "spec.template.spec.containers")[0];
        assert.deepEqual(argOf(c.args, "--pool"), ["kafka-controller:1000:controller", "kafka-broker:0:broker"]);
        assert.ok(c.args.includes("--kraft"));
        assert.deepEqual(argOf(c.args, "--namespace"), ["kafka"]);
        // The script's pools are the rendered StatefulSets, with their replica counts in the Role.
        const role = named(prod, "Role", "kafka-roller");
        const pods = input<{ resources: string[]; resourceNames: string[] }[]>(role, "rules").find((r) => r.resources.includes("pods"))!;
        assert.deepEqual(pods.resourceNames, ["kafka-controller-0", "kafka-controller-1", "kafka-controller-2", "kafka-broker-0", "kafka-broker-1", "kafka-broker-2"]);
    });

    it("prod: each wait is bounded by a pod's grace period + startup budget, and Pulumi waits for the whole roll", () => {
        const job = rollerJob(prod);
        const args = input<{ args: string[] }[]>(job, "spec.template.spec.containers")[0].args;
        assert.equal(Number(argOf(args, "--poll-seconds")[0]) * Number(argOf(args, "--max-polls")[0]), Math.ceil(WAIT_SECONDS / POLL_SECONDS) * POLL_SECONDS);
        const sts = ["kafka-controller", "kafka-broker"].map((n) => named(prod, "StatefulSet", n));
        const pod = input<{ terminationGracePeriodSeconds: number; containers: { startupProbe: { periodSeconds: number; failureThreshold: number } }[] }>(sts[1], "spec.template.spec");
        assert.equal(WAIT_SECONDS, pod.terminationGracePeriodSeconds + pod.containers[0].startupProbe.periodSeconds * pod.containers[0].startupProbe.failureThreshold);
        const deadline = input<number>(job, "spec.activeDeadlineSeconds");
        // Every bounded wait roll-nodes.sh may spend (KRaft, 3 controllers + 3 brokers): per pool the
        // StatefulSet observed; per controller the leader named, the brokers caught up, voters before,
        // pod back, voters after; per broker its partitions, voters before, pod back, voters after, no URP.
        assert.equal(deadline, (2 + 3 * 5 + 3 * 5) * WAIT_SECONDS + 600);
        assert.equal(deadline, rollerDeadlineSeconds(sts.map((s, i) => ({ replicas: input<number>(s, "spec.replicas"), isController: i === 0, isBroker: i === 1 })) as never, true));
        assert.ok(minutes(job.customTimeouts?.update) * 60 >= deadline && minutes(job.customTimeouts?.create) * 60 >= deadline, JSON.stringify(job.customTimeouts));
    });

    it("a config change is a new roller Job; the same config is the same Job", async () => {
        const again = (await renderStack("prod")).resources;
        assert.equal(input(rollerJob(again), "metadata.name"), input(rollerJob(prod), "metadata.name"));
        assert.notEqual(input(rollerJob(prodChanged), "metadata.name"), input(rollerJob(prod), "metadata.name"));
    });

    it("the token is mounted into the kubectl proxy only; the roller container talks to it on loopback", () => {
        const spec = input<{
            automountServiceAccountToken: boolean;
            initContainers: { name: string; restartPolicy: string; image: string; volumeMounts: { name: string }[] }[];
            containers: { volumeMounts: { name: string }[]; env: { name: string; value?: string }[] }[];
        }>(rollerJob(prod), "spec.template.spec");
        assert.equal(spec.automountServiceAccountToken, false);
        assert.equal(spec.initContainers[0].restartPolicy, "Always");
        // prod pins its images by digest (Pulumi.prod.yaml images.digests).
        assert.match(spec.initContainers[0].image, /^registry\.k8s\.io\/kubectl:v\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/);
        assert.ok(spec.initContainers[0].volumeMounts.some((m) => m.name === "api-token"));
        assert.ok(!spec.containers[0].volumeMounts.some((m) => m.name === "api-token"));
        assert.deepEqual(spec.containers[0].env.find((e) => e.name === "KUBE_PROXY"), { name: "KUBE_PROXY", value: "127.0.0.1:8001" });
    });
});
