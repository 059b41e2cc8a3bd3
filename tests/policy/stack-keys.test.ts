/** The pack's field → stack-config key table names only keys the config schema has. */
import * as assert from "assert";
import { CONFIG_NAMESPACE, STACK_KEY_RULES, stackKeyOf } from "../../policy/lib/stack-keys";
import { projectName } from "../../scripts/lib/stack-file";
import { schemaKeys } from "../scripts/schema-keys";

describe("policy lib: stack-config keys", () => {
    it("uses the project's config namespace", () => assert.strictEqual(CONFIG_NAMESPACE, projectName()));

    it("maps only to keys of the config schema", () => {
        const keys = schemaKeys();
        assert.ok(keys.size > 50, `schema keys: ${keys.size}`);
        assert.deepStrictEqual(STACK_KEY_RULES.map((r) => r.key).filter((k) => !keys.has(k)), []);
    });

    it("tells components apart: the same field maps to different keys", () => {
        assert.strictEqual(stackKeyOf({ kind: "StatefulSet", component: "zookeeper" }, "spec.replicas"), "kafka-eks:zookeeper.replicas");
        assert.strictEqual(stackKeyOf({ kind: "StatefulSet", component: "kafka-controller" }, "spec.replicas"), "kafka-eks:kafka.kraft.controllers");
        assert.strictEqual(stackKeyOf({ kind: "StatefulSet", component: "kafka-broker" }, "spec.replicas"), "kafka-eks:kafka.brokers");
        assert.strictEqual(stackKeyOf({ kind: "ConfigMap", component: "kafka" }, 'data["server.properties"] controller.quorum.voters'), "kafka-eks:kafka.brokers");
        assert.strictEqual(stackKeyOf({ kind: "Deployment", component: "kafka-manager" }, 'spec.template.spec.containers[0].image (container "kafka-ui")'), undefined);
        assert.strictEqual(stackKeyOf({ kind: "StatefulSet" }, "spec.replicas"), undefined, "an unlabelled object is not this project's");
    });
});
