import { strict as assert } from "assert";
import { input, renderStack } from "../harness";

type Probe = { periodSeconds?: number; failureThreshold?: number };
const minutes = (t: string | undefined) => Number(/^(\d+)m$/.exec(t ?? "")?.[1] ?? 0);

/**
 * Pulumi waits for a StatefulSet rollout and gives up after its timeout (10 minutes unless
 * set). Each broker may take its grace period to stop and its startup budget to recover its
 * logs, one at a time: a shorter wait fails `pulumi up` in the middle of a healthy roll.
 */
describe("StatefulSet rollout timeouts", () => {
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: Pulumi waits at least as long as the pods are allowed to take`, async () => {
            const sets = (await renderStack(stack)).resources.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet");
            assert.ok(sets.length >= 2);
            for (const s of sets) {
                const pod = input<{ terminationGracePeriodSeconds: number; containers: Array<{ startupProbe?: Probe }> }>(s, "spec.template.spec");
                const startup = Math.max(...pod.containers.map((c) => (c.startupProbe?.periodSeconds ?? 10) * (c.startupProbe?.failureThreshold ?? 0)));
                const roll = input<number>(s, "spec.replicas") * (pod.terminationGracePeriodSeconds + startup);
                assert.ok(minutes(s.customTimeouts?.create) * 60 >= startup, `${s.name}: create ${s.customTimeouts?.create} < startup budget ${startup}s`);
                assert.ok(minutes(s.customTimeouts?.update) * 60 >= roll, `${s.name}: update ${s.customTimeouts?.update} < rolling restart ${roll}s`);
            }
        });
    }
});
