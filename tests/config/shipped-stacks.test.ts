/**
 * Every rule accepts the shipped stacks (dev, prod, kind), the README's sample error is real
 * output, and one mistake yields one line.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ConfigError, parseStackConfig } from "../../components/config";
import { projectName, readStackFile } from "../../scripts/lib/stack-file";
import { REPO_ROOT, stackSections } from "../harness";
import { NS, patched, problemLines, problemsOf } from "./problems";

/** The stack file's keys outside the project namespace, as the program receives them. */
function foreignConfig(stack: string): Record<string, string> {
    return Object.fromEntries(Object.entries(readStackFile(stack).config).filter(([k]) => !k.startsWith(`${projectName()}:`)));
}

describe("config: the shipped stacks and the README", () => {
    for (const stack of ["dev", "prod", "kind"]) {
        it(`Pulumi.${stack}.yaml passes every rule, its other namespaces included`, () => {
            const foreign = foreignConfig(stack);
            const region = foreign["aws:region"];
            assert.deepEqual(problemLines(stackSections(stack), region ? { awsRegion: region } : {}, { foreignConfig: foreign }), []);
        });
    }

    it("Pulumi.kind.yaml has no placeholder: `pulumi up` would run it", () =>
        assert.deepEqual(problemLines(stackSections("kind"), { awsRegion: "eu-west-1" }, { refusePlaceholders: true, foreignConfig: foreignConfig("kind") }), []));

    it("Pulumi.dev.yaml's only placeholders are what only its user knows: the deploy role and the endpoint's allowed CIDRs", () =>
        assert.deepEqual(
            problemLines(stackSections("dev"), { awsRegion: "eu-west-1" }, { refusePlaceholders: true, foreignConfig: foreignConfig("dev") }).map((l) => l.split(" = ")[0]),
            [`${NS}:platform.endpoint.publicAccessCidrs[0]`, `${NS}:platform.deployerPrincipalArn`],
        ));

    it("the README's sample error is what the program prints", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        const sample = /<!-- sample-config-error:start -->\n```text\n([\s\S]*?)\n```\n<!-- sample-config-error:end -->/.exec(readme);
        assert.ok(sample, "README.md has no sample-config-error block");
        const raw = patched("dev", (c) => {
            c.zookeeper.replicas = 4;
            c.topics[1].replicationFactor = 1;
            c.topics[0].config["retention.ms"] = "forever";
            c.kafka.config = { "log.retension.hours": 168 };
        });
        assert.throws(
            () => parseStackConfig(raw, NS, { awsRegion: "eu-west-1" }, { foreignConfig: { "aws:region": "eu-west-1", "kafka_eks:storage": '{"reclaimPolicy":"Retain"}' } }),
            (e: unknown) => e instanceof ConfigError && (assert.equal(e.message, sample[1]), true),
        );
    });

    const oneLine: [string, string, (c: Record<string, any>) => void][] = [
        ["cluster RF 1", "dev", (c) => (c.kafka.replicationFactor = 1)],
        ["topic RF 1", "prod", (c) => (c.topics[0].replicationFactor = 1)],
        ["an even ZooKeeper ensemble", "dev", (c) => (c.zookeeper.replicas = 4)],
        ["a single KRaft controller", "prod", (c) => (c.kafka.kraft.controllers = 1)],
        ["an unquoted kubernetesVersion 1.30", "dev", (c) => (c.platform.kubernetesVersion = 1.3)],
        ["a Kubernetes version neither EKS nor KEDA supports", "dev", (c) => (c.platform.kubernetesVersion = "1.29")],
        ["more brokers than nodes and than RF needs", "prod", (c) => (c.kafka.brokers = 9)],
        ["min ISR equal to RF", "prod", (c) => (c.kafka.minInsyncReplicas = 3)],
        ["a misspelt kafka.mode", "dev", (c) => (c.kafka.mode = "zookeper")],
        ["an unknown topic in a scaler and in the consumers", "dev", (c) => (c.topics[0].name = "orderz")],
    ];
    for (const [what, stack, patch] of oneLine) {
        it(`one mistake, one line: ${what}`, () => {
            const found = problemsOf(stack, patch);
            assert.equal(found.length, 1, found.join("\n"));
        });
    }
});
