import { strict as assert } from "assert";
import * as path from "path";
import { REPO_ROOT, renderStack, runProgram, stackSection } from "../harness";

/**
 * The harness evaluates each (stack, options) once per test process and shares the result:
 * frozen, so no test can change what another sees, and without loading the program's modules
 * again (under ts-node that would transpile every file again).
 */
describe("test harness: shared evaluations", () => {
    it("evaluates a stack once and hands every caller the same result", async () => {
        const [a, b] = await Promise.all([renderStack("dev"), renderStack("dev")]);
        assert.equal(a, b);
        assert.equal(await renderStack("dev", {}), await renderStack("dev", {}));
    });

    it("freezes shared results all the way down", async () => {
        const { resources } = await renderStack("dev");
        const configMap = resources.find((r) => r.inputs.kind === "ConfigMap")!;
        assert.throws(() => (resources as unknown[]).push({}), TypeError);
        assert.throws(() => Object.assign(configMap.inputs, { kind: "Secret" }), TypeError);
        assert.throws(() => ((configMap.inputs.metadata as Record<string, unknown>).name = "other"), TypeError);
    });

    it("keys by the options, key order aside; a removed section differs from an absent one", async () => {
        const kafka = stackSection("dev", "kafka")!;
        const renamed = { kafka: { ...kafka, name: "kafka2" } };
        const reordered = { kafka: Object.fromEntries(Object.entries(renamed.kafka).reverse()) };
        assert.equal(await renderStack("dev", renamed), await renderStack("dev", reordered));
        assert.notEqual(await renderStack("dev", renamed), await renderStack("dev"));
        assert.notEqual(await renderStack("dev", { manager: undefined }), await renderStack("dev", {}));
    });

    it("one evaluation whether the options leave overrides and preview out, empty or false", async () => {
        const plain = await runProgram({ stack: "dev" });
        assert.equal(await renderStack("dev"), plain);
        assert.equal(await renderStack("dev", {}), plain);
        assert.equal(await runProgram({ stack: "dev", overrides: undefined, preview: false }), plain);
        assert.notEqual(await runProgram({ stack: "dev", preview: true }), plain);
    });

    it("shares a failed evaluation's error too", async () => {
        const invalid = { zookeeper: { replicas: 4 } };
        const first = await renderStack("dev", invalid).then(() => undefined, (e: unknown) => e);
        assert.ok(first instanceof Error, "an even ZooKeeper ensemble must be refused");
        await assert.rejects(renderStack("dev", invalid), (e: unknown) => e === first);
    });

    it("re-runs the entry program without loading its modules again", async () => {
        const components = require.resolve(path.join(REPO_ROOT, "components"));
        await renderStack("prod");
        const loaded = require.cache[components];
        assert.ok(loaded, "the program's modules are loaded by an evaluation");
        await renderStack("prod", { smokeTest: { enabled: false } });
        assert.equal(require.cache[components], loaded);
    });

    it("restores the stack-trace formatter after an evaluation", async () => {
        const before = Error.prepareStackTrace;
        await runProgram({ stack: "dev", overrides: { smokeTest: { enabled: false } }, onRegister: () => undefined });
        assert.equal(Error.prepareStackTrace, before);
    });

    it("skips the SDK's promise stacks during overlapping evaluations, and restores the SDK and the formatter after the last", async () => {
        const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise: unknown };
        const [sdk, formatter] = [debuggable.debuggablePromise, Error.prepareStackTrace];
        const stacks: string[] = [];
        const watch = () => {
            const p = Promise.resolve();
            (debuggable.debuggablePromise as (p: Promise<void>, ctx: string) => void)(p, "probe");
            stacks.push((p as unknown as { _debugStackTrace: string })._debugStackTrace);
        };
        // The first one ends first: the second must still run without the stacks.
        const first = runProgram({ stack: "dev", overrides: { smokeTest: { enabled: false } }, onRegister: watch });
        const second = runProgram({ stack: "prod", overrides: { smokeTest: { enabled: false } }, onRegister: watch });
        await Promise.all([first, second]);
        assert.ok(stacks.length > 100 && stacks.every((s) => s === "Error"), `stacks taken: ${stacks.filter((s) => s !== "Error").length}`);
        assert.equal(debuggable.debuggablePromise, sdk);
        assert.equal(Error.prepareStackTrace, formatter);
    });
});
