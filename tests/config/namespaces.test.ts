/**
 * Config namespaces: only the project's, aws: (eks mode), tls: and pulumi: are read; anything
 * else is an error with the key it most likely meant. Checked through the real load path too.
 */
import { strict as assert } from "assert";
import { runProgram } from "../harness";
import { readStackFile } from "../../scripts/lib/stack-file";
import { NS, onlyProblem, problemsOf } from "./problems";

const foreign = (config: Record<string, string>) => ({ foreignConfig: { "aws:region": "eu-west-1", ...config } });

describe("config: namespaces", () => {
    it("a misspelt project namespace is an error naming the key it meant (prod would lose reclaimPolicy: Retain)", () => {
        onlyProblem(
            problemsOf("prod", () => {}, undefined, foreign({ "kafka_eks:storage": '{"reclaimPolicy":"Retain"}' })),
            `kafka_eks:storage = "{\\"reclaimPolicy\\":\\"Retain\\"}": is in namespace "kafka_eks", which nothing reads (did you mean kafka-eks:storage?); the program reads kafka-eks:<section>, aws: (platform.mode eks), tls: and pulumi:`,
        );
        onlyProblem(
            problemsOf("prod", () => {}, undefined, foreign({ "kafkaeks:security": "{}" })),
            `kafkaeks:security = "{}": is in namespace "kafkaeks", which nothing reads (did you mean kafka-eks:security?); the program reads kafka-eks:<section>, aws: (platform.mode eks), tls: and pulumi:`,
        );
    });

    it("a namespace nothing reads", () =>
        onlyProblem(
            problemsOf("prod", () => {}, undefined, foreign({ "random:seed": "1" })),
            `random:seed = "1": is in namespace "random", which nothing reads; the program reads kafka-eks:<section>, aws: (platform.mode eks), tls: and pulumi:`,
        ));

    it("provider settings are checked against the provider's declared keys", () => {
        onlyProblem(problemsOf("prod", () => {}, undefined, foreign({ "aws:regin": "eu-west-1" })), `aws:regin = "eu-west-1": is not a setting of the aws provider (did you mean aws:region?)`);
        assert.deepEqual(problemsOf("prod", () => {}, undefined, foreign({ "aws:profile": "ops", "aws:defaultTags": "{}", "tls:proxy": "{}", "pulumi:tags": "{}" })), []);
    });

    it("kubernetes: settings are refused: the program's Kubernetes providers are explicit", () =>
        onlyProblem(
            problemsOf("prod", () => {}, undefined, foreign({ "kubernetes:context": "kind-kafka" })),
            `kubernetes:context = "kind-kafka": is not read: this program's Kubernetes providers are explicit and ignore kubernetes: settings; set kafka-eks:platform.context instead`,
        ));

    it("aws: settings in existing-cluster mode are not read", () =>
        onlyProblem(
            problemsOf("kind", () => {}, {}, { foreignConfig: { "aws:region": "eu-west-1" } }),
            `aws:region = "eu-west-1": is not read: platform.mode existing creates no AWS resources (remove it, or use platform.mode eks)`,
        ));

    it("a misspelt section of the project namespace names the section", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.zookeper = c.zookeeper)),
            `${NS}:zookeper = {"replicas":3,"dataGiB":5,"dataLogGiB":5,"resources":{"cpu":"250m","memoryMiB":768,"heapMiB":512}}: unknown key (did you mean ${NS}:zookeeper?); allowed: platform, storage, kafka, zookeeper, topics, manager, autoscaling, consumers, security, smokeTest, metrics, users, images`,
        ));

    it("a misspelt key at any depth names the key it meant", () => {
        onlyProblem(problemsOf("dev", (c) => (c.kafka.replicationFactr = 2)), `${NS}:kafka.replicationFactr = 2: unknown key (did you mean replicationFactor?)`);
        onlyProblem(problemsOf("dev", (c) => (c.autoscaling.scalers[0].lagTreshold = 50)), `${NS}:autoscaling.scalers[0].lagTreshold = 50: unknown key (did you mean lagThreshold?)`);
        onlyProblem(problemsOf("dev", (c) => (c.platform.endpoint.publicAccesCidrs = ["0.0.0.0/0"])), `${NS}:platform.endpoint.publicAccesCidrs = ["0.0.0.0/0"]: unknown key (did you mean publicAccessCidrs?)`);
    });

    it("the program refuses a misspelt namespace when it loads the stack's config", async () => {
        const { config } = readStackFile("prod");
        const run = runProgram({ stack: "prod", config: { ...config, "kafka_eks:storage": '{"reclaimPolicy":"Retain"}' } });
        await assert.rejects(run, (e: Error) => e.name === "ConfigError" && e.message.includes('kafka_eks:storage = "{\\"reclaimPolicy\\":\\"Retain\\"}": is in namespace "kafka_eks", which nothing reads (did you mean kafka-eks:storage?)'));
    });
});
