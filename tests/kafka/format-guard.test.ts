/**
 * A KRaft quorum voter that lost its volume is not silently re-formatted into the static quorum:
 * kafka-node.sh format, run as the rendered init container would run it (env from the spec, the
 * marker ConfigMap as files), against the shared stub kafka-storage.sh (tests/kafka/stubs/); the marker's wiring in the
 * rendered prod stack; the per-pod override's validation.
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BOOTSTRAP_MARKER_FILES, bootstrapMarkerSpec } from "../../components/kafka/bootstrap-marker/spec";
import { kafkaSpecs } from "../../components/kafka/kafka-spec";
import { SCRIPT, SCRIPTS_DIR } from "../../components/kafka/scripts";
import type { NodeRole } from "../../components/kafka/topology";
import { input, kubernetesObjects, RenderedResource, renderStack, stackSection } from "../harness";
import { kraftCombined, kraftDedicated, plain } from "./fixtures";
import { FakeCluster, removeStubDirs, stubBin } from "./stubs/cluster";

const CLUSTER_ID = "MkU3OEVBNTcwNTJENDM2Qk";
type Container = { name: string; command: string[]; env?: { name: string; value?: string }[]; volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] };

const dirs: string[] = [];
let bin: string;
before(() => {
    bin = stubBin();
});
after(() => {
    dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
    removeStubDirs();
});

function formatContainer(role: NodeRole) {
    const cfg = role === "kraft-combined" ? kraftCombined() : kraftDedicated();
    const pool = kafkaSpecs({ kafka: cfg.kafka }).pools.find((p) => p.pool.role === role)!;
    const spec = plain(pool.statefulSet).spec.template.spec;
    return { pool, spec, container: spec.initContainers.find((c: Container) => c.name === "format-storage") as Container };
}

interface FormatRun {
    /** The marker ConfigMap's files, or undefined when the ConfigMap does not exist (yet). */
    marker?: Record<string, string>;
    /** Whether the metadata log directory holds meta.properties (a formatted volume). */
    formatted: boolean;
}

