/** Capacity and scheduling: what the config asks for against what the nodes and EBS can give. */
import { strict as assert } from "assert";
import { instanceTypes, minIopsForThroughput, minSizeForIops } from "../../components/config";
import { NS, onlyProblem, problemsOf } from "./problems";

describe("config: capacity and scheduling", () => {
    it("knows the node types the shipped stacks use, from upstream/aws/ec2-instance-types.txt", () => {
        assert.deepEqual(instanceTypes().get("m6i.2xlarge"), { name: "m6i.2xlarge", vcpu: 8, memoryMiB: 32768, allocatableCpuMilli: 7910, allocatableMemoryMiB: 29317, maxPods: 58 });
        assert.deepEqual(instanceTypes().get("t3.xlarge"), { name: "t3.xlarge", vcpu: 4, memoryMiB: 16384, allocatableCpuMilli: 3920, allocatableMemoryMiB: 14162, maxPods: 58 });
        assert.ok(instanceTypes().has("m6i.large"), "the schema's default node type");
    });

    it("more brokers than the node groups can ever have under a required host spread", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.kafka.brokers = 5)),
            `${NS}:kafka.brokers = 5: 5 brokers need 5 nodes under the required host spread (kafka.placement.hosts), but the node groups have at most 4 (platform.nodeGroups[].maxSize); raise platform.nodeGroups[].maxSize, lower the count, or set kafka.placement.hosts preferred`,
        ));

    it("more controllers than nodes, together with the brokers that do not fit either: one line", () =>
        onlyProblem(
            problemsOf("prod", (c) => ((c.kafka.kraft.controllers = 7), (c.kafka.brokers = 7), (c.platform.nodeGroups[0].maxSize = 5))),
            `${NS}:kafka.brokers = 7: 7 brokers and 7 KRaft controllers need 7 nodes under the required host spread (kafka.placement.hosts), but the node groups have at most 5 (platform.nodeGroups[].maxSize); raise platform.nodeGroups[].maxSize, lower the count, or set kafka.placement.hosts preferred`,
        ));

    it("brokers beyond desiredSize but within maxSize are allowed: the groups may have been scaled since creation", () =>
        assert.deepEqual(problemsOf("prod", (c) => (c.kafka.brokers = 5)), []));

    it("a preferred host spread may put several brokers on one node", () =>
        assert.deepEqual(problemsOf("dev", (c) => ((c.kafka.brokers = 5), (c.kafka.placement = { hosts: "preferred" }))), []));

    it("a broker pod bigger than any node type", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.kafka.resources = { cpu: "500m", memoryMiB: 20000, heapMiB: 10000 })),
            `${NS}:kafka.resources.memoryMiB = 20000: no node can hold a broker pod: the largest node type (t3.xlarge) offers pods 14162 MiB; choose larger platform.nodeGroups[].instanceTypes or less memory`,
        ));

    it("more CPU than any node type offers", () =>
        onlyProblem(
            problemsOf("prod", (c) => (c.kafka.controllerResources = { cpu: "8" })),
            `${NS}:kafka.controllerResources.cpu = "8": no node can hold a KRaft controller pod: the largest node type (m6i.2xlarge) offers pods 7910m CPU; choose larger platform.nodeGroups[].instanceTypes or request less CPU`,
        ));

    it("pods that fit one by one but not all together, even at maxSize", () =>
        onlyProblem(
            problemsOf("dev", (c) => ((c.kafka.resources = { cpu: "500m", memoryMiB: 14000, heapMiB: 8192 }), (c.zookeeper.resources = { memoryMiB: 5000, heapMiB: 3072 }))),
            `${NS}:platform.nodeGroups[0].maxSize = 4: the stack's pods request 57.2 GiB of memory but even at maxSize the nodes (4 × t3.xlarge) offer pods 55.3 GiB; add nodes or larger instance types`,
        ));

    it("gp3 limits: volume size", () =>
        onlyProblem(problemsOf("prod", (c) => (c.kafka.storageGiB = 70000)), `${NS}:kafka.storageGiB = 70000: must be at most 65536 GiB (64 TiB, the largest gp3 volume)`));

    it("gp3 limits: 500 IOPS per GiB of every volume on the class", () => {
        assert.equal(minSizeForIops(6000), 12);
        onlyProblem(
            problemsOf("dev", (c) => (c.storage.iops = 6000)),
            `${NS}:storage.iops = 6000: gp3 allows at most 500 IOPS per GiB, so every volume on ebs-default needs at least 12 GiB; zookeeper.dataGiB (5), zookeeper.dataLogGiB (5) are smaller (the EBS CSI driver lowers their IOPS, and fails volumes under 6 GiB)`,
        );
    });

    it("gp3 limits: 0.25 MiB/s per provisioned IOPS, and the ranges", () => {
        assert.equal(minIopsForThroughput(1000), 4000);
        onlyProblem(
            problemsOf("dev", (c) => (c.storage.throughput = 1000)),
            `${NS}:storage.throughput = 1000: gp3 allows 0.25 MiB/s per provisioned IOPS: 3000 IOPS allow at most 750 MiB/s; raise storage.iops to 4000 or lower the throughput`,
        );
        onlyProblem(problemsOf("dev", (c) => (c.storage.iops = 90000)), `${NS}:storage.iops = 90000: must be a whole number of IOPS from 3000 to 80000: lower it to 80000 IOPS or less, or remove the key for the default 3000`);
        onlyProblem(problemsOf("dev", (c) => (c.storage.throughput = 100)), `${NS}:storage.throughput = 100: must be a whole number of MiB/s from 125 to 2000: raise it to 125 MiB/s or more, or remove the key for the default 125`);
    });

    it("far more partitions per broker than Kafka's guidance, with the number", () =>
        onlyProblem(
            problemsOf("dev", (c) => ((c.topics[1].partitions = 10000), (c.autoscaling.scalers = []), (c.consumers = []))),
            `${NS}:topics[1].partitions = 10000: the topics put 6704 partition replicas on each of the 3 brokers (20112 in all, with __consumer_offsets); Kafka's guidance is at most 4000 per broker (KIP-578): use fewer partitions or more brokers`,
        ));
});
