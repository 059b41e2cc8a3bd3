import { strict as assert } from "assert";
import YAML from "yaml";
import { RenderedResource, input, renderStack } from "../harness";

/** Kafka logs to stdout only: its own file appenders roll hourly and never delete (node disk fills). */
describe("Kafka logging", () => {
    for (const [stack, file] of [["dev", "log4j.properties"], ["prod", "log4j2.yaml"]] as const) {
        describe(`${stack} (${file})`, () => {
            let resources: RenderedResource[];
            before(async () => ({ resources } = await renderStack(stack)));

            it("points every Kafka container at a console-only config shipped in its ConfigMap", () => {
                const sets = resources.filter((r) => r.inputs.kind === "StatefulSet" && !String(input(r, "metadata.name")).endsWith("zookeeper"));
                assert.ok(sets.length >= 1);
                for (const s of sets) {
                    const container = input<Array<{ name: string; env: Array<{ name: string; value?: string }>; volumeMounts: Array<{ name: string; mountPath: string }> }>>(s, "spec.template.spec.containers").find((c) => c.name === "kafka")!;
                    const opts = container.env.find((e) => e.name === "KAFKA_LOG4J_OPTS")?.value ?? "";
                    const path = /=(?:file:)?(\/\S+)$/.exec(opts)?.[1] ?? "";
                    assert.ok(path.endsWith(`/${file}`), `${s.name}: KAFKA_LOG4J_OPTS=${opts}`);
                    const mount = container.volumeMounts.find((m) => path.startsWith(`${m.mountPath}/`))!;
                    const volume = input<Array<{ name: string; configMap?: { name: string } }>>(s, "spec.template.spec.volumes").find((v) => v.name === mount.name)!;
                    const cm = resources.find((r) => r.inputs.kind === "ConfigMap" && input(r, "metadata.name") === volume.configMap!.name)!;
                    const content = (input<Record<string, string>>(cm, "data"))[file];
                    assert.ok(content, `${file} is not in ConfigMap ${volume.configMap!.name}`);
                    if (file === "log4j2.yaml") {
                        const appenders = YAML.parse(content).Configuration.Appenders;
                        assert.deepEqual(Object.keys(appenders), ["Console"]);
                    } else {
                        const appenders = content.split("\n").filter((l) => /^log4j\.appender\.[^.]+=/.test(l)).map((l) => l.split("=")[1]);
                        assert.deepEqual(appenders, ["org.apache.log4j.ConsoleAppender"]);
                    }
                    const appLogs = input<Array<{ name: string; emptyDir?: { sizeLimit?: string } }>>(s, "spec.template.spec.volumes").find((v) => v.name === "app-logs");
                    assert.ok(appLogs?.emptyDir?.sizeLimit, `${s.name}: app-logs has no size limit`);
                }
            });
        });
    }
});