/** Runs `kafka-node.sh format` as the pool's format-storage init container would. */
function runFormat(role: NodeRole, pod: string, r: FormatRun) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "format-guard-"));
    dirs.push(dir);
    const { pool, container } = formatContainer(role);
    const env = Object.fromEntries((container.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
    // The volume, its log dir (log.dirs as rendered, moved into the sandbox) and maybe meta.properties.
    const logDir = path.join(dir, "data", "logs");
    fs.mkdirSync(logDir, { recursive: true });
    if (r.formatted) fs.writeFileSync(path.join(logDir, "meta.properties"), `version=1\ncluster.id=${CLUSTER_ID}\n`);
    const template = path.join(dir, "server.properties");
    assert.match(pool.serverProperties, /^log\.dirs=\/var\/lib\/kafka\/data\/logs$/m);
    fs.writeFileSync(template, pool.serverProperties.replace(/^log\.dirs=.*$/m, `log.dirs=${logDir}`));
    // An optional ConfigMap volume whose ConfigMap is missing is an empty directory.
    const markerDir = path.join(dir, "marker");
    fs.mkdirSync(markerDir);
    for (const [f, v] of Object.entries(r.marker ?? {})) fs.writeFileSync(path.join(markerDir, f), v);
    const cluster = new FakeCluster();
    // The stub's view of the same volume: formatted already or not.
    if (r.formatted) fs.writeFileSync(path.join(cluster.dir, "formatted"), `${CLUSTER_ID}\n`);
    const result = spawnSync("bash", [path.join(SCRIPTS_DIR, SCRIPT.kafkaNode), ...container.command.slice(2)], {
        encoding: "utf8",
        env: {
            PATH: process.env.PATH,
            ...env,
            ...(env.BOOTSTRAP_MARKER_DIR !== undefined ? { BOOTSTRAP_MARKER_DIR: markerDir } : {}),
            CONFIG_TEMPLATE: template,
            CONFIG_FILE: path.join(dir, "run", "server.properties"),
            ...(env.RACK_FILE !== undefined ? { RACK_FILE: path.join(dir, "run", "zone") } : {}),
            BIN_DIR: bin,
            POD_NAME: pod,
            CLUSTER_ID,
            ...cluster.env("4.3.1"),
        },
        timeout: 20000,
    });
    const formattedBy = cluster.calls().find((c) => c[0] === "kafka-storage.sh")?.slice(1);
    return { result, formattedBy, logDir, env };
}

const marker = (reformatNodes: string[] = []) => {
    const spec = bootstrapMarkerSpec({ cluster: "kafka", namespace: "data", component: "kafka-controller", reformatNodes, reformatKey: "kafka-eks:kafka.kraft.reformatNodes" });
    return spec.data;
};

describe("format: a quorum voter that lost its volume", () => {
    for (const [role, pod] of [["kraft-controller", "kafka-controller-1"], ["kraft-combined", "events-broker-1"]] as const) {
        it(`${role}: after bootstrap, an empty metadata log is refused with the pod, the directory and the recovery`, () => {
            const { result, formattedBy, logDir, env } = runFormat(role, pod, { marker: marker(), formatted: false });
            assert.equal(env.BOOTSTRAP_MARKER_DIR, "/etc/kafka-eks-bootstrapped", "the container points the script at the marker mount");
            assert.notEqual(result.status, 0);
            assert.equal(formattedBy, undefined, "kafka-storage.sh must not run");
            assert.match(result.stderr, new RegExp(`refusing to format ${logDir} on ${pod}: the cluster has bootstrapped`));
            assert.match(result.stderr, /no meta\.properties, so its volume was lost or replaced/);
            assert.match(result.stderr, /kafka-metadata-quorum\.sh --bootstrap-controller <healthy voter>:9093 describe --replication/);
            assert.match(result.stderr, new RegExp(`set kafka-eks:kafka\\.kraft\\.reformatNodes to include "${pod}" and run pulumi up`));
        });

        it(`${role}: a formatted volume, the first bootstrap (no marker yet) and a listed pod all format`, () => {
            for (const run of [{ marker: marker(), formatted: true }, { formatted: false }, { marker: marker(["kafka-controller-0", pod]), formatted: false }]) {
                const { result, formattedBy } = runFormat(role, pod, run);
                assert.equal(result.status, 0, result.stderr);
                assert.deepEqual(formattedBy?.slice(0, 2), ["format", `--cluster-id=${CLUSTER_ID}`], JSON.stringify(run));
            }
            const listed = runFormat(role, pod, { marker: marker([pod]), formatted: false });
            assert.match(listed.result.stderr, new RegExp(`formatting the empty metadata log directory .* because kafka-eks:kafka\\.kraft\\.reformatNodes lists it; remove it`));
        });

        it(`${role}: another pod's override does not cover this one (whole-line match)`, () => {
            const { result, formattedBy } = runFormat(role, pod, { marker: marker([`${pod}0`, pod.slice(0, -1)]), formatted: false });
            assert.notEqual(result.status, 0);
            assert.equal(formattedBy, undefined);
        });
    }

    it("dedicated brokers hold no quorum state: no marker, they format an empty volume and re-replicate", () => {
        const { spec, container } = formatContainer("kraft-broker");
        assert.equal((container.env ?? []).some((e) => e.name === "BOOTSTRAP_MARKER_DIR"), false);
        assert.equal(spec.volumes.some((v: { name: string }) => v.name === "bootstrapped"), false);
        const { result, formattedBy } = runFormat("kraft-broker", "kafka-broker-0", { marker: marker(), formatted: false });
        assert.equal(result.status, 0, result.stderr);
        assert.ok(formattedBy);
    });

    it("voters mount the marker ConfigMap optionally (absent before the first successful deploy), read-only, where the env says", () => {
        for (const role of ["kraft-controller", "kraft-combined"] as const) {
            const { spec, container } = formatContainer(role);
            const volume = spec.volumes.find((v: { name: string }) => v.name === "bootstrapped");
            assert.deepEqual(volume.configMap, { name: role === "kraft-combined" ? "events-bootstrapped" : "kafka-bootstrapped", optional: true, defaultMode: 0o444 });
            assert.deepEqual(container.volumeMounts!.find((m) => m.name === "bootstrapped"), { name: "bootstrapped", mountPath: "/etc/kafka-eks-bootstrapped", readOnly: true });
            // Only the format step reads it: the node container does not mount it.
            assert.equal(spec.containers[0].volumeMounts.some((m: { name: string }) => m.name === "bootstrapped"), false);
        }
    });
});

describe("the bootstrap marker on the rendered stacks", () => {
    const nameOf = (r: RenderedResource) => input<string>(r, "metadata.name");
    let prod: RenderedResource[];
    before(async () => ({ resources: prod } = await renderStack("prod")));

    it("prod (KRaft): created after both StatefulSets and the smoke test, listing no pod by default", () => {
        const [cm] = kubernetesObjects(prod, "ConfigMap").filter((r) => nameOf(r) === "kafka-bootstrapped");
        assert.ok(cm, "ConfigMap kafka-bootstrapped");
        const data = input<Record<string, string>>(cm, "data");
        assert.equal(data[BOOTSTRAP_MARKER_FILES.reformatNodes], "");
        assert.equal(data[BOOTSTRAP_MARKER_FILES.reformatKey], "kafka-eks:kafka.kraft.reformatNodes");
        assert.match(data[BOOTSTRAP_MARKER_FILES.bootstrapped], /deployed successfully/);
        for (const sts of kubernetesObjects(prod, "StatefulSet")) assert.ok(cm.dependencies.includes(sts.urn), `after ${nameOf(sts)}`);
        const smoke = kubernetesObjects(prod, "Job").find((j) => nameOf(j).startsWith("kafka-smoke-test-"))!;
        assert.ok(cm.dependencies.includes(smoke.urn), "after the smoke test");
    });

    it("reformatNodes reaches the marker (no pod template change, so nothing rolls); dev (ZooKeeper mode) has a marker too", async () => {
        const kafka = { ...stackSection("prod", "kafka"), kraft: { topology: "dedicated", controllers: 3, reformatNodes: ["kafka-controller-2"] } };
        const { resources } = await renderStack("prod", { kafka });
        const cm = kubernetesObjects(resources, "ConfigMap").find((r) => nameOf(r) === "kafka-bootstrapped")!;
        assert.equal(input<Record<string, string>>(cm, "data")[BOOTSTRAP_MARKER_FILES.reformatNodes], "kafka-controller-2\n");
        const template = (rs: RenderedResource[]) => JSON.stringify(kubernetesObjects(rs, "StatefulSet").map((s) => input(s, "spec.template")));
        assert.equal(template(resources), template(prod));
        const { resources: dev } = await renderStack("dev");
        const devMarker = kubernetesObjects(dev, "ConfigMap").find((r) => nameOf(r) === "kafka-bootstrapped")!;
        assert.equal(input<Record<string, string>>(devMarker, "metadata.labels")["app.kubernetes.io/component"], "kafka-broker");
    });
});

describe("config: kafka.kraft.reformatNodes", () => {
    it("accepts the cluster's voters and rejects anything else with the key and the valid names", () => {
        assert.deepEqual(kraftDedicated({ kraft: { topology: "dedicated", controllers: 3, reformatNodes: ["kafka-controller-2"] } }).kafka.kraft.reformatNodes, ["kafka-controller-2"]);
        assert.deepEqual(kraftCombined({ kraft: { topology: "combined", reformatNodes: ["events-broker-0"] } }).kafka.kraft.reformatNodes, ["events-broker-0"]);
        assert.throws(
            () => kraftDedicated({ kraft: { topology: "dedicated", controllers: 3, reformatNodes: ["kafka-broker-0", "kafka-controller-3"] } }),
            (e: Error) =>
                /kafka-eks:kafka\.kraft\.reformatNodes\[0\].*"kafka-broker-0" is not a quorum voter of this cluster: must be one of kafka-controller-0, kafka-controller-1, kafka-controller-2/.test(e.message) &&
                /reformatNodes\[1\].*"kafka-controller-3"/.test(e.message),
        );
    });

    it("lets one voter at a time start empty (never the only one), and names each voter once", () => {
        assert.throws(
            () => kraftDedicated({ kraft: { topology: "dedicated", controllers: 3, reformatNodes: ["kafka-controller-0", "kafka-controller-1"] } }),
            (e: Error) => /kafka-eks:kafka\.kraft\.reformatNodes = \["kafka-controller-0","kafka-controller-1"\]: lists 2 of the 3 voters: one may format an empty log at a time/.test(e.message),
        );
        // Even in a quorum of 5: two empty voters and one lagging can outvote the committed log.
        assert.throws(
            () => kraftDedicated({ kraft: { topology: "dedicated", controllers: 5, reformatNodes: ["kafka-controller-1", "kafka-controller-3"] } }),
            (e: Error) => /lists 2 of the 5 voters: one may format an empty log at a time/.test(e.message),
        );
        assert.throws(
            () => kraftDedicated({ kraft: { topology: "dedicated", controllers: 3, reformatNodes: ["kafka-controller-2", "kafka-controller-2"] } }),
            (e: Error) => /kafka-eks:kafka\.kraft\.reformatNodes\[1\] = "kafka-controller-2": "kafka-controller-2" is listed twice: list each voter once/.test(e.message),
        );
        assert.deepEqual(kraftDedicated({ kraft: { topology: "dedicated", controllers: 5, reformatNodes: ["kafka-controller-3"] } }).kafka.kraft.reformatNodes, ["kafka-controller-3"]);
        assert.throws(() => kraftDedicated({ kraft: { topology: "dedicated", controllers: 1, reformatNodes: ["kafka-controller-0"] } }), (e: Error) => /lists the only voter/.test(e.message));
    });
});
