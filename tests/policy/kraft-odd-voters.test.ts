import * as assert from "assert";
import { kraftOddVoters } from "../../policy/policies/kraft-odd-voters";
import { checkResource } from "./fixtures";
import { serverProperties, statefulSet } from "./objects";

const voters = (n: number) =>
    Array.from({ length: n }, (_, i) => `${i}@kafka-controller-${i}.kafka-controller-headless.kafka.svc.cluster.local:9093`).join(",");

describe("policy kraft-odd-voters", () => {
    it("passes 3 voters in server.properties and 3 controller replicas", async () => {
        assert.deepStrictEqual(await checkResource(kraftOddVoters, serverProperties("kafka-controller", "kafka-controller-config", { "process.roles": "controller", "controller.quorum.voters": voters(3) })), []);
        assert.deepStrictEqual(await checkResource(kraftOddVoters, statefulSet("kafka-controller", "kafka-controller", { replicas: 3 })), []);
    });

    it("fails 4 voters parsed from the mounted server.properties, naming the ConfigMap and key", async () => {
        const [message] = await checkResource(kraftOddVoters, serverProperties("kafka-broker", "kafka-broker-config", { "process.roles": "broker", "controller.quorum.voters": voters(4) }));
        assert.match(message, /^ConfigMap kafka\/kafka-broker-config: data\["server\.properties"\] controller\.quorum\.voters lists 4 voter\(s\) \(0@kafka-controller-0/);
        assert.match(message, /use an odd number of voters >= 3 \(e\.g\. 3 or 5\)/);
    });

    it("fails a controller StatefulSet with 2 replicas", async () => {
        const messages = await checkResource(kraftOddVoters, statefulSet("kafka-controller", "kafka-controller", { replicas: 2 }));
        assert.deepStrictEqual(messages, ["StatefulSet kafka/kafka-controller: spec.replicas is 2; use an odd number of voters >= 3 (e.g. 3 or 5); 2F+1 voters tolerate F failures (stack config: kafka-eks:kafka.kraft.controllers)."]);
    });

    it("allows a single dev controller with minVoters 1", async () => {
        const config = { minVoters: 1 };
        assert.deepStrictEqual(await checkResource(kraftOddVoters, serverProperties("kafka", "kafka-config", { "controller.quorum.voters": voters(1) }), config), []);
        assert.strictEqual((await checkResource(kraftOddVoters, serverProperties("kafka", "kafka-config", { "controller.quorum.voters": voters(2) }), config)).length, 1);
    });
});
