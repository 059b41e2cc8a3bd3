/**
 * One mistake, one line. Each input below is a single mistake that used to produce more lines:
 * a section under a misspelt key (its rules then judged defaults), an inherited value reported
 * again per item, a reference to an entry that is itself wrong, a range error restated as the
 * relation it breaks. Each must yield exactly the line that names the key and the fix.
 */
import { strict as assert } from "assert";
import { ProviderSettings } from "../../components/config";
import { NS, patched, problemLines, Sections } from "./problems";

interface Case {
    name: string;
    stack: string;
    patch: (c: Sections) => void;
    /** Config keys outside the project namespace (`kafka_eks:kafka`), as the CLI passes them: JSON text. */
    foreign?: (c: Sections) => Record<string, string>;
    /** Provider settings the CLI passes; default aws:region eu-west-1. */
    providers?: ProviderSettings;
    /** The key of the one line, without the namespace of a project key. */
    key: string;
    /** What the line must say: the fix. */
    fix: RegExp;
}

/** Moves section `from` of the stack file to the key `to`, as a misspelling would. */
const move = (from: string, to: string) => (c: Sections) => {
    c[to] = c[from];
    delete c[from];
};

const CASES: Case[] = [
    { name: "topics written as kafka-eks:topic (consumers and scalers name its topics)", stack: "dev", patch: move("topics", "topic"), key: `${NS}:topic`, fix: /did you mean kafka-eks:topics\?/ },
    {
        name: "topics in namespace kafka_eks",
        stack: "dev",
        patch: (c) => delete c.topics,
        foreign: () => ({ "kafka_eks:topics": JSON.stringify(patched("dev", () => {}).topics) }),
        key: "kafka_eks:topics",
        fix: /did you mean kafka-eks:topics\?/,
    },
    {
        name: "kafka in namespace kafka_eks (not also: kafka is required)",
        stack: "dev",
        patch: (c) => delete c.kafka,
        foreign: () => ({ "kafka_eks:kafka": JSON.stringify(patched("dev", () => {}).kafka) }),
        key: "kafka_eks:kafka",
        fix: /did you mean kafka-eks:kafka\?/,
    },
    { name: "kafka written as kafka-eks:kafak", stack: "prod", patch: move("kafka", "kafak"), key: `${NS}:kafak`, fix: /did you mean kafka-eks:kafka\?/ },
    {
        name: "kafka.replicationFactor 4 with 3 brokers (not also every topic inheriting it)",
        stack: "dev",
        patch: (c) => (c.kafka.replicationFactor = 4),
        key: `${NS}:kafka.replicationFactor`,
        fix: /at most kafka\.brokers \(3\).*lower it to 3 or add brokers/,
    },
    {
        name: "kafka.minInsyncReplicas at the RF (not also every topic inheriting it)",
        stack: "prod",
        patch: (c) => (c.kafka.minInsyncReplicas = 3),
        key: `${NS}:kafka.minInsyncReplicas`,
        fix: /must be below kafka\.replicationFactor \(3\)/,
    },
    {
        name: "a consumer naming an undeclared topic (not also the scaler built on that consumer)",
        stack: "dev",
        patch: (c) => (c.consumers[0].topic = "order"),
        key: `${NS}:consumers[0].topic`,
        fix: /declared: orders, events\) \(did you mean orders\?\)/,
    },
    {
        name: "security written as kafka-eks:secure (its defaults would make cmak unusable)",
        stack: "dev",
        patch: (c) => (move("security", "secure")(c), (c.manager = { kind: "cmak" })),
        key: `${NS}:secure`,
        fix: /did you mean kafka-eks:security\?/,
    },
    {
        name: "security as a secure: value (the offline render cannot read it)",
        stack: "prod",
        patch: (c) => (c.security = "[secret]"),
        key: `${NS}:security`,
        fix: /is a secure: \(encrypted\) value.*write the mapping in plain text/,
    },
    {
        name: "a secure: value nested in security (a boolean)",
        stack: "prod",
        patch: (c) => (c.security.tls = { secure: "v1:AAAA" }),
        key: `${NS}:security.tls`,
        fix: /is a secure: \(encrypted\) value.*write the value in plain text/,
    },
    {
        name: "a secure: value nested in security (a mapping)",
        stack: "prod",
        patch: (c) => (c.security.certificates = { secure: "v1:AAAA" }),
        key: `${NS}:security.certificates`,
        fix: /is a secure: \(encrypted\) value.*write the mapping in plain text/,
    },
    {
        name: "security.certificates.validityDays below its range (not also renewBeforeDays)",
        stack: "prod",
        patch: (c) => (c.security.certificates.validityDays = 1),
        key: `${NS}:security.certificates.validityDays`,
        fix: /from 2 to 3650: raise it to 2 days or more/,
    },
    {
        name: "security.authentication misspelt, with users that need it",
        stack: "prod",
        patch: (c) => ((c.security.authentication = "scram-sha512"), (c.users = [{ name: "app", namespace: "billing", acls: [{ resourceType: "TOPIC", name: "orders", operations: ["READ"] }] }])),
        key: `${NS}:security.authentication`,
        fix: /did you mean scram-sha-512\?/,
    },
    {
        name: "memoryMiB below its range (not also: heap above 75% of it)",
        stack: "prod",
        patch: (c) => (c.kafka.resources.memoryMiB = 128),
        key: `${NS}:kafka.resources.memoryMiB`,
        fix: /at least 256: raise it to 256 MiB or more/,
    },
    {
        name: "a node group's maxSize below its range (not also: minSize <= desiredSize <= maxSize)",
        stack: "dev",
        patch: (c) => (c.platform.nodeGroups[0].maxSize = 0),
        key: `${NS}:platform.nodeGroups[0].maxSize`,
        fix: /at least 1: raise it to 1 or more/,
    },
    {
        name: "a scaler's topic misspelt (not also: its group is declared for another topic)",
        stack: "dev",
        patch: (c) => (c.autoscaling.scalers[0].topic = "order"),
        key: `${NS}:autoscaling.scalers[0].topic`,
        fix: /must name a topic declared in topics .*\(did you mean orders\?\)/,
    },
    {
        name: "consumers deleted while a scaler still names its group (not also: the scaler's namespace)",
        stack: "dev",
        patch: (c) => delete c.consumers,
        key: `${NS}:autoscaling.scalers[0].consumerGroup`,
        fix: /must name a consumer group declared in consumers \(declared: none\)/,
    },
    {
        name: "aws:region misspelt aws:regoin (not also: aws:region is required)",
        stack: "dev",
        patch: () => {},
        foreign: () => ({ "aws:regoin": "eu-west-1" }),
        providers: {},
        key: "aws:regoin",
        fix: /did you mean aws:region\?/,
    },
    {
        name: "manager.kind cmak in KRaft mode on a read-only UI (the kind, not readOnly)",
        stack: "prod",
        patch: (c) => (c.manager.kind = "cmak"),
        key: `${NS}:manager.kind`,
        fix: /cmak requires kafka\.mode zookeeper.*use kafka-ui/,
    },
    {
        name: "a required key misspelt (not also: the key is required)",
        stack: "kind",
        patch: (c) => (c.platform.nodeAllocatable = { cpu: "2", memoryMib: 4096 }),
        key: `${NS}:platform.nodeAllocatable.memoryMib`,
        fix: /unknown key \(did you mean memoryMiB\?\)/,
    },
    {
        name: "manager.enabled false with the manager's settings left (one line, not one per setting)",
        stack: "prod",
        patch: (c) => (c.manager.enabled = false),
        key: `${NS}:manager.enabled`,
        fix: /leaves manager\.kind, manager\.readOnly, manager\.resources without effect: remove them, or set enabled true/,
    },
];

