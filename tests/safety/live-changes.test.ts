import { strict as assert } from "assert";
import { LAYOUT_GUARD_TYPE, layoutGuardProvider } from "../../components/kafka/layout-guard/guard";
import type { LiveState } from "../../components/kafka/layout-guard/rule";
import { RenderedResource, input, renderStack, stackSection } from "../harness";

/**
 * What users rely on when they change a live stack: no config change short of renaming the
 * cluster deletes or replaces a StatefulSet or a PersistentVolumeClaim. Pulumi replaces a
 * resource whose URN changes, and the Kubernetes provider replaces one when a field of its
 * kind's "force new" list changes (pulumi-kubernetes provider/pkg/provider/diff.go; since its
 * PR #1705 a claim's storage request is not on the list, so claims grow in place).
 */
const STS = "kubernetes:apps/v1:StatefulSet";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const FORCE_NEW: Record<string, string[]> = {
    [STS]: ["metadata.name", "metadata.namespace", "spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.selector", "spec.serviceName", "spec.volumeClaimTemplates"],
    [PVC]: ["metadata.name", "metadata.namespace", "spec.accessModes", "spec.selector", "spec.storageClassName", "spec.volumeName"],
};

type Patch = Record<string, unknown>;
type Change = { name: string; stack: "dev" | "prod"; patch: (s: (section: string) => Patch) => Patch };

const grow = (gib: unknown, by: number) => Number(gib ?? 10) + by;
/** A byte bound that fits dev's volumes (every topic needs one). */
const SMALL = { "retention.bytes": 134217728, "segment.bytes": 33554432 };
const CHANGES: Change[] = [
    { name: "grow broker storage", stack: "dev", patch: (s) => ({ kafka: { ...s("kafka"), storageGiB: grow(s("kafka").storageGiB, 30) } }) },
    { name: "grow broker storage", stack: "prod", patch: (s) => ({ kafka: { ...s("kafka"), storageGiB: grow(s("kafka").storageGiB, 500) } }) },
    { name: "grow controller storage", stack: "prod", patch: (s) => ({ kafka: { ...s("kafka"), controllerStorageGiB: grow(s("kafka").controllerStorageGiB, 10) } }) },
    { name: "grow ZooKeeper data and log volumes", stack: "dev", patch: (s) => ({ zookeeper: { ...s("zookeeper"), dataGiB: 50, dataLogGiB: 50 } }) },
    { name: "resize broker memory and heap", stack: "prod", patch: (s) => ({ kafka: { ...s("kafka"), resources: { cpu: "4", memoryMiB: 16384, heapMiB: 6144 } } }) },
    { name: "resize ZooKeeper heap", stack: "dev", patch: (s) => ({ zookeeper: { ...s("zookeeper"), resources: { cpu: "500m", memoryMiB: 1536, heapMiB: 1024 } } }) },
    { name: "add brokers", stack: "prod", patch: (s) => ({ kafka: { ...s("kafka"), brokers: 5 } }) },
    { name: "override a broker property", stack: "prod", patch: (s) => ({ kafka: { ...s("kafka"), config: { "log.retention.hours": 72 } } }) },
    { name: "add a topic and grow partitions", stack: "dev", patch: () => ({ topics: [{ name: "orders", partitions: 12, replicationFactor: 2, config: SMALL }, { name: "events", partitions: 3, config: SMALL }, { name: "audit", partitions: 1, config: SMALL }] }) },
    { name: "switch the UI to read-only", stack: "prod", patch: (s) => ({ manager: { ...s("manager"), readOnly: true } }) },
    { name: "rotate the inter-broker password (one step)", stack: "prod", patch: (s) => ({ security: { ...s("security"), rotation: { interBroker: 1 } } }) },
    { name: "rotate a user's password", stack: "prod", patch: (s) => ({ security: { ...s("security"), rotation: { users: { billing: 3, "kafka-ui": 1 } } } }) },
    { name: "renew the broker certificate earlier", stack: "prod", patch: (s) => ({ security: { ...s("security"), certificates: { validityDays: 365, renewBeforeDays: 60 } } }) },
];

function section(stack: string) {
    return (name: string): Patch => stackSection(stack, name) ?? {};
}

function stateful(resources: RenderedResource[]): Map<string, RenderedResource> {
    return new Map(resources.filter((r) => r.type === STS || r.type === PVC).map((r) => [r.urn, r]));
}

const at = (r: RenderedResource, path: string) => JSON.stringify(input(r, path) ?? null);
const gib = (q: unknown) => Number(String(q).replace(/Gi$/, ""));

/** Why `after` would replace `before`, or [] if it updates in place. */
function replacementReasons(before: RenderedResource, after: RenderedResource | undefined): string[] {
    if (!after) return ["deleted (its URN is gone)"];
    const reasons: string[] = [];
    if (after.replaceOnChanges.length > 0) reasons.push(`replaceOnChanges ${after.replaceOnChanges.join(",")}`);
    for (const path of FORCE_NEW[before.type]) {
        if (at(before, path) !== at(after, path) && !after.ignoreChanges.includes(path)) {
            reasons.push(`${path} changed: ${at(before, path)} -> ${at(after, path)}`);
        }
    }
    if (before.type === PVC) {
        const was = gib(input(before, "spec.resources.requests.storage"));
        const now = gib(input(after, "spec.resources.requests.storage"));
        if (now < was) reasons.push(`storage shrinks ${was}Gi -> ${now}Gi`);
    }
    return reasons;
}

