import * as assert from "assert";
import { uncleanLeaderElectionDisabled } from "../../policy/policies/unclean-leader-election-disabled";
import { checkResource } from "./fixtures";
import { DURABLE_BROKER, serverProperties, topic } from "./objects";

describe("policy unclean-leader-election-disabled", () => {
    it("passes false or absent", async () => {
        assert.deepStrictEqual(await checkResource(uncleanLeaderElectionDisabled, serverProperties("kafka-broker", "kafka-broker-config", DURABLE_BROKER)), []);
        assert.deepStrictEqual(await checkResource(uncleanLeaderElectionDisabled, topic({ name: "orders", partitions: 3, replicationFactor: 3 })), []);
    });

    it("fails true in server.properties, naming ConfigMap and key", async () => {
        const messages = await checkResource(uncleanLeaderElectionDisabled, serverProperties("kafka", "kafka-config", { ...DURABLE_BROKER, "unclean.leader.election.enable": true }));
        assert.deepStrictEqual(messages, ['ConfigMap kafka/kafka-config: data["server.properties"] unclean.leader.election.enable is true; remove it or set it to false; an out-of-sync leader discards acknowledged writes (stack config: kafka-eks:kafka.config).']);
    });

    it("fails true in a topic's config", async () => {
        const [message] = await checkResource(uncleanLeaderElectionDisabled, topic({ name: "orders", partitions: 3, replicationFactor: 3, config: { "unclean.leader.election.enable": true } }));
        assert.match(message, /^Job kafka\/kafka-topic-orders: metadata\.annotations\["kafka-eks\/topic-spec"\]\.config\["unclean\.leader\.election\.enable"\] is true; remove it or set it to false/);
    });
});
