/**
 * The pack's copies of the project contract (it cannot import components/ when run on its own)
 * and its checked-in per-stack configs stay in step with the code they describe.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { LABEL as PROJECT_LABEL } from "../../components/common/labels";
import { STORAGE_CLASS_NAME as PROJECT_STORAGE_CLASS } from "../../components/common/names";
import { type PolicyPackConfigFile, readPolicyConfigFile, resolvePolicyConfig } from "../../scripts/lib/policy-gate";
import type { PolicyDescription } from "../../scripts/lib/policy-gate/types";
import { COMPONENT, LABEL, STORAGE_CLASS_NAME, TOPIC_ARGUMENTS, TOPIC_SPEC_ANNOTATION } from "../../policy/lib/contract";
import { applyTopicArgs, TOPIC_ANNOTATIONS } from "../../components/kafka/topics/job";
import { POD_SPEC_PATHS } from "../../policy/lib/k8s";
import { POD_SPEC_PATHS as PROJECT_POD_SPEC_PATHS } from "../../components/common/image-pinning";
import { policies } from "../../policy/policies";

/** What GetAnalyzerInfo would report for each policy, built from the policy objects. */
function descriptions(): PolicyDescription[] {
    return policies.map((p) => ({
        name: p.name,
        description: p.description,
        enforcementLevel: p.enforcementLevel ?? "mandatory",
        kind: "validateStack" in p ? "stack" : "resource",
        configSchema: ((p.configSchema as PolicyConfigSchema | undefined)?.properties ?? {}) as Record<string, Record<string, unknown>>,
    }));
}

describe("policy pack contract", () => {
    it("uses the project's label keys and storage class name", () => {
        assert.strictEqual(LABEL.partOf, PROJECT_LABEL.partOf);
        assert.strictEqual(LABEL.component, PROJECT_LABEL.component);
        assert.strictEqual(STORAGE_CLASS_NAME, PROJECT_STORAGE_CLASS);
    });

    it("reads a topic's spec from the annotation the program writes on the topic Job", () => {
        assert.strictEqual(TOPIC_SPEC_ANNOTATION, TOPIC_ANNOTATIONS.spec);
    });

    it("compares that spec with the flags the topic Job passes apply-topic.sh", () => {
        const args = applyTopicArgs({ name: "t", partitions: 1, replicationFactor: 2, config: { "retention.ms": "1" } }, "b:9092", 1);
        const pairs = Object.fromEntries(Object.values(TOPIC_ARGUMENTS).map((flag) => [flag, args[args.indexOf(flag) + 1]]));
        assert.deepStrictEqual(pairs, { "--topic": "t", "--partitions": "1", "--replication-factor": "2", "--config": "retention.ms=1" });
    });

    it("finds pod specs where the program pins their images (the same kinds and paths)", () => {
        assert.deepStrictEqual(POD_SPEC_PATHS, PROJECT_POD_SPEC_PATHS);
    });

    it("carries the program's durability table and disk budget verbatim (policy/lib/durability.ts)", () => {
        const root = path.resolve(__dirname, "..", "..");
        const program = fs.readFileSync(path.join(root, "components", "kafka", "durability.ts"), "utf8");
        const pack = fs.readFileSync(path.join(root, "policy", "lib", "durability.ts"), "utf8");
        assert.ok(pack === program, "policy/lib/durability.ts differs from components/kafka/durability.ts: copy the program's file over the pack's");
        assert.ok(!/^import /m.test(program), "the durability module must import nothing (the pack runs on its own directory)");
    });

    it("knows every Kafka component of the labels contract", () => {
        const components: string[] = Object.values(COMPONENT);
        for (const c of ["zookeeper", "kafka-broker", "kafka-controller", "kafka", "kafka-topic"]) {
            assert.ok(components.includes(c), c);
        }
    });

    it("has unique policy names, each with a description", () => {
        const names = policies.map((p) => p.name);
        assert.strictEqual(new Set(names).size, names.length);
        assert.ok(policies.every((p) => p.description.length > 10));
    });

    for (const stack of ["dev", "prod"]) {
        it(`policy/config/${stack}.json names real policies and valid settings`, () => {
            const file = readPolicyConfigFile(path.resolve(__dirname, "..", "..", "policy", "config", `${stack}.json`));
            const resolved = resolvePolicyConfig(descriptions(), file);
            assert.strictEqual(Object.keys(resolved).length, policies.length);
        });
    }

    it("prod makes the platform-hardening policies mandatory; dev keeps them advisory", () => {
        const hardening = ["storage-encrypted", "eks-control-plane-logging", "eks-secrets-encryption", "eks-endpoint-restricted", "node-imdsv2", "retention-fits-broker-storage"];
        const dir = path.resolve(__dirname, "..", "..", "policy", "config");
        const dev = resolvePolicyConfig(descriptions(), readPolicyConfigFile(path.join(dir, "dev.json")));
        const prod = resolvePolicyConfig(descriptions(), readPolicyConfigFile(path.join(dir, "prod.json")));
        for (const name of hardening) {
            assert.strictEqual(dev[name].enforcementLevel, "advisory", name);
            assert.strictEqual(prod[name].enforcementLevel, "mandatory", name);
        }
    });

    it("rejects a config naming an unknown policy or a mistyped setting", () => {
        assert.throws(() => resolvePolicyConfig(descriptions(), { "zookeeper-odd-qourum": "mandatory" }), /"zookeeper-odd-qourum": no such policy/);
        assert.throws(() => resolvePolicyConfig(descriptions(), { "zookeeper-odd-quorum": { minReplicas: 0 } }), /minReplicas: 0 is below the minimum 1/);
        // A hand-edited JSON file is untyped: the level is checked at run time too.
        const mistyped = JSON.parse('{ "topic-replication-factor": "strict" }') as PolicyPackConfigFile;
        assert.throws(() => resolvePolicyConfig(descriptions(), mistyped), /"strict" is not one of advisory/);
    });

    it('applies "all", then per-policy entries, then schema defaults', () => {
        const resolved = resolvePolicyConfig(descriptions(), { all: "advisory", "zookeeper-odd-quorum": { enforcementLevel: "mandatory", minReplicas: 5 } });
        assert.deepStrictEqual(resolved["zookeeper-odd-quorum"], { enforcementLevel: "mandatory", properties: { minReplicas: 5 } });
        assert.deepStrictEqual(resolved["topic-replication-factor"], { enforcementLevel: "advisory", properties: { minReplicationFactor: 2 } });
    });
});