/** What the live-change guard records for a rendered stack (the inputs its check step gets). */
function guardInputs(resources: RenderedResource[]): LiveState {
    const guards = resources.filter((r) => r.type === LAYOUT_GUARD_TYPE);
    assert.equal(guards.length, 1);
    return guards[0].inputs as unknown as LiveState;
}

/** The guard's check step, as `pulumi preview` runs it, from one render to the next. */
async function guardFailures(before: RenderedResource[], after: RenderedResource[]) {
    return (await layoutGuardProvider.check!(guardInputs(before), guardInputs(after))).failures ?? [];
}

describe("changes that are safe on a live cluster", () => {
    const base: Record<string, Map<string, RenderedResource>> = {};
    const rendered: Record<string, RenderedResource[]> = {};
    before(async () => {
        for (const stack of ["dev", "prod"]) {
            rendered[stack] = (await renderStack(stack)).resources;
            base[stack] = stateful(rendered[stack]);
        }
    });

    for (const change of CHANGES) {
        it(`${change.stack}: ${change.name} replaces no StatefulSet or volume claim, and the live-change guard lets it through`, async () => {
            const resources = (await renderStack(change.stack, change.patch(section(change.stack)))).resources;
            const after = stateful(resources);
            const problems = [...base[change.stack].values()].flatMap((r) => replacementReasons(r, after.get(r.urn)).map((why) => `${r.urn}: ${why}`));
            assert.deepEqual(problems, []);
            assert.deepEqual(await guardFailures(rendered[change.stack], resources), []);
        });
    }

    it("grows the existing claims in place when broker storage grows", async () => {
        const patch = { kafka: { ...section("prod")("kafka"), storageGiB: 800 } };
        const after = stateful((await renderStack("prod", patch)).resources);
        const brokerClaims = [...after.values()].filter((r) => r.type === PVC && String(input(r, "metadata.name")).includes("-broker-"));
        assert.equal(brokerClaims.length, 3);
        for (const claim of brokerClaims) {
            assert.ok(base.prod.has(claim.urn), `${claim.urn} is new`);
            assert.equal(input(claim, "spec.resources.requests.storage"), "800Gi");
        }
    });

    it("(control) renaming the cluster does replace them, and the live-change guard refuses it at preview", async () => {
        const resources = (await renderStack("dev", { kafka: { ...section("dev")("kafka"), name: "kafka2" } })).resources;
        const after = stateful(resources);
        const replaced = [...base.dev.values()].filter((r) => replacementReasons(r, after.get(r.urn)).length > 0);
        assert.equal(replaced.length, base.dev.size);
        const failures = await guardFailures(rendered.dev, resources);
        assert.deepEqual(failures.map((f) => f.property), ["name"]);
        assert.match(failures[0].reason, /^kafka-eks:kafka\.name = "kafka2"/);
    });
});

/**
 * Changes a rolling restart cannot survive: each renders (the config is valid) and the guard's
 * check, fed the program's own before/after inputs, refuses it with the key the operator changed.
 */
function withoutKey(o: Record<string, unknown> | undefined, key: string): Record<string, unknown> {
    const { [key]: _dropped, ...rest } = o ?? {};
    return rest;
}

const REFUSED: (Change & { key: string })[] = [
    { name: "enable SCRAM", stack: "dev", key: "security.authentication", patch: (s) => ({ security: { ...s("security"), authentication: "scram-sha-512" } }) },
    // Without TLS, certificate settings are refused as having no effect (config/applicability).
    { name: "disable TLS", stack: "prod", key: "security.tls", patch: (s) => ({ security: { ...withoutKey(s("security"), "certificates"), tls: false, authorization: "none" }, users: [] }) },
    { name: "replace the CA (new lifetime)", stack: "prod", key: "security.certificates.caValidityDays", patch: (s) => ({ security: { ...s("security"), certificates: { caValidityDays: 7300 } } }) },
    { name: "grow the KRaft controller quorum", stack: "prod", key: "kafka.kraft.controllers", patch: (s) => ({ kafka: { ...s("kafka"), kraft: { topology: "dedicated", controllers: 5 } } }) },
    // dev's node groups hold at most 4 nodes: 5 servers only fit with a preferred host spread (config capacity check).
    {
        name: "grow the ZooKeeper ensemble",
        stack: "dev",
        key: "zookeeper.replicas",
        patch: (s) => ({ zookeeper: { ...s("zookeeper"), replicas: 5 }, kafka: { ...s("kafka"), placement: { zones: "required", hosts: "preferred" } } }),
    },
    { name: "rotate the inter-broker password two steps at once", stack: "prod", key: "security.rotation.interBroker", patch: (s) => ({ security: { ...s("security"), rotation: { interBroker: 2 } } }) },
    { name: "downgrade Kafka below the metadata format", stack: "prod", key: "kafka.version", patch: (s) => ({ kafka: { ...s("kafka"), version: "4.2.0" } }) },
];

describe("changes a live cluster cannot survive are refused at preview", () => {
    const rendered: Record<string, RenderedResource[]> = {};
    before(async () => {
        for (const stack of ["dev", "prod"]) rendered[stack] = (await renderStack(stack)).resources;
    });

    for (const change of REFUSED) {
        it(`${change.stack}: ${change.name} -> kafka-eks:${change.key}`, async () => {
            const after = (await renderStack(change.stack, change.patch(section(change.stack)))).resources;
            const failures = await guardFailures(rendered[change.stack], after);
            assert.equal(failures.length, 1, JSON.stringify(failures));
            assert.ok(failures[0].reason.startsWith(`kafka-eks:${change.key} = `), failures[0].reason);
        });
    }
});
