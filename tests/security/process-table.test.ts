/**
 * Secrets off the process table, on every rendered stack variant: no container's command or args
 * carries a password (argv is world-readable in /proc/<pid>/cmdline and shows in `ps`), and no
 * env var does either, neither as a value nor from a Secret by secretKeyRef (the environment is
 * readable in /proc/<pid>/environ, is inherited by every child and `kubectl exec`, and shows in
 * `kubectl describe`). Credentials reach containers as mounted files only. Also: every emptyDir
 * has a sizeLimit, so a runaway writer is evicted instead of filling the node's disk or memory.
 *
 * What runs inside a shell script is checked by the script tests against the stubs
 * (tests/kafka/scripts.test.ts, tests/kafka/users/apply-user.test.ts).
 */
import { strict as assert } from "assert";
import { podSpecOf } from "../../policy/lib/k8s";
import { CLUSTER_ID_KEY } from "../../components/kafka/kafka-pod";
import { RenderedResource, renderStack, stackSection } from "../harness";

type Sections = (name: string) => Record<string, unknown>;
const SCRAM_PLAINTEXT = { authentication: "scram-sha-512", tls: false };
const SCRAM_SSL = { authentication: "scram-sha-512", tls: true };

/** Every shape of stack the program renders: both metadata modes, both managers, every listener security. */
const STACK_VARIANTS: ReadonlyArray<{ name: string; stack: string; overrides?: (s: Sections) => Record<string, unknown> }> = [
    { name: "dev: ZooKeeper mode, PLAINTEXT, kafka-ui, example consumer", stack: "dev" },
    { name: "dev with CMAK", stack: "dev", overrides: () => ({ manager: { kind: "cmak" } }) },
    { name: "ZooKeeper mode, SASL_PLAINTEXT", stack: "dev", overrides: (s) => ({ security: { ...s("security"), ...SCRAM_PLAINTEXT } }) },
    { name: "ZooKeeper mode, SASL_SSL, a declared user", stack: "dev", overrides: (s) => ({ security: { ...s("security"), ...SCRAM_SSL }, users: [{ name: "billing", namespace: "demo", acls: [{ resourceType: "TOPIC", name: "orders", operations: ["READ"] }] }] }) },
    { name: "prod: KRaft dedicated, SASL_SSL", stack: "prod" },
    { name: "KRaft combined, SASL_SSL", stack: "prod", overrides: (s) => ({ kafka: { ...s("kafka"), kraft: { topology: "combined" }, controllerStorageGiB: undefined } }) },
    { name: "KRaft dedicated, SASL_PLAINTEXT (no ACLs), kafka-ui with login", stack: "prod", overrides: (s) => ({ security: { ...s("security"), ...SCRAM_PLAINTEXT, certificates: undefined, authorization: "none" }, users: [], manager: { kind: "kafka-ui", readOnly: true, login: true } }) },
];

/** Secret keys a container may read into its environment: none of them is a credential. */
const ENV_SECRET_KEYS_ALLOWED: Record<string, string> = {
    // The KRaft cluster id: generated and kept in a Secret for its lifecycle, not a credential.
    [CLUSTER_ID_KEY]: "KRaft cluster id",
};

/** What the mock render puts in place of a secret value. */
const MASK = "[secret]";

interface Container {
    name: string;
    command?: string[];
    args?: string[];
    env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
    envFrom?: { secretRef?: unknown }[];
}
interface PodSpec {
    containers: Container[];
    initContainers?: Container[];
    ephemeralContainers?: Container[];
    volumes?: { name: string; emptyDir?: { sizeLimit?: string } }[];
}

function workloads(resources: readonly RenderedResource[]): { id: string; spec: PodSpec }[] {
    return resources.flatMap((r) => {
        if (!r.custom || !r.type.startsWith("kubernetes:")) return [];
        const found = podSpecOf(r.type, r.inputs);
        return found ? [{ id: `${r.inputs.kind} ${(r.inputs.metadata as { name: string }).name}`, spec: found.spec as unknown as PodSpec }] : [];
    });
}

const allContainers = (p: PodSpec) => [...(p.initContainers ?? []), ...p.containers, ...(p.ephemeralContainers ?? [])];

/** A password-ish flag whose value is not a file reference (`@/path` or a `*-file` flag). */
const PASSWORD_FLAG = /^--?[\w.-]*(pass|secret|jaas)[\w.-]*$/i;

