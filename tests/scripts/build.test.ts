import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { REPO_ROOT, RenderedResource, renderStack, runProgram } from "../harness";
import { npmScriptArgv } from "../harness/npm-script";

/** The package as users get it: compiled JavaScript plus the shell scripts its specs read. */
describe("npm run build", function () {
    this.timeout(180_000);
    // Built into bin/ of a copy of the project (its Pulumi files, the repo's node_modules), as Pulumi runs it.
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-eks-build-"));
    const out = path.join(project, "bin");

    before(() => {
        for (const file of ["Pulumi.yaml", "Pulumi.dev.yaml", "Pulumi.prod.yaml", "package.json"]) {
            fs.copyFileSync(path.join(REPO_ROOT, file), path.join(project, file));
        }
        fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"));
        const r = spawnSync(process.execPath, npmScriptArgv("build", "--out", out), { cwd: REPO_ROOT, encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr + r.stdout);
    });

    it("ships the upstream data the config checks read at run time, and package.json publishes it", () => {
        for (const file of ["upstream/kafka/broker-configs-3.9.txt", "upstream/kafka/topic-configs-4.x.txt", "upstream/kafka/config-types-4.x.txt", "upstream/aws/ec2-instance-types.txt"]) {
            assert.equal(fs.readFileSync(path.join(out, file), "utf8"), fs.readFileSync(path.join(REPO_ROOT, file), "utf8"), file);
        }
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        assert.ok(pkg.files.includes("bin/upstream"), `package.json files: ${pkg.files}`);
    });

    it("the compiled library checks Kafka keys and node capacity from its own copy of the data", () => {
        const script = `
            const lib = require(${JSON.stringify(path.join(out, "components"))});
            try {
                lib.parseStackConfig({
                    platform: { mode: "eks", kubernetesVersion: "1.34", deployerPrincipalArn: "arn:aws:iam::111122223333:role/deploy", endpoint: { publicAccess: false }, nodeGroups: [{ name: "a", instanceTypes: ["t3.medium"] }] },
                    kafka: { mode: "kraft", config: { "log.retension.hours": 1 } },
                }, "kafka-eks", { awsRegion: "eu-west-1" });
                console.log("accepted");
            } catch (e) { console.log(e.message); }`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: os.tmpdir(), env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, "node_modules") } });
        assert.equal(r.status, 0, r.stderr);
        assert.match(r.stdout, /kafka-eks:kafka\.config\.log\.retension\.hours = 1: is not a Kafka 4\.3\.1 broker config key \(did you mean log\.retention\.hours\?\)/);
        assert.match(r.stdout, /kafka-eks:kafka\.resources\.memoryMiB = \(not set; default 4096\): no node can hold a broker pod: the largest node type \(t3\.medium\) offers pods 3246 MiB/);
    });

    it("points package.json main/types at the compiled library", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
        assert.equal(pkg.main, "bin/components/index.js");
        assert.equal(pkg.types, "bin/components/index.d.ts");
        assert.ok(fs.existsSync(path.join(out, "components/index.js")));
        assert.ok(fs.existsSync(path.join(out, "components/index.d.ts")));
    });

    it("loads as a library and renders specs that embed the shipped scripts", () => {
        const script = `
            const lib = require(${JSON.stringify(path.join(out, "components"))});
            const cfg = lib.parseStackConfig({
                platform: { mode: "existing" }, storage: { provisioner: "rancher.io/local-path" },
                kafka: { mode: "kraft" }, topics: [{ name: "t", partitions: 1, config: { "retention.bytes": 1073741824 } }],
            }, "kafka-eks");
            const specs = lib.kafkaSpecs({ kafka: cfg.kafka });
            const data = specs.pools[0].configMap.data;
            const topic = lib.applyTopicScript();
            console.log(JSON.stringify({ components: ["Platform", "KafkaCluster", "ZooKeeperEnsemble", "KafkaTopics", "KafkaManager", "KedaOperator", "KafkaConsumerScaler"].filter((c) => typeof lib[c] === "function"), keys: Object.keys(data), topic: topic.startsWith("#!") }));`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, "node_modules") } });
        assert.equal(r.status, 0, r.stderr);
        const result = JSON.parse(r.stdout);
        assert.equal(result.components.length, 7, `exported components: ${result.components}`);
        assert.ok(result.keys.includes("kafka-node.sh") && result.keys.includes("server.properties"), result.keys.join(", "));
        assert.equal(result.topic, true);
    });

    /** What a run of the compiled program registers, as `npm run bench` starts it (scripts/bench/run-once.ts). */
    function compiledRun(stack: string): RenderedResource[] {
        const r = spawnSync(process.execPath, [path.join(out, "scripts", "bench", "run-once.js"), "--resources", stack], { encoding: "utf8" });
        assert.equal(r.status, 0, r.stderr);
        return JSON.parse(r.stdout) as RenderedResource[];
    }

    it("is what pulumi runs and npm run bench measures: Pulumi.yaml's main, compiled, a dry run registering the same resources as the sources evaluated as pulumi preview", async () => {
        const { main } = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { main: string };
        assert.ok(fs.statSync(path.join(out, path.relative("bin", main))).isFile(), `${main} is not a file of the build`);
        const byUrn = (rs: readonly RenderedResource[]) => JSON.stringify([...rs].sort((a, b) => a.urn.localeCompare(b.urn)));
        const compiled = compiledRun("prod");
        assert.ok(compiled.length > 100, `${compiled.length} resources`);
        assert.equal(byUrn(compiled), byUrn((await runProgram({ stack: "prod", preview: true })).resources));
    });

    it("serialises each dynamic provider once, to what the SDK sends from the sources", async () => {
        const { resources } = await renderStack("prod");
        const guards = [
            ["kafka/topics/guard.partitionGuardProvider.provider.js", "pulumi-nodejs:dynamic/kafka-eks:TopicPartitionGuard"],
            ["kafka/layout-guard/guard.layoutGuardProvider.provider.js", "pulumi-nodejs:dynamic/kafka-eks:ClusterLayoutGuard"],
            ["kafka/layout-guard/finalized-level.finalizedLevelProvider.provider.js", "pulumi-nodejs:dynamic/kafka-eks:FinalizedMetadataVersion"],
        ];
        for (const [file, type] of guards) {
            const text = fs.readFileSync(path.join(out, "components", file), "utf8");
            const sent = new Set(resources.filter((r) => r.type === type).map((r) => r.inputs.__provider));
            assert.deepEqual([...sent], [text], `${type}: the harness (ts-node, serialised live) and the build disagree`);
        }
    });

    it("the serialised partition guard refuses a shrink when loaded as the engine's dynamic-provider host loads it", async () => {
        type Provider = { check(olds: object, news: object): Promise<{ failures: { reason: string }[] }> };
        const module = require(path.join(out, "components", "kafka", "topics", "guard.partitionGuardProvider.provider.js")) as { handler(): Provider };
        const provider = module.handler();
        const applied = { topics: { orders: { partitions: 6, configKey: "kafka-eks:topics[0]" }, events: { partitions: 3, configKey: "kafka-eks:topics[1]" } } };
        const { failures } = await provider.check(applied, { topics: { ...applied.topics, orders: { partitions: 3, configKey: "kafka-eks:topics[0]" } } });
        assert.match(failures[0]?.reason ?? "", /^kafka-eks:topics\[0\]\.partitions = 3: topic orders has 6 partitions; Kafka cannot reduce partitions/);
        assert.deepEqual((await provider.check(applied, { topics: { ...applied.topics, orders: { partitions: 12, configKey: "kafka-eks:topics[0]" } } })).failures, []);
    });
});
