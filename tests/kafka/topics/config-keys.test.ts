/**
 * Every topic config key used in the stack files is a real Kafka topic key for the stack's Kafka
 * version. The key lists are upstream/kafka/ (derived from Kafka's LogConfig); this test checks the shipped
 * stacks against them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { UPSTREAM } from "../../harness";
import { stackSchema } from "../../../components/config/stack";
import { projectName, readStackFile } from "../../../scripts/lib/stack-file";

function topicKeys(file: string): Set<string> {
    const text = fs.readFileSync(path.join(UPSTREAM, "kafka", file), "utf8");
    return new Set(text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#")));
}

describe("topic config keys in the stack files", () => {
    const lists = { "3.9": topicKeys("topic-configs-3.9.txt"), "4.x": topicKeys("topic-configs-4.x.txt") };

    it("the key lists are loaded (36 keys for 3.9, 33 for 4.x)", () => {
        assert.strictEqual(lists["3.9"].size, 36);
        assert.strictEqual(lists["4.x"].size, 33);
        assert.ok(lists["4.x"].has("retention.ms") && !lists["4.x"].has("message.format.version"));
    });

    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every topics[].config key is a topic key of its Kafka version`, () => {
            const project = projectName();
            const raw: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(readStackFile(stack).config)) {
                if (k.startsWith(`${project}:`)) raw[k.slice(project.length + 1)] = JSON.parse(v);
            }
            const cfg = stackSchema.parse(raw);
            const known = cfg.kafka.version.startsWith("3.9.") ? lists["3.9"] : lists["4.x"];
            const used = cfg.topics.flatMap((t, i) => Object.keys(t.config).map((k) => ({ key: `${project}:topics[${i}].config.${k}`, k })));
            assert.ok(used.length > 0, "the stack declares no topic config at all: this test would prove nothing");
            const unknown = used.filter((u) => !known.has(u.k)).map((u) => u.key);
            assert.deepStrictEqual(unknown, [], `not Kafka ${cfg.kafka.version} topic config keys: ${unknown.join(", ")}`);
        });
    }
});
