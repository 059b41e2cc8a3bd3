/**
 * What is wrong with the stack file itself: empty, a list, `Config:` instead of `config:`, keys
 * without a namespace. The offline reader (scripts/lib/stack-file.ts) says so; the program says
 * so too when the CLI hands it no project config at all.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackFile } from "../../scripts/lib/stack-file";
import { NS, onlyProblem, problemLines } from "./problems";

function stackFile(text: string): () => unknown {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-eks-stack-"));
    fs.writeFileSync(path.join(root, "Pulumi.yaml"), "name: kafka-eks\nruntime: nodejs\n");
    fs.writeFileSync(path.join(root, "Pulumi.t.yaml"), text);
    return () => readStackFile("t", root);
}

describe("config: the stack file itself", () => {
    it("an empty file", () => assert.throws(stackFile(""), /^Error: Pulumi\.t\.yaml is empty: a stack file is a mapping with a top-level "config:" key$/));

    it("a YAML list", () => assert.throws(stackFile("- kafka-eks:kafka:\n    mode: kraft\n"), /^Error: Pulumi\.t\.yaml must be a mapping with a top-level "config:" key, not a list$/));

    it("Config: instead of config:", () =>
        assert.throws(
            stackFile("Config:\n  kafka-eks:kafka:\n    mode: kraft\n"),
            /^Error: Pulumi\.t\.yaml has unknown top-level key "Config:" \(did you mean "config:"\? keys are case-sensitive\); a stack file has config, secretsprovider, encryptedkey, encryptionsalt, environment$/,
        ));

    it("config: as a list", () => assert.throws(stackFile("config:\n  - kafka-eks:kafka\n"), /^Error: Pulumi\.t\.yaml: "config:" must be a mapping of <namespace>:<key> → value, not a list$/));

    it("a key without a namespace fails as the Pulumi CLI fails", () =>
        assert.throws(stackFile("config:\n  kafka:\n    mode: kraft\n"), /^Error: Pulumi\.t\.yaml: config key "kafka" must be of the form <namespace>:<name>, e.g\. kafka-eks:kafka$/));

    it("invalid YAML", () => assert.throws(stackFile("config:\n  kafka-eks:kafka: {mode: kraft\n"), /^Error: Pulumi\.t\.yaml is not valid YAML: /));

    it("reads a valid file the way the CLI passes it", () =>
        assert.deepEqual(stackFile("config:\n  aws:region: eu-west-1\n  kafka-eks:config:kafka:\n    mode: kraft\n  kafka-eks:smokeTest:\n    secure: AAA\n")(), {
            config: { "aws:region": "eu-west-1", "kafka-eks:kafka": '{"mode":"kraft"}', "kafka-eks:smokeTest": "[secret]" },
            secretKeys: ["kafka-eks:smokeTest"],
        }));

    it("two YAML documents (the CLI would read only the first)", () =>
        assert.throws(
            stackFile("config:\n  kafka-eks:kafka: {mode: kraft}\n---\nconfig:\n  kafka-eks:smokeTest: {messages: 5}\n"),
            /^Error: Pulumi\.t\.yaml holds more than one YAML document \(a "---" line\): a stack file is one mapping; merge the documents into one "config:"$/,
        ));

    it("a merge key (<<: *anchor) merges, as the CLI's YAML reader does", () =>
        assert.deepEqual((stackFile("config:\n  kafka-eks:kafka:\n    resources: &small {cpu: 250m, memoryMiB: 1024}\n  kafka-eks:manager:\n    resources:\n      <<: *small\n      heapMiB: 512\n")() as { config: Record<string, string> }).config["kafka-eks:manager"], '{"resources":{"cpu":"250m","memoryMiB":1024,"heapMiB":512}}'));

    it("a stack without any project config (what the program sees for an empty file or Config:)", () =>
        onlyProblem(
            problemLines({}),
            `${NS}:* = (not set): the stack has no ${NS}: configuration at all: Pulumi.<stack>.yaml is empty, or its config is not under a top-level "config:" key (keys are case-sensitive)`,
        ));
});
