import * as assert from "assert";
import { parseImage } from "../../policy/lib/image-ref";
import { parseJavaProperties } from "../../policy/lib/java-properties";
import { selectorMatches } from "../../policy/lib/selector";

describe("policy lib: java properties", () => {
    it("reads separators, comments, continuations and escapes like java.util.Properties", () => {
        const text = [
            "# comment",
            "! also a comment",
            "default.replication.factor=3",
            "min.insync.replicas : 2",
            "broker.rack eu-west-1a",
            "controller.quorum.voters=0@c-0:9093,\\",
            "    1@c-1:9093,\\",
            "    2@c-2:9093",
            "path=C\\:\\\\data",
            "default.replication.factor=2",
        ].join("\n");
        const props = parseJavaProperties(text);
        assert.strictEqual(props.get("default.replication.factor"), "2");
        assert.strictEqual(props.get("min.insync.replicas"), "2");
        assert.strictEqual(props.get("broker.rack"), "eu-west-1a");
        assert.strictEqual(props.get("controller.quorum.voters"), "0@c-0:9093,1@c-1:9093,2@c-2:9093");
        assert.strictEqual(props.get("path"), "C:\\data");
        assert.strictEqual(props.has("# comment"), false);
    });
});

describe("policy lib: image references", () => {
    it("separates registry ports from tags and finds digests", () => {
        assert.deepStrictEqual(parseImage("apache/kafka:3.9.2"), { repository: "apache/kafka", tag: "3.9.2" });
        assert.deepStrictEqual(parseImage("registry:5000/kafka"), { repository: "registry:5000/kafka" });
        assert.deepStrictEqual(parseImage("registry:5000/kafka:4.0.0@sha256:abc"), { repository: "registry:5000/kafka", tag: "4.0.0", digest: "sha256:abc" });
    });
});

describe("policy lib: label selectors", () => {
    const pod = { app: "kafka", tier: "broker" };
    it("implements matchLabels and matchExpressions; an empty selector selects all, none selects nothing", () => {
        assert.ok(selectorMatches({ matchLabels: { app: "kafka" } }, pod));
        assert.ok(!selectorMatches({ matchLabels: { app: "zk" } }, pod));
        assert.ok(selectorMatches({ matchExpressions: [{ key: "tier", operator: "In", values: ["broker", "controller"] }] }, pod));
        assert.ok(!selectorMatches({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["broker"] }] }, pod));
        assert.ok(selectorMatches({ matchExpressions: [{ key: "zone", operator: "DoesNotExist" }] }, pod));
        assert.ok(selectorMatches({}, pod));
        assert.ok(!selectorMatches(undefined, pod));
    });
});