describe("config: one mistake, one line", () => {
    for (const c of CASES) {
        it(c.name, () => {
            const raw = patched(c.stack, c.patch);
            const foreignConfig = c.foreign?.(raw);
            const lines = problemLines(raw, c.providers, foreignConfig ? { foreignConfig } : {});
            assert.equal(lines.length, 1, `expected one line, got:\n${lines.join("\n")}`);
            assert.ok(lines[0].startsWith(`${c.key} = `), `the line must name ${c.key}: ${lines[0]}`);
            assert.match(lines[0], c.fix);
        });
    }
});

describe("config: any section under a misspelt key is one line", () => {
    for (const stack of ["dev", "prod", "kind"]) {
        it(`${stack}: each section with a typo in its name, and in namespace kafka_eks`, () => {
            const base = patched(stack, () => {});
            for (const section of Object.keys(base)) {
                const typo = `${section.slice(0, -1)}x`;
                const misspelt = problemLines({ ...patched(stack, (c) => delete c[section]), [typo]: base[section] });
                assert.deepEqual(misspelt.map((l) => l.split(" = ")[0]), [`${NS}:${typo}`], misspelt.join("\n"));
                assert.match(misspelt[0], new RegExp(`did you mean ${NS}:${section}\\?`));
                const foreign = problemLines(patched(stack, (c) => delete c[section]), undefined, { foreignConfig: { [`kafka_eks:${section}`]: JSON.stringify(base[section]) } });
                assert.deepEqual(foreign.map((l) => l.split(" = ")[0]), [`kafka_eks:${section}`], foreign.join("\n"));
            }
        });
    }
});

describe("config: two mistakes, two lines", () => {
    it("a topic's own RF above the brokers is still reported beside the cluster's; the topic inheriting it is not", () =>
        assert.deepEqual(
            problemLines(patched("dev", (c) => ((c.kafka.replicationFactor = 4), (c.topics[0].replicationFactor = 5)))).map((l) => l.split(" = ")[0]),
            [`${NS}:kafka.replicationFactor`, `${NS}:topics[0].replicationFactor`],
        ));

    it("a consumer's topic is still checked beside a scaler's own mistake", () =>
        assert.deepEqual(
            problemLines(patched("dev", (c) => ((c.consumers[0].topic = "order"), (c.autoscaling.scalers[0].lagThreshold = 0)))).map((l) => l.split(" = ")[0]),
            [`${NS}:autoscaling.scalers[0].lagThreshold`, `${NS}:consumers[0].topic`],
        ));
});

describe("config: a broken or missing section leaves the rules that read it unrun", () => {
    // A rule that reads a section its `reads` do not name would run on a missing value and crash.
    const SECTIONS = ["platform", "storage", "kafka", "zookeeper", "topics", "manager", "autoscaling", "consumers", "security", "smokeTest", "metrics", "users"];
    for (const stack of ["dev", "prod", "kind"]) {
        it(`${stack}: every section missing, or not a mapping/list, is reported without a crash`, () => {
            for (const section of SECTIONS) {
                for (const broken of [undefined, 42]) {
                    const raw = patched(stack, (c) => (broken === undefined ? delete c[section] : (c[section] = broken)));
                    assert.doesNotThrow(() => problemLines(raw), `${section} = ${String(broken)}`);
                }
            }
        });
    }
});
