/**
 * Mistakes that used to pass (or got a message that missed the cause): a misspelt instance size,
 * the Kafka namespace listed as a client namespace, a digest for an image the stack does not
 * run, `pulumi config set kafka.brokers 5` without --path, a scaler's Deployment misspelt. Each
 * is one line naming the key and the fix.
 */
import { strict as assert } from "assert";
import type { ConfigProblem } from "../../components/config";
import { NS, patched, problemLines, problemsOf, Sections } from "./problems";

interface Case {
    name: string;
    stack: string;
    patch: (c: Sections) => void;
    /** The one line: key, value and message as the error prints them. */
    line: RegExp;
    /** As `pulumi up` parses (placeholder-class problems refused); default as preview does. */
    deploying?: boolean;
}

const DIGEST = `sha256:${"a".repeat(64)}`;

const CASES: Case[] = [
    {
        name: "an instance type with a misspelt size (t3.xlarg)",
        stack: "dev",
        patch: (c) => (c.platform.nodeGroups[0].instanceTypes = ["t3.xlarg"]),
        line: /^kafka-eks:platform\.nodeGroups\[0\]\.instanceTypes\[0\] = "t3\.xlarg": must be an EC2 instance type such as "m6i\.large" .*\(did you mean t3\.xlarge\?\)$/,
    },
    {
        name: "an instance type without a size (m6i)",
        stack: "prod",
        patch: (c) => (c.platform.nodeGroups[0].instanceTypes = ["m6i"]),
        line: /^kafka-eks:platform\.nodeGroups\[0\]\.instanceTypes\[0\] = "m6i": must be an EC2 instance type such as "m6i\.large"/,
    },
    {
        name: "the Kafka namespace listed in security.clientNamespaces (it would admit every pod there)",
        stack: "prod",
        patch: (c) => c.security.clientNamespaces.push("kafka"),
        line: /^kafka-eks:security\.clientNamespaces\[1\] = "kafka": is kafka\.namespace, where only the cluster's own pods may reach the brokers .*remove it/,
    },
    {
        name: "a digest for a tag the stack does not run (the image it meant would run unpinned): refused at pulumi up",
        stack: "kind", // no placeholders: the one line is the digest's
        deploying: true,
        patch: (c) => (c.images = { digests: { "apache/kafka:4.3.0": DIGEST } }),
        line: /^kafka-eks:images\.digests\["apache\/kafka:4\.3\.0"\] = "sha256:a+": pins an image this stack does not run \(did you mean apache\/kafka:4\.3\.1\?\); its images: .*rerun `scripts\/pin-images\.sh <stack>`$/,
    },
    {
        name: "kafka.brokers set without --path (a key named kafka.brokers)",
        stack: "kind",
        patch: (c) => (c["kafka.brokers"] = 5),
        line: /^kafka-eks:kafka\.brokers = 5: is one key named "kafka\.brokers", not a path into kafka-eks:kafka: write brokers nested under kafka-eks:kafka .*`pulumi config set --path kafka\.brokers <value>`$/,
    },
    {
        name: "a scaler's Deployment misspelt in the Kafka namespace (the typo, not 'move it to another namespace')",
        stack: "dev",
        patch: (c) => (c.autoscaling.scalers[0].deployment = "orders-consumr"),
        line: /^kafka-eks:autoscaling\.scalers\[0\]\.deployment = "orders-consumr": names no Deployment of this stack in kafka \(did you mean orders-consumer, the example consumer\?\)$/,
    },
    {
        name: "a CA that expires before the broker certificate it signs",
        stack: "prod",
        patch: (c) => (c.security.certificates.caValidityDays = 100),
        line: /^kafka-eks:security\.certificates\.caValidityDays = 100: must be above validityDays: the broker certificate would outlive the CA/,
    },
    {
        name: "security.rotation.interBroker raised with authentication none (nothing to rotate)",
        stack: "dev",
        patch: (c) => (c.security.rotation = { interBroker: 1 }),
        line: /^kafka-eks:security\.rotation\.interBroker = 1: has no effect: security\.authentication is none/,
    },
    {
        name: "an STS session ARN in adminPrincipalArns (EKS access entries take IAM roles and users)",
        stack: "prod",
        patch: (c) => (c.platform.adminPrincipalArns = ["arn:aws:sts::111122223333:assumed-role/admin/me"]),
        line: /^kafka-eks:platform\.adminPrincipalArns\[0\] = "arn:aws:sts::111122223333:assumed-role\/admin\/me": must be an IAM role or user ARN/,
    },
    {
        name: "an ACL operation the resource type lacks (WRITE on a GROUP: kafka-acls.sh refuses it at deploy)",
        stack: "prod",
        patch: (c) => (c.users[0].acls[1].operations = ["READ", "WRITE"]),
        line: /^kafka-eks:users\[0\]\.acls\[1\]\.operations = \["READ","WRITE"\]: WRITE is not an operation of GROUP at Kafka 4\.3\.1: kafka-acls\.sh would refuse it and the user's Job fail; use ALL, READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS$/,
    },
    {
        name: "ALTER_CONFIGS on a GROUP in ZooKeeper mode (Kafka 3.9.2 has no group configs)",
        stack: "prod",
        patch: (c) => {
            c.kafka = { ...c.kafka, mode: "zookeeper", kraft: undefined, controllerStorageGiB: undefined };
            c.zookeeper = { dataGiB: 20, dataLogGiB: 20 };
            c.users[0].acls[1].operations = ["ALTER_CONFIGS"];
        },
        line: /^kafka-eks:users\[0\]\.acls\[1\]\.operations = \["ALTER_CONFIGS"\]: ALTER_CONFIGS is not an operation of GROUP at Kafka 3\.9\.2: .*use ALL, READ, DESCRIBE, DELETE$/,
    },
    {
        name: "an ACL host written as a CIDR (Kafka compares the text: it never matches)",
        stack: "prod",
        patch: (c) => (c.users[0].acls[0].host = "10.0.0.0/8"),
        line: /^kafka-eks:users\[0\]\.acls\[0\]\.host = "10\.0\.0\.0\/8": must be \* or one IP address/,
    },
    {
        name: "an ACL host that is no address at all (\":\" passed a loose IPv6 pattern)",
        stack: "prod",
        patch: (c) => (c.users[0].acls[0].host = ":"),
        line: /^kafka-eks:users\[0\]\.acls\[0\]\.host = ":": must be \* or one IP address/,
    },
    {
        name: "an IPv6 ACL host written compressed (Kafka compares the text with Java's form: it never matches)",
        stack: "prod",
        patch: (c) => (c.users[0].acls[0].host = "2001:DB8::0010"),
        line: /^kafka-eks:users\[0\]\.acls\[0\]\.host = "2001:DB8::0010": is not how Kafka writes this address: .*; write 2001:db8:0:0:0:0:0:10$/,
    },
    {
        name: "users[].passwordSecret naming the Secret the stack itself writes for the user (it would replace the password it reads)",
        stack: "prod",
        patch: (c) => (c.users[0].passwordSecret = { name: "kafka-user-billing" }),
        line: /^kafka-eks:users\[0\]\.passwordSecret\.name = "kafka-user-billing": names Secret kafka-user-billing in billing, which the stack itself creates \(from users\[0\]\.namespace\): the password must come from a Secret of your own; choose another name$/,
    },
    {
        name: "a TOPIC ACL on a name no topic can have (Kafka's topic-name characters)",
        stack: "prod",
        patch: (c) => (c.users[0].acls[0] = { resourceType: "TOPIC", name: "bad name!", operations: ["READ"] }),
        line: /^kafka-eks:users\[0\]\.acls\[0\]\.name = "bad name!": can be no topic's name: topic names are at most 249 letters, digits, '\.', '_' and '-', so this ACL matches nothing$/,
    },
    {
        name: "a name on a CLUSTER ACL (always kafka-cluster)",
        stack: "prod",
        patch: (c) => c.users[0].acls.push({ resourceType: "CLUSTER", name: "orders", operations: ["DESCRIBE"] }),
        line: /^kafka-eks:users\[0\]\.acls\[2\]\.name = "orders": has no effect: the CLUSTER resource is always kafka-cluster; remove name$/,
    },
    {
        name: "KEDA installed into an application's namespace (the stack would create and lock down billing)",
        stack: "prod",
        patch: (c) => (c.autoscaling.keda.namespace = "billing"),
        line: /^kafka-eks:autoscaling\.keda\.namespace = "billing": is billing, an application's namespace \(users, scalers or consumer workloads run there\): .*keep KEDA in its own/,
    },
    {
        name: "a relative platform.kubeconfig (read from bin/, where the program runs)",
        stack: "kind",
        patch: (c) => (c.platform.kubeconfig = "./kubeconfig"),
        line: /^kafka-eks:platform\.kubeconfig = "\.\/kubeconfig": must be an absolute or ~ path \(e\.g\. ~\/\.kube\/config\): the program runs in bin\//,
    },
    {
        name: "a key one level too deep, named by its parent (platform.vpc.existing for platform.existingVpc)",
        stack: "prod",
        patch: (c) => (c.platform.vpc.existing = { vpcId: "vpc-0abc123", privateSubnetIds: ["subnet-1", "subnet-2", "subnet-3"] }),
        line: /^kafka-eks:platform\.vpc\.existing = .*: unknown key \(did you mean platform\.existingVpc\?\)$/,
    },
    {
        name: "kafka.config auto.create.topics.enable true (topics without the byte bound the disk budget counts)",
        stack: "prod",
        patch: (c) => (c.kafka.config = { "auto.create.topics.enable": true }),
        line: /^kafka-eks:kafka\.config\.auto\.create\.topics\.enable = true: cannot be overridden: is always false: every topic is declared/,
    },
    {
        name: "kafka.config ssl.client.auth required (SCRAM clients have no certificate)",
        stack: "prod",
        patch: (c) => (c.kafka.config = { "ssl.client.auth": "required" }),
        line: /^kafka-eks:kafka\.config\.ssl\.client\.auth = "required": cannot be overridden: is set per listener/,
    },
    {
        name: "kafka.config security.inter.broker.protocol (Kafka refuses to start with it beside inter.broker.listener.name)",
        stack: "prod",
        patch: (c) => (c.kafka.config = { "security.inter.broker.protocol": "SASL_SSL" }),
        line: /^kafka-eks:kafka\.config\.security\.inter\.broker\.protocol = "SASL_SSL": cannot be overridden: conflicts with inter\.broker\.listener\.name, which the listener model sets \(INTERNAL\): Kafka refuses to start with both$/,
    },
    {
        name: "kafka.config, a managed key in its per-listener form (nodes would stop authenticating each other by certificate)",
        stack: "prod",
        patch: (c) => (c.kafka.config = { "listener.name.internal.ssl.client.auth": "none" }),
        line: /^kafka-eks:kafka\.config\.listener\.name\.internal\.ssl\.client\.auth = "none": cannot be overridden: per listener too \(listener internal\): ssl\.client\.auth is set per listener/,
    },
    {
        name: "kafka.config, a listener's SASL login (the builder writes each one, the inter-broker user's included)",
        stack: "prod",
        patch: (c) => (c.kafka.config = { "listener.name.internal.scram-sha-512.sasl.jaas.config": "x required;" }),
        line: /^kafka-eks:kafka\.config\.listener\.name\.internal\.scram-sha-512\.sasl\.jaas\.config = "x required;": cannot be overridden: is derived from security\.authentication/,
    },
    {
        name: "a __proto__ key in a map (JavaScript would make it the prototype and the key would vanish)",
        stack: "prod",
        // As the stack file reaches the program: JSON, where __proto__ is an ordinary key.
        patch: (c) => (c.kafka.config = JSON.parse('{"__proto__": {"num.partitions": 7}}')),
        line: /^kafka-eks:kafka\.config\.__proto__ = \{"num\.partitions":7\}: is not a key any setting has \(JavaScript would take it for the object's prototype and drop it\): remove it$/,
    },
    {
        name: "a user's ACL on a topic one typo away from a declared one",
        stack: "prod",
        patch: (c) => (c.users[0].acls[0].name = "order"),
        line: /^kafka-eks:users\[0\]\.acls\[0\]\.name = "order": names no declared topic \(did you mean orders\?\)/,
    },
];

describe("config: mistakes that used to pass quietly", () => {
    for (const c of CASES) {
        it(c.name, () => {
            const lines = problemLines(patched(c.stack, c.patch), undefined, { refusePlaceholders: c.deploying ?? false });
            assert.equal(lines.length, 1, `expected one line, got:\n${lines.join("\n")}`);
            assert.match(lines[0], c.line);
        });
    }

    it("a real instance size of a type outside the capacity table passes (m7i.metal-48xl, c7i-flex.large)", () =>
        assert.deepEqual(problemLines(patched("dev", (c) => (c.platform.nodeGroups[0].instanceTypes = ["c7i-flex.large", "m7i.metal-48xl", "r7i.48xlarge"]))), []));

    it(`${NS}:<section>.<key> for a section that does not exist stays an unknown key`, () =>
        assert.match(problemLines(patched("kind", (c) => (c["kafak.brokers"] = 5)))[0], /unknown key/));

    it("an existing cluster without storage.provisioner: a warning names it (the EBS default is on kind a Pending volume)", () => {
        let unchecked: ConfigProblem[] = [];
        assert.deepEqual(problemsOf("kind", (c) => delete c.storage.provisioner, undefined, { onUnchecked: (p) => (unchecked = p) }), []);
        assert.match(
            unchecked.map((p) => `${p.key}: ${p.message}`).join("\n"),
            /^kafka-eks:storage\.provisioner: is not set, so volumes use the default ebs\.csi\.aws\.com, .*e\.g\. rancher\.io\/local-path on kind/m,
        );
    });

    it("kube-system in security.clientNamespaces is refused (users' Secrets and scalers would land there); default passes", () => {
        const lines = problemLines(patched("prod", (c) => c.security.clientNamespaces.push("kube-system")));
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(lines[0], /^kafka-eks:security\.clientNamespaces\[1\] = "kube-system": is a namespace Kubernetes keeps for itself/);
        assert.deepEqual(problemLines(patched("prod", (c) => c.security.clientNamespaces.push("default"))), []);
    });

    it("KEDA's own namespace listed in security.clientNamespaces passes (redundant, not wrong)", () =>
        assert.deepEqual(problemLines(patched("prod", (c) => c.security.clientNamespaces.push("keda"))), []));

    it("a digest for a tag the stack no longer runs is only a warning at preview (a kafka.version bump's preview still shows)", () => {
        let warned: ConfigProblem[] = [];
        assert.deepEqual(problemsOf("dev", (c) => (c.images = { digests: { "apache/kafka:3.9.3": DIGEST } }), undefined, { onPlaceholders: (p) => (warned = p) }), []);
        assert.match(warned.map((p) => `${p.key}: ${p.message}`).join("\n"), /images\.digests\["apache\/kafka:3\.9\.3"\]: pins an image this stack does not run/);
    });

    it("prod turning kafka-ui off keeps its digest without a complaint (it pins nothing now; one change, one line)", () =>
        assert.deepEqual(problemLines(patched("prod", (c) => (c.manager = { enabled: false }))), []));

    it("an ACL on a topic the stack does not declare and nothing like one passes (a topic created elsewhere)", () =>
        assert.deepEqual(problemLines(patched("prod", (c) => (c.users[0].acls[0].name = "payments-audit"))), []));
});
