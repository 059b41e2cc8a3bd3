import { strict as assert } from "assert";
import { input, renderStack, stackSection } from "../harness";

type Container = { name: string; env?: Array<{ name: string }>; volumeMounts?: Array<{ name: string }> };

/** Least privilege: only containers that log in or create users see the users' passwords. */
describe("who mounts the SCRAM credentials (prod, SASL_SSL)", () => {
    const hasCredentials = (c: Container) => (c.volumeMounts ?? []).some((m) => m.name === "credentials") || (c.env ?? []).some((e) => e.name === "SECRETS_DIR");

    for (const topology of ["dedicated", "combined"] as const) {
        it(`${topology}: brokers and the format step do; a dedicated controller's JVM does not`, async () => {
            const { resources } = await renderStack("prod", { kafka: { ...stackSection("prod", "kafka"), kraft: { topology }, ...(topology === "combined" ? { controllerStorageGiB: undefined } : {}) } });
            const sets = resources.filter((r) => r.inputs.kind === "StatefulSet");
            for (const s of sets) {
                const name = input<string>(s, "metadata.name");
                const main = input<Container[]>(s, "spec.template.spec.containers").find((c) => c.name === "kafka")!;
                const format = input<Container[]>(s, "spec.template.spec.initContainers").find((c) => c.name === "format-storage")!;
                assert.ok(hasCredentials(format), `${name}: format step must create the users`);
                assert.equal(hasCredentials(main), name.endsWith("-broker"), `${name}: main container credentials`);
            }
        });
    }
});
