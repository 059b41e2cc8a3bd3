import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLIENT_PROPERTIES, CONSUMER_SCRIPT } from "../../components/autoscaling/consumer-script";
import { consumerDeployment, consumerEnv } from "../../components/autoscaling/consumer-workload-spec";
import { PLAINTEXT, SASL_SSL, podTemplate } from "./fixtures";

const workload = {
    name: "orders-consumer",
    cluster: "kafka",
    topic: "orders",
    group: "orders-processor",
    image: "apache/kafka:3.9.2",
    processingDelayMs: 10,
    resources: { cpu: "100m", memoryMiB: 512, heapMiB: 256 },
};

/** Runs the script with a fake kafka-console-consumer that prints its args and three records. */
function runScript(env: Record<string, string>): { props: string; args: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "consumer-"));
    const fake = path.join(dir, "kafka-console-consumer.sh");
    fs.writeFileSync(fake, `#!/bin/sh\necho "$@" > ${dir}/args\nprintf 'a\\nb\\nc\\n'\n`, { mode: 0o755 });
    const props = path.join(dir, "client.properties");
    const script = CONSUMER_SCRIPT.replace("/opt/kafka/bin/kafka-console-consumer.sh", fake).replace(CLIENT_PROPERTIES, props);
    execFileSync("/bin/sh", ["-c", script], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, timeout: 10000 });
    return { props: fs.readFileSync(props, "utf8"), args: fs.readFileSync(path.join(dir, "args"), "utf8").trim() };
}

function envOf(client: typeof PLAINTEXT): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of consumerEnv({ ...workload, client })) out[e.name as string] = (e.value as string | undefined) ?? `secret:${JSON.stringify(e.valueFrom)}`;
    return out;
}

describe("example consumer", () => {
    it("PLAINTEXT: writes security.protocol only and runs the consumer in its group", () => {
        const { props, args } = runScript(envOf(PLAINTEXT));
        assert.equal(props, "security.protocol=PLAINTEXT\n");
        assert.match(args, /^--bootstrap-server kafka-bootstrap\.kafka\.svc\.cluster\.local:9092 --topic orders --group orders-processor --consumer\.config \S+client\.properties --consumer-property max\.poll\.records=50$/);
    });

    it("SASL_SSL: SCRAM JAAS line from the secret env, PEM truststore from the mounted CA", () => {
        const env = { ...envOf(SASL_SSL), CLIENT_SASL_USERNAME: "svc", CLIENT_SASL_PASSWORD: "p4ss" };
        const { props } = runScript(env);
        assert.equal(
            props,
            [
                "security.protocol=SASL_SSL",
                "sasl.mechanism=SCRAM-SHA-512",
                'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="svc" password="p4ss";',
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=/etc/kafka-ca/ca.crt",
                "",
            ].join("\n"),
        );
    });

    it("credentials come from secretKeyRef, never literal env values", () => {
        const env = consumerEnv({ ...workload, client: SASL_SSL });
        for (const name of ["CLIENT_SASL_USERNAME", "CLIENT_SASL_PASSWORD"]) {
            const e = env.find((x) => x.name === name)!;
            assert.equal(e.value, undefined);
            assert.ok(e.valueFrom, name);
        }
    });

    it("the Deployment mounts the CA read-only and /tmp as the only writable path", () => {
        const d = consumerDeployment({ ...workload, client: SASL_SSL });
        const pod = podTemplate<{ volumes: unknown[]; containers: Array<{ volumeMounts: unknown[]; securityContext: { readOnlyRootFilesystem: boolean } }> }>(d).spec;
        assert.deepEqual(pod.volumes, [
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
            { name: "kafka-ca", secret: { secretName: "kafka-ca" } },
        ]);
        assert.deepEqual(pod.containers[0].volumeMounts, [
            { name: "tmp", mountPath: "/tmp" },
            { name: "kafka-ca", mountPath: "/etc/kafka-ca", readOnly: true },
        ]);
        assert.equal(pod.containers[0].securityContext.readOnlyRootFilesystem, true);
        assert.equal((d.spec as { replicas?: number }).replicas, undefined);
    });
});