/** `password=<value>` with a literal value (not a shell variable, printf format, file or reference). */
const LITERAL_PASSWORD = /password=("?)(?![$%@/])[^\s"',;\]]+/i;

/** Problems with argv: a secret value, the render's mask, or a password flag given a literal. */
function argvProblems(c: Container, secrets: readonly string[]): string[] {
    const argv = [...(c.command ?? []), ...(c.args ?? [])];
    const problems: string[] = [];
    argv.forEach((arg, i) => {
        if (arg.includes(MASK) || secrets.some((s) => arg.includes(s))) problems.push(`argv[${i}] holds a secret value`);
        const [flag, attached] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, argv[i + 1]];
        if (PASSWORD_FLAG.test(flag) && !/-file$/i.test(flag) && !(attached ?? "").startsWith("@/")) problems.push(`${flag} is given a value on the command line`);
        if (LITERAL_PASSWORD.test(arg)) problems.push(`argv[${i}] spells out a password`);
    });
    return problems;
}

/** Problems with env: a secret value, or any Secret key other than the allowed ones. */
function envProblems(c: Container, secrets: readonly string[]): string[] {
    const problems: string[] = [];
    for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref !== undefined && ENV_SECRET_KEYS_ALLOWED[ref.key] === undefined) problems.push(`${e.name} reads key ${ref.key} of Secret ${ref.name}`);
        const value = typeof e.value === "string" ? e.value : "";
        if (value.includes(MASK) || secrets.some((s) => value.includes(s))) problems.push(`${e.name} holds a secret value`);
        // A Kubernetes $(VAR) expands to the Secret's value in the process environment.
        if (LITERAL_PASSWORD.test(value) || /password="?\$\(/i.test(value)) problems.push(`${e.name} spells out a password`);
    }
    for (const f of c.envFrom ?? []) if (f.secretRef !== undefined) problems.push("envFrom reads a whole Secret");
    return problems;
}

describe("secrets off the process table, on every stack variant", () => {
    for (const v of STACK_VARIANTS) {
        describe(v.name, () => {
            let resources: readonly RenderedResource[];
            let secrets: readonly string[];
            before(async () => {
                const section = (n: string) => stackSection(v.stack, n) ?? {};
                ({ resources, generatedSecrets: secrets } = await renderStack(v.stack, v.overrides?.(section)));
            });

            it("no container's command or args carries a password", () => {
                const found = workloads(resources).flatMap((w) => allContainers(w.spec).flatMap((c) => argvProblems(c, secrets).map((p) => `${w.id} ${c.name}: ${p}`)));
                assert.deepEqual(found, []);
            });

            it("no env var carries a password, as a value or from a Secret", () => {
                const found = workloads(resources).flatMap((w) => allContainers(w.spec).flatMap((c) => envProblems(c, secrets).map((p) => `${w.id} ${c.name}: ${p}`)));
                assert.deepEqual(found, []);
            });

            it("every emptyDir has a sizeLimit", () => {
                const ws = workloads(resources);
                assert.ok(ws.length >= 5, `workloads: ${ws.length}`);
                const unbounded = ws.flatMap((w) => (w.spec.volumes ?? []).filter((vol) => vol.emptyDir !== undefined && !vol.emptyDir.sizeLimit).map((vol) => `${w.id}: emptyDir ${vol.name}`));
                assert.deepEqual(unbounded, []);
            });
        });
    }

    it("(control) the checks flag what they are meant to and pass file references", () => {
        const secret = "s3cretValue42";
        assert.deepEqual(argvProblems({ name: "c", args: ["--sasl.password", "@/etc/x/password", "--sasl.username=@/etc/x/username"] }, [secret]), []);
        assert.equal(argvProblems({ name: "c", args: ["--sasl.password", "hunter2"] }, [secret]).length, 1);
        assert.equal(argvProblems({ name: "c", args: ["format", "--add-scram", `SCRAM-SHA-512=[name=a,password=${secret}]`] }, [secret]).length, 2);
        assert.equal(argvProblems({ name: "c", command: ["sh", "-c", `run ${MASK}`] }, []).length, 1);
        assert.deepEqual(envProblems({ name: "c", env: [{ name: "CLUSTER_ID", valueFrom: { secretKeyRef: { name: "kafka-cluster-id", key: CLUSTER_ID_KEY } } }] }, [secret]), []);
        assert.equal(envProblems({ name: "c", env: [{ name: "P", valueFrom: { secretKeyRef: { name: "kafka-client-credentials", key: "password" } } }] }, []).length, 1);
        assert.equal(envProblems({ name: "c", env: [{ name: "J", value: 'ScramLoginModule required username="$(U)" password="$(P)";' }] }, []).length, 1);
        assert.deepEqual(envProblems({ name: "c", env: [{ name: "J", value: 'ScramLoginModule required username="${sasl.username}" password="${sasl.password}";' }] }, []), []);
        assert.equal(envProblems({ name: "c", env: [{ name: "P", value: secret }] }, [secret]).length, 1);
        assert.equal(envProblems({ name: "c", envFrom: [{ secretRef: { name: "x" } }] }, []).length, 1);
    });
});
