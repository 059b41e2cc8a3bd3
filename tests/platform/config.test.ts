/** The platform keys that decide who reaches the cluster and what AWS permissions it gets. */
import { strict as assert } from "assert";
import { ConfigError, parseStackConfig } from "../../components/config";
import { stackSections } from "../harness";

const NS = "kafka-eks";

function parse(stack: string, patch: (platform: Record<string, unknown>, storage: Record<string, unknown>) => void) {
    const raw = structuredClone(stackSections(stack));
    raw.storage ??= {};
    patch(raw.platform as Record<string, unknown>, raw.storage as Record<string, unknown>);
    return parseStackConfig(raw, NS, { awsRegion: "eu-west-1" });
}

function problems(stack: string, patch: (platform: Record<string, unknown>, storage: Record<string, unknown>) => void): string[] {
    try {
        parse(stack, patch);
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems.map((p) => `${p.key} = ${JSON.stringify(p.value)}: ${p.message}`);
    }
    return [];
}

function rejects(found: string[], key: string, messagePart: string): void {
    assert.ok(found.some((p) => p.startsWith(`${NS}:${key} =`) && p.includes(messagePart)), `expected ${key} … ${messagePart}, got:\n${found.join("\n")}`);
}

describe("platform config: access and hardening keys", () => {
    it("defaults to a private-only API endpoint", () => {
        const c = parse("dev", (p) => delete p.endpoint);
        assert.ok(c.platform.mode === "eks");
        assert.deepEqual(c.platform.endpoint, { publicAccess: false, publicAccessCidrs: [] });
    });

    it("refuses a public endpoint open to 0.0.0.0/0, naming the key and both ways out", () => {
        const found = problems("dev", (p) => (p.endpoint = { publicAccess: true, publicAccessCidrs: ["198.51.100.0/24", "0.0.0.0/0"] }));
        rejects(found, "platform.endpoint.publicAccessCidrs[1]", "whole internet");
        rejects(found, "platform.endpoint.publicAccessCidrs[1]", "publicAccess false");
        assert.equal(found.length, 1);
    });

    it("requires the deploying role, as an IAM role ARN rather than an STS session", () => {
        rejects(problems("prod", (p) => delete p.deployerPrincipalArn), "platform.deployerPrincipalArn", "");
        rejects(
            problems("prod", (p) => (p.deployerPrincipalArn = "arn:aws:sts::123456789012:assumed-role/kafka-eks-deploy/gha")),
            "platform.deployerPrincipalArn",
            "must be an IAM role or user ARN",
        );
    });

    it("refuses a second access entry for the same principal", () => {
        const found = problems("prod", (p) => {
            p.adminPrincipalArns = ["arn:aws:iam::123456789012:role/kafka-eks-deploy"];
            p.namespaceAccess = [{ principalArn: "arn:aws:iam::123456789012:role/kafka-eks-deploy", namespaces: ["kafka"] }];
        });
        rejects(found, "platform.adminPrincipalArns[0]", "must not repeat platform.deployerPrincipalArn");
        rejects(found, "platform.namespaceAccess[0].principalArn", "must not repeat platform.deployerPrincipalArn");
    });

    it("namespace access: edit by default, at least one namespace", () => {
        const c = parse("prod", (p) => (p.namespaceAccess = [{ principalArn: "arn:aws:iam::123456789012:role/team", namespaces: ["kafka"] }]));
        assert.ok(c.platform.mode === "eks");
        assert.deepEqual(c.platform.namespaceAccess, [{ principalArn: "arn:aws:iam::123456789012:role/team", namespaces: ["kafka"], policy: "edit" }]);
        rejects(problems("prod", (p) => (p.namespaceAccess = [{ principalArn: "arn:aws:iam::123456789012:role/team", namespaces: [] }])), "platform.namespaceAccess[0].namespaces", "at least one");
    });

    it("log retention: 365 days by default, only values CloudWatch Logs accepts", () => {
        const c = parse("prod", () => undefined);
        assert.ok(c.platform.mode === "eks" && c.platform.logRetentionDays === 365);
        rejects(problems("prod", (p) => (p.logRetentionDays = 100)), "platform.logRetentionDays", "must be a retention CloudWatch Logs accepts");
    });

    it("VPC endpoints: off by default, on in prod", () => {
        const dev = parse("dev", () => undefined).platform;
        const prod = parse("prod", () => undefined).platform;
        assert.ok(dev.mode === "eks" && prod.mode === "eks");
        assert.equal(dev.vpc.endpoints, false);
        assert.equal(prod.vpc.endpoints, true);
    });

    it("storage.kmsKeyArn must name a key, not an alias (the CSI role's permissions are scoped to the key)", () => {
        rejects(problems("prod", (_p, s) => (s.kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:alias/ebs")), "storage.kmsKeyArn", "must be a KMS key ARN");
        assert.deepEqual(problems("prod", (_p, s) => (s.kmsKeyArn = "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555")), []);
    });
});
