import * as assert from "assert";
import { zookeeperOddQuorum } from "../../policy/policies/zookeeper-odd-quorum";
import { checkResource } from "./fixtures";
import { statefulSet } from "./objects";

describe("policy zookeeper-odd-quorum", () => {
    it("passes an ensemble of 3 and 5", async () => {
        assert.deepStrictEqual(await checkResource(zookeeperOddQuorum, statefulSet("zookeeper", "kafka-zookeeper", { replicas: 3, image: "zookeeper:3.8.6" })), []);
        assert.deepStrictEqual(await checkResource(zookeeperOddQuorum, statefulSet("zookeeper", "kafka-zookeeper", { replicas: 5 })), []);
    });

    it("fails an even ensemble, naming the StatefulSet and spec.replicas", async () => {
        const messages = await checkResource(zookeeperOddQuorum, statefulSet("zookeeper", "kafka-zookeeper", { replicas: 4 }));
        assert.deepStrictEqual(messages, ["StatefulSet kafka/kafka-zookeeper: spec.replicas is 4; set an odd number >= 3 (e.g. 3 or 5); 2F+1 servers tolerate F failures (stack config: kafka-eks:zookeeper.replicas)."]);
    });

    it("fails a single server unless minReplicas allows it, and treats unset replicas as 1", async () => {
        const single = statefulSet("zookeeper", "kafka-zookeeper");
        const [message] = await checkResource(zookeeperOddQuorum, single);
        assert.match(message, /StatefulSet kafka\/kafka-zookeeper: spec\.replicas is unset \(Kubernetes defaults it to 1\); set an odd number >= 3/);
        assert.deepStrictEqual(await checkResource(zookeeperOddQuorum, single, { minReplicas: 1 }), []);
    });

    it("ignores StatefulSets of other components", async () => {
        assert.deepStrictEqual(await checkResource(zookeeperOddQuorum, statefulSet("kafka-broker", "kafka-broker", { replicas: 2 })), []);
    });

    it("rejects a mistyped setting instead of ignoring it", async () => {
        await assert.rejects(checkResource(zookeeperOddQuorum, statefulSet("zookeeper", "zk", { replicas: 3 }), { minReplicas: "3" }), /minReplicas" must be an integer >= 1/);
    });
});
