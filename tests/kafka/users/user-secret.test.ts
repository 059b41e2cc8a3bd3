/**
 * A user's Secret in its clients' namespace is ready to use (issue #11 item 2): username, password,
 * CA, the JAAS line and a client.properties that parses, names the user and trusts the CA where
 * the Secret is mounted. Its properties are the ones the project's own pods write
 * (scripts/client-properties.sh), from one definition (clientPropertiesText).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CLIENT_PROPERTIES_SCRIPT_PATH, clientPropertiesText, ClientPropertiesInput, USER_SECRET_MOUNT_PATH } from "../../../components/common/client-config";
import { parseProperties } from "../../../components/kafka/broker-config";
import { runProgram } from "../../harness";

type SecretView = { namespace: string; data: Record<string, string> };
const PROGRAM = path.join(__dirname, "user-secret-program.ts");

describe("a user's Secret for its clients", function () {
    this.timeout(120000);
    let clientSecrets: Record<string, SecretView>;
    let jobSecrets: Record<string, SecretView>;
    let renderedKeys: Map<string, Record<string, unknown>>;
    let rendered: string;
    before(async () => {
        const result = await runProgram({ stack: "test", config: {}, program: PROGRAM });
        rendered = JSON.stringify(result.resources);
        ({ clientSecrets, jobSecrets } = result.outputs as { clientSecrets: Record<string, SecretView>; jobSecrets: Record<string, SecretView> });
        renderedKeys = new Map(
            result.resources
                .filter((r) => r.type === "kubernetes:core/v1:Secret")
                .map((r) => [`${(r.inputs.metadata as { namespace: string }).namespace}/${(r.inputs.metadata as { name: string }).name}`, r.inputs.stringData as Record<string, unknown>]),
        );
    });

    it("lands in the user's namespace with username, password, ca.crt, sasl.jaas.config and client.properties", () => {
        const s = clientSecrets.billing;
        assert.equal(s.namespace, "billing");
        assert.deepEqual(Object.keys(s.data).sort(), ["ca.crt", "client.properties", "password", "sasl.jaas.config", "username"]);
        assert.match(s.data["ca.crt"], /^-----BEGIN CERTIFICATE-----/);
    });

    it("client.properties parses: SASL_SSL, SCRAM-SHA-512 as the user with its password, PEM CA at the mount path", () => {
        const { data } = clientSecrets.billing;
        const props = parseProperties(data["client.properties"]);
        assert.deepEqual([...props.keys()].sort(), ["sasl.jaas.config", "sasl.mechanism", "security.protocol", "ssl.truststore.location", "ssl.truststore.type"]);
        assert.equal(props.get("security.protocol"), "SASL_SSL");
        assert.equal(props.get("sasl.mechanism"), "SCRAM-SHA-512");
        assert.equal(props.get("ssl.truststore.type"), "PEM");
        assert.equal(props.get("ssl.truststore.location"), `${USER_SECRET_MOUNT_PATH}/ca.crt`);
        assert.equal(props.get("sasl.jaas.config"), data["sasl.jaas.config"]);
        assert.equal(data["sasl.jaas.config"], `org.apache.kafka.common.security.scram.ScramLoginModule required username="billing" password="${data.password}";`);
        assert.ok(data.password.length > 0);
    });

    it("a user of the Kafka namespace has the same keys in its one Secret; the Job's copy of an application user has only the login", () => {
        assert.equal(clientSecrets["topic-manager"].namespace, "kafka");
        assert.deepEqual(Object.keys(clientSecrets["topic-manager"].data).sort(), ["ca.crt", "client.properties", "password", "sasl.jaas.config", "username"]);
        assert.deepEqual(Object.keys(jobSecrets.billing.data).sort(), ["password", "username"]);
        assert.equal(jobSecrets.billing.namespace, "kafka");
    });

    it("the render masks every value of these Secrets, the password and the properties included", () => {
        for (const user of ["billing", "topic-manager"]) assert.ok(!rendered.includes(clientSecrets[user].data.password), `${user}'s password appears in the render`);
        for (const key of ["billing/kafka-user-billing", "kafka/kafka-user-topic-manager", "kafka/kafka-user-billing"]) {
            const data = renderedKeys.get(key);
            assert.ok(data, key);
            for (const [k, v] of Object.entries(data)) assert.equal(v, "[secret]", `${key} ${k}`);
        }
    });

    describe("clientPropertiesText is what client-properties.sh writes", () => {
        const run = (c: ClientPropertiesInput): string => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "client-props-"));
            const env: Record<string, string> = { PATH: process.env.PATH ?? "/usr/bin:/bin", CLIENT_PROPERTIES: path.join(dir, "client.properties"), SECURITY_PROTOCOL: c.securityProtocol };
            if (c.sasl) {
                fs.writeFileSync(path.join(dir, "username"), c.sasl.username);
                fs.writeFileSync(path.join(dir, "password"), c.sasl.password);
                Object.assign(env, { SASL_MECHANISM: c.sasl.mechanism, SASL_USERNAME_FILE: path.join(dir, "username"), SASL_PASSWORD_FILE: path.join(dir, "password") });
            }
            if (c.caFile) {
                fs.writeFileSync(c.caFile, "-----BEGIN CERTIFICATE-----\n");
                env.CA_FILE = c.caFile;
            }
            execFileSync("sh", [CLIENT_PROPERTIES_SCRIPT_PATH, "true"], { env });
            return fs.readFileSync(env.CLIENT_PROPERTIES, "utf8");
        };
        const sasl = { mechanism: "SCRAM-SHA-512", username: "billing", password: "s3cretPassw0rd" };
        for (const securityProtocol of ["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL", "SSL"] as const) {
            it(securityProtocol, () => {
                const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "client-ca-")), "ca.crt");
                const input: ClientPropertiesInput = { securityProtocol, ...(securityProtocol.startsWith("SASL") ? { sasl } : {}), ...(securityProtocol.endsWith("SSL") ? { caFile } : {}) };
                assert.equal(run(input), clientPropertiesText(input));
            });
        }
    });
});
