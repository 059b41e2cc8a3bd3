/** The consumer-lag exporter's pod: how it authenticates, and that no secret value is in its spec. */
import * as assert from "node:assert/strict";
import { clientAs } from "../../components/common/client";
import { clientSecurity } from "../../components/kafka/security";
import { LAG_EXPORTER_IMAGE, lagExporterSpecs } from "../../components/observability/lag-exporter-spec";
import { METRICS_PORTS } from "../../components/observability/endpoints";
import { plain } from "../kafka/fixtures";

const bootstrapServers = "kafka-bootstrap.kafka.svc.cluster.local:9092";
const spec = (authentication: "none" | "scram-sha-512", tls: boolean) =>
    plain(
        lagExporterSpecs({
            cluster: "kafka",
            client: { ...clientAs({ bootstrapServers, namespace: "kafka", ...clientSecurity("kafka", { authentication, tls }) }, { secretName: "kafka-user-kafka-exporter" }), bootstrapServers },
            kafkaVersion: "4.3.1",
            scrapeAnnotations: false,
        }),
    );

describe("metrics: consumer-lag exporter", () => {
    it("SASL_SSL: SCRAM-SHA-512 as its own user, the CA from kafka-ca, credentials as @file arguments read from the mounted Secret", () => {
        const s = spec("scram-sha-512", true);
        const pod = s.deployment.spec.template.spec;
        const c = pod.containers[0];
        assert.equal(c.image, LAG_EXPORTER_IMAGE);
        const args: string[] = c.args;
        assert.ok(args.includes(`--kafka.server=${bootstrapServers}`) && args.includes("--sasl.enabled") && args.includes("--sasl.mechanism=scram-sha512") && args.includes("--tls.enabled"));
        // kingpin expands an argument "@<file>" into the file's lines: the flag's value is the file content.
        const valueOf = (flag: string) => args[args.indexOf(flag) + 1];
        const mounts = new Map<string, string>(c.volumeMounts.map((m: { name: string; mountPath: string }) => [m.name, m.mountPath]));
        assert.equal(valueOf("--sasl.password"), `@${mounts.get("credentials")}/password`);
        assert.equal(valueOf("--sasl.username"), `@${mounts.get("credentials")}/username`);
        const creds = pod.volumes.find((v: { name: string }) => v.name === "credentials").secret;
        assert.equal(creds.secretName, "kafka-user-kafka-exporter");
        assert.deepEqual(creds.items.map((i: { path: string }) => i.path).sort(), ["password", "username"]);
        assert.ok(args.includes(`--tls.ca-file=${mounts.get("ca")}/ca.crt`));
        assert.equal(pod.volumes.find((v: { name: string }) => v.name === "ca").secret.secretName, "kafka-ca");
        assert.ok(!JSON.stringify(s).includes("secretKeyRef"), "no secret value is expanded into the spec or the arguments");
    });

    it("PLAINTEXT (dev): no SASL or TLS flags, no secret volumes; metrics on the lag exporter port", () => {
        const s = spec("none", false);
        const c = s.deployment.spec.template.spec.containers[0];
        assert.ok(!c.args.some((a: string) => a.startsWith("--sasl") || a.startsWith("--tls")));
        assert.deepEqual(s.deployment.spec.template.spec.volumes, []);
        assert.ok(c.args.includes(`--web.listen-address=:${METRICS_PORTS.lagExporter}`));
        assert.equal(s.service.spec.ports[0].port, METRICS_PORTS.lagExporter);
    });
});
