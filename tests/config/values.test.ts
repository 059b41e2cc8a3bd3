/** Values parsed for real: CIDRs, AWS regions, Kubernetes versions, topic names, labels, YAML types. */
import { strict as assert } from "assert";
import { parseCidr, parseStackConfig } from "../../components/config";
import { javaHostAddress } from "../../components/config/users";
import { NS, onlyProblem, patched, problemsOf } from "./problems";

describe("config: values", () => {
    it("parses IPv4 CIDR blocks: octets 0-255, prefix 0-32, no host bits", () => {
        assert.deepEqual(parseCidr("10.20.0.0/16"), { network: 0x0a140000, prefix: 16 });
        assert.deepEqual(parseCidr("0.0.0.0/0"), { network: 0, prefix: 0 });
        assert.deepEqual(parseCidr("10.300.0.0/16"), { problem: "must be an IPv4 CIDR block: each octet is 0-255 without leading zeros" });
        assert.deepEqual(parseCidr("10.0.0.0/33"), { problem: "must be an IPv4 CIDR block: the prefix length is 0-32" });
        assert.deepEqual(parseCidr("10.0.0.1/24"), { problem: "has host bits set: the block is 10.0.0.0/24" });
        assert.deepEqual(parseCidr("10.0.0.0"), { problem: "must be an IPv4 CIDR block such as 10.0.0.0/16" });
    });

    it("users[].name: a DNS-1123 subdomain, as it names the user's Secrets and Job (no empty or dash-edged part)", () => {
        for (const name of ["a..b", "a.-b", "a-.b"]) {
            onlyProblem(
                problemsOf("prod", (c) => (c.users[0].name = name)),
                `${NS}:users[0].name = ${JSON.stringify(name)}: must be lower-case letters, digits, '-' and '.', each dot-separated part starting and ending with a letter or digit (it names Kubernetes objects)`,
            );
        }
        assert.deepEqual(problemsOf("prod", (c) => (c.users[0].name = "billing.v2-app")), []);
    });

    it("users[].quotas byte rates are whole numbers (LONG in Kafka's QuotaConfig), never written with an exponent", () => {
        for (const [key, value] of [["producer_byte_rate", 1.5], ["consumer_byte_rate", 1e21]] as const) {
            const lines = problemsOf("prod", (c) => (c.users[0].quotas = { [key]: value }));
            assert.equal(lines.length, 1, lines.join("\n"));
            assert.ok(lines[0].startsWith(`${NS}:users[0].quotas.${key} = ${JSON.stringify(value)}: `), lines[0]);
        }
        assert.deepEqual(problemsOf("prod", (c) => (c.users[0].quotas = { producer_byte_rate: 1048576, request_percentage: 12.5 })), []);
        onlyProblem(
            problemsOf("prod", (c) => (c.users[0].quotas = { producer_byte_rate: 1.5 })),
            `${NS}:users[0].quotas.producer_byte_rate = 1.5: must be a whole number of bytes per second, greater than 0: write it without a fraction (e.g. 2)`,
        );
    });

    it("a whole number beyond what a stack file keeps exactly gets the field's own range, not zod's wording", () =>
        onlyProblem(problemsOf("prod", (c) => (c.kafka.brokers = 1e300)), `${NS}:kafka.brokers = 1e+300: must be a whole number from 1 to 64: lower it to 64 or less, or remove the key for the default 3`));

    it("platform.nodeGroups[].instanceTypes: x86_64 only, as the node groups boot the x86_64 EKS AMI", () => {
        const arm = "is an Arm (AWS Graviton) type: the node groups boot the x86_64 EKS AMI (AL2023_x86_64_STANDARD), which an Arm instance cannot run; choose an x86_64 type such as m6i.large (or m6a, c6i, r6i)";
        for (const type of ["m6g.xlarge", "t4g.xlarge", "c7gn.2xlarge", "r7gd.large", "im4gn.xlarge", "is4gen.xlarge", "a1.xlarge", "p6e-gb200.36xlarge"]) {
            const lines = problemsOf("prod", (c) => (c.platform.nodeGroups[0].instanceTypes = [type]));
            assert.ok(lines.includes(`${NS}:platform.nodeGroups[0].instanceTypes[0] = ${JSON.stringify(type)}: ${arm}`), `${type}:\n${lines.join("\n")}`);
        }
        const mac = problemsOf("prod", (c) => (c.platform.nodeGroups[0].instanceTypes = ["mac1.metal"]));
        assert.ok(mac.some((l) => l.startsWith(`${NS}:platform.nodeGroups[0].instanceTypes[0] = "mac1.metal": is a Mac type`)), mac.join("\n"));
        // x86_64 families whose capability letters are not g (Intel i, AMD a, GPU g4dn): no architecture problem.
        for (const type of ["m6i.2xlarge", "m6a.2xlarge", "g4dn.2xlarge", "x2iedn.2xlarge", "c6in.2xlarge", "m7i-flex.2xlarge", "u-6tb1.112xlarge"]) {
            const lines = problemsOf("prod", (c) => (c.platform.nodeGroups[0].instanceTypes = [type]));
            assert.ok(!lines.some((l) => /Arm|Mac type/.test(l)), `${type}:\n${lines.join("\n")}`);
        }
    });

    it("ACL hosts as Kafka compares them: Java's InetAddress.getHostAddress() text", () => {
        assert.equal(javaHostAddress("10.1.2.3"), "10.1.2.3");
        assert.equal(javaHostAddress("::1"), "0:0:0:0:0:0:0:1");
        assert.equal(javaHostAddress("fe80::1c2:3ff:fe4:5678"), "fe80:0:0:0:1c2:3ff:fe4:5678");
        assert.equal(javaHostAddress("::ffff:10.0.0.1"), "10.0.0.1");
        assert.equal(javaHostAddress("64:ff9b::10.0.0.1"), "64:ff9b:0:0:0:0:a00:1");
        for (const bad of [":", "::::::::::::", "10.0.0.0/8", "kafka.example.com", "1.2.3"]) assert.equal(javaHostAddress(bad), undefined, bad);
        assert.deepEqual(problemsOf("prod", (c) => (c.users[0].acls[0].host = "0:0:0:0:0:0:0:1")), []);
    });

    it("users[].passwordSecret.key: a key a Secret can hold (Kubernetes refuses \".\", a leading \"..\" and more than 253 characters)", () => {
        for (const key of [".", "..", "..pw", "k".repeat(254)]) {
            const lines = problemsOf("prod", (c) => (c.users[0].passwordSecret = { name: "billing-kafka-password", key }));
            assert.ok(lines.some((l) => l.startsWith(`${NS}:users[0].passwordSecret.key = `) && l.includes('must be a Secret data key: letters, digits, "-", "_" and ".", at most 253 characters, not "." and not starting with ".."')), lines.join("\n"));
        }
        assert.deepEqual(problemsOf("prod", (c) => (c.users[0].passwordSecret = { name: "billing-kafka-password", key: ".password-v2" })), []);
    });

    it("metrics.agentUrl: an absolute http(s) URL, said so (not zod's \"Invalid URL\")", () => {
        for (const url of ["ftp://mirror/jmx.jar", "/jmx.jar"]) {
            onlyProblem(problemsOf("prod", (c) => (c.metrics.agentUrl = url)), `${NS}:metrics.agentUrl = ${JSON.stringify(url)}: must be an absolute http:// or https:// URL of the jar, e.g. https://10.0.12.7/jmx_prometheus_javaagent.jar`);
        }
    });

    it("YAML .inf and .nan are named as such, not printed as null", () => {
        for (const [v, text] of [[Infinity, "Infinity"], [NaN, "NaN"]] as const) {
            assert.throws(() => parseStackConfig(patched("prod", (c) => (c.kafka.brokers = v)), NS, { awsRegion: "eu-west-1" }), (e: Error) => e.message.includes(`${NS}:kafka.brokers = ${text}: must be a number, not ${text} (YAML .inf or .nan)`));
        }
    });

    it("a VPC octet above 255", () =>
        onlyProblem(problemsOf("dev", (c) => (c.platform.vpc.cidr = "10.300.0.0/16")), `${NS}:platform.vpc.cidr = "10.300.0.0/16": must be an IPv4 CIDR block: each octet is 0-255 without leading zeros`));

    it("a VPC larger than AWS allows", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.platform.vpc.cidr = "10.0.0.0/12")),
            `${NS}:platform.vpc.cidr = "10.0.0.0/12": must be no larger than a /16 (AWS allows VPCs from /16 to /28); use a /16 to /22 block`,
        ));

    // AWS takes a VPC down to /28, the subnet plan only to /22: the message gives the plan's limit and why.
    const planLimit = (prefix: number, awsAllows: boolean) =>
        `${NS}:platform.vpc.cidr = "10.0.0.0/${prefix}": must be /22 or larger (/16 to /22)${awsAllows ? ", though AWS allows VPCs down to /28" : ""}: the subnet plan gives each zone (up to 6) a private subnet of 1/8 of the VPC and a public subnet of 1/64, and AWS's smallest subnet is /28 (a /22 VPC's public subnets); use a /22 or larger block, or platform.existingVpc`;
    for (const prefix of [23, 24, 28]) {
        it(`a /${prefix} VPC: AWS allows it, the subnet plan cannot split it`, () => onlyProblem(problemsOf("dev", (c) => (c.platform.vpc.cidr = `10.0.0.0/${prefix}`)), planLimit(prefix, true)));
    }
    it("a /29 VPC: the plan's limit, not AWS's /16-/28", () => onlyProblem(problemsOf("dev", (c) => (c.platform.vpc.cidr = "10.0.0.0/29")), planLimit(29, false)));
    it("a /22 VPC over six zones fits the plan", () => assert.deepEqual(problemsOf("dev", (c) => ((c.platform.vpc.cidr = "10.0.0.0/22"), (c.platform.availabilityZones = 6))), []));

    it("public endpoint CIDRs with host bits or from private ranges", () =>
        assert.deepEqual(problemsOf("dev", (c) => (c.platform.endpoint.publicAccessCidrs = ["198.18.0.1/24", "192.168.0.0/16"])), [
            `${NS}:platform.endpoint.publicAccessCidrs[0] = "198.18.0.1/24": has host bits set: the block is 198.18.0.0/24`,
            `${NS}:platform.endpoint.publicAccessCidrs[1] = "192.168.0.0/16": overlaps 192.168.0.0/16, which is not routed on the Internet: the public endpoint sees your public egress (NAT) addresses; VPC traffic uses the private endpoint`,
        ]));

    it("aws:region must be a region code", () => {
        onlyProblem(problemsOf("dev", () => {}, { awsRegion: "eu-west1" }), `aws:region = "eu-west1": must be an AWS region code such as eu-west-1 (did you mean eu-west-1?)`);
        onlyProblem(problemsOf("dev", () => {}, { awsRegion: "eu-west-1a" }), `aws:region = "eu-west-1a": is an availability zone; the region is eu-west-1`);
        for (const region of ["us-east-1", "us-gov-west-1", "ap-southeast-5", "eusc-de-east-1"]) assert.deepEqual(problemsOf("dev", () => {}, { awsRegion: region }), [], region);
    });

    it("only Kubernetes versions EKS offers", () => {
        onlyProblem(problemsOf("dev", (c) => (c.platform.kubernetesVersion = "1.99")), `${NS}:platform.kubernetesVersion = "1.99": must be a Kubernetes version EKS offers (1.31-1.36); 1.99 is not`);
        onlyProblem(problemsOf("dev", (c) => (c.platform.kubernetesVersion = "1.30")), `${NS}:platform.kubernetesVersion = "1.30": must be a Kubernetes version EKS offers (1.31-1.36); 1.30 is not`);
    });

    it("an unquoted 1.30 is the YAML number 1.3: the message says to quote it", () =>
        onlyProblem(problemsOf("dev", (c) => (c.platform.kubernetesVersion = 1.3)), `${NS}:platform.kubernetesVersion = 1.3: must be a string: quote it ("1.30"); YAML reads an unquoted 1.30 as the number 1.3`));

    it("says what type a value must be", () => {
        onlyProblem(problemsOf("dev", (c) => (c.kafka.brokers = "three")), `${NS}:kafka.brokers = "three": must be a number, not the string "three"`);
        onlyProblem(problemsOf("dev", (c) => (c.manager.readOnly = "yes")), `${NS}:manager.readOnly = "yes": must be true or false: YAML 1.2 reads yes as the string "yes", not a boolean; write true`);
        // The Pulumi CLI (go-yaml v3) also reads an unquoted no as a string.
        onlyProblem(problemsOf("dev", (c) => (c.platform.protect = "no")), `${NS}:platform.protect = "no": must be true or false: YAML 1.2 reads no as the string "no", not a boolean; write false`);
        onlyProblem(problemsOf("dev", (c) => (c.platform.protect = "false")), `${NS}:platform.protect = "false": must be true or false (unquoted), not the string "false"`);
        onlyProblem(problemsOf("dev", (c) => (c.platform = ["mode: eks"])), `${NS}:platform = ["mode: eks"]: must be a mapping of keys (key: value), not a list`);
        onlyProblem(problemsOf("dev", (c) => (c.platform.mode = "ekss")), `${NS}:platform.mode = "ekss": must be one of eks, existing (did you mean eks?)`);
    });

    it("Kafka's topic-name rules", () => {
        onlyProblem(problemsOf("dev", (c) => (c.topics[1].name = "..")), `${NS}:topics[1].name = "..": cannot be ".." (Kafka forbids it: topic directories are named after topics)`);
        onlyProblem(problemsOf("dev", (c) => (c.topics[1].name = ".")), `${NS}:topics[1].name = ".": cannot be "." (Kafka forbids it: topic directories are named after topics)`);
        const long = "t".repeat(250);
        onlyProblem(problemsOf("dev", (c) => (c.topics[1].name = long)), `${NS}:topics[1].name = ${JSON.stringify(long)}: must be at most 249 characters (Kafka's limit); it has 250`);
        onlyProblem(
            problemsOf("dev", (c) => (c.topics[1].name = "__consumer_offsets")),
            `${NS}:topics[1].name = "__consumer_offsets": must not start with "__": that prefix names Kafka's internal topics (__consumer_offsets, __transaction_state, ...)`,
        );
        onlyProblem(
            problemsOf("dev", (c) => (c.topics.push({ name: "order.events", partitions: 1 }, { name: "order_events", partitions: 1 }))),
            `${NS}:topics[3].name = "order_events": collides with topic order.events: Kafka treats '.' and '_' alike in topic names and refuses the second`,
        );
    });

    it("Kubernetes label rules for node labels", () =>
        assert.deepEqual(problemsOf("dev", (c) => (c.platform.nodeGroups[0].labels = { "kubernetes.io/role": "kafka", team: "data platform", "node.kubernetes.io/pool": "kafka" })), [
            `${NS}:platform.nodeGroups[0].labels.kubernetes.io/role = "kafka": uses a prefix Kubernetes reserves: the kubelet refuses node labels under kubernetes.io and k8s.io except node.kubernetes.io/ and kubelet.kubernetes.io/`,
            `${NS}:platform.nodeGroups[0].labels.team = "data platform": must be a label value: letters, digits, '-', '_' or '.', starting and ending alphanumeric`,
        ]));

    it("Kubernetes name rules for namespaces and object names", () => {
        onlyProblem(problemsOf("dev", (c) => (c.kafka.namespace = "Kafka_NS")), `${NS}:kafka.namespace = "Kafka_NS": must be lower-case letters, digits and '-', starting with a letter`);
        onlyProblem(problemsOf("dev", (c) => (c.consumers[0].workload.name = "x".repeat(64))), `${NS}:consumers[0].workload.name = "${"x".repeat(64)}": must be at most 63 characters long (it has 64)`);
    });
});

