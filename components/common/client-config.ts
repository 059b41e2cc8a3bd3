/**
 * KafkaClientSettings → what a client pod needs to write its client.properties: env, volumes,
 * mounts and the shell wrapper (scripts/client-properties.sh) that writes the file and execs the
 * real command. Used by every client pod the project runs (topic Jobs, smoke test, example
 * consumer), so they cannot disagree about SASL or TLS. Credentials reach the pod only as mounted
 * Secret files; the env carries paths. Plain objects, usable in any pod spec builder.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { KafkaClientSettings } from "./client";

/**
 * A Kafka client's properties, line by line, in the order scripts/client-properties.sh writes them
 * (a test runs the script and compares): the one definition of what a client of this cluster sets.
 * The user Secrets carry it ready-made (`client.properties`); the project's pods write it at start
 * from their mounted Secret files. `sasl.jaas.config` is the SCRAM login (ScramLoginModule, clients/
 * src/main/java/org/apache/kafka/common/security/scram/ScramLoginModule.java at 3.9.2 and 4.3.1);
 * the truststore is the PEM CA file itself (ssl.truststore.type=PEM, no password: DefaultSslEngineFactory.java
 * at 4.3.1 :317-321 refuses one).
 */
export interface ClientPropertiesInput {
    securityProtocol: KafkaClientSettings["securityProtocol"];
    sasl?: { mechanism: string; username: string; password: string };
    /** Path of the PEM CA file, with SSL / SASL_SSL. */
    caFile?: string;
}

/** The JAAS line a SCRAM client logs in with (the value of `sasl.jaas.config`). */
export function scramJaasConfig(username: string, password: string): string {
    // Quoted values: a quote, backslash or line break would break (or inject into) the line.
    for (const v of [username, password]) if (/["\\\n\r]/.test(v)) throw new Error("SASL credentials must not contain quotes, backslashes or line breaks");
    return `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`;
}

export function clientPropertiesText(c: ClientPropertiesInput): string {
    const sasl = c.securityProtocol.startsWith("SASL_");
    const tls = c.securityProtocol === "SSL" || c.securityProtocol === "SASL_SSL";
    const lines = [`security.protocol=${c.securityProtocol}`];
    if (sasl) {
        if (c.sasl === undefined) throw new Error(`clientPropertiesText: ${c.securityProtocol} needs SASL credentials`);
        lines.push(`sasl.mechanism=${c.sasl.mechanism}`, `sasl.jaas.config=${scramJaasConfig(c.sasl.username, c.sasl.password)}`);
    }
    if (tls) {
        if (c.caFile === undefined) throw new Error(`clientPropertiesText: ${c.securityProtocol} needs a CA file`);
        lines.push("ssl.truststore.type=PEM", `ssl.truststore.location=${c.caFile}`);
    }
    return lines.map((l) => `${l}\n`).join("");
}

/**
 * Where a KafkaUser's Secret is meant to be mounted, whole: its `client.properties` names
 * `ca.crt` there, so `--command-config /etc/kafka-user/client.properties` works as it is.
 */
export const USER_SECRET_MOUNT_PATH = "/etc/kafka-user";

/** File name of the wrapper (also its key in the ConfigMaps that ship it). */
export const CLIENT_PROPERTIES_SCRIPT = "client-properties.sh";
export const CLIENT_PROPERTIES_SCRIPT_PATH = path.join(__dirname, "scripts", CLIENT_PROPERTIES_SCRIPT);
/** Where the file is written by default: /tmp is the writable emptyDir of every client pod. */
export const DEFAULT_CLIENT_PROPERTIES = "/tmp/client.properties";

/** Mount points of the client's Secrets. */
export const CLIENT_SECRET_PATHS = { sasl: "/etc/kafka-client/sasl", ca: "/etc/kafka-client/ca" } as const;
const VOLUME = { sasl: "kafka-client-sasl", ca: "kafka-client-ca" } as const;

export interface PlainEnvVar {
    name: string;
    value: string;
}
export interface SecretVolume {
    name: string;
    secret: { secretName: string; items: { key: string; path: string }[]; defaultMode: number };
}
export interface ReadOnlyMount {
    name: string;
    mountPath: string;
    readOnly: true;
}

export interface ClientConfigParts {
    env: PlainEnvVar[];
    volumes: SecretVolume[];
    volumeMounts: ReadOnlyMount[];
}

/** The wrapper script's text (a build must copy components/common/scripts/ beside the compiled module). */
export function clientPropertiesScript(): string {
    return fs.readFileSync(CLIENT_PROPERTIES_SCRIPT_PATH, "utf8");
}

/** Env, Secret volumes and mounts for writing `propertiesFile` from `client`. */
export function clientConfigParts(client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">, propertiesFile = DEFAULT_CLIENT_PROPERTIES): ClientConfigParts {
    const env: PlainEnvVar[] = [
        { name: "CLIENT_PROPERTIES", value: propertiesFile },
        { name: "SECURITY_PROTOCOL", value: client.securityProtocol },
    ];
    const volumes: SecretVolume[] = [];
    const volumeMounts: ReadOnlyMount[] = [];
    // 0440 + the pod's fsGroup: readable by the (non-root) client user, nobody else.
    const mode = 0o440;
    if (client.sasl !== undefined) {
        const s = client.sasl;
        env.push(
            { name: "SASL_MECHANISM", value: s.mechanism },
            { name: "SASL_USERNAME_FILE", value: `${CLIENT_SECRET_PATHS.sasl}/username` },
            { name: "SASL_PASSWORD_FILE", value: `${CLIENT_SECRET_PATHS.sasl}/password` },
        );
        volumes.push({ name: VOLUME.sasl, secret: { secretName: s.secretName, items: [{ key: s.usernameKey, path: "username" }, { key: s.passwordKey, path: "password" }], defaultMode: mode } });
        volumeMounts.push({ name: VOLUME.sasl, mountPath: CLIENT_SECRET_PATHS.sasl, readOnly: true });
    }
    if (client.tls !== undefined) {
        env.push({ name: "CA_FILE", value: `${CLIENT_SECRET_PATHS.ca}/ca.crt` });
        volumes.push({ name: VOLUME.ca, secret: { secretName: client.tls.caSecretName, items: [{ key: client.tls.caKey, path: "ca.crt" }], defaultMode: mode } });
        volumeMounts.push({ name: VOLUME.ca, mountPath: CLIENT_SECRET_PATHS.ca, readOnly: true });
    }
    return { env, volumes, volumeMounts };
}

/** Argv that writes the client properties and then execs `command`, with the wrapper at `scriptPath`. */
export function withClientProperties(scriptPath: string, command: string[]): string[] {
    return ["sh", scriptPath, ...command];
}

/** Same, with the wrapper inline (for pods without a ConfigMap): `sh -c <wrapper> client-properties <command…>`. */
export function withInlineClientProperties(command: string[]): string[] {
    return ["/bin/sh", "-c", clientPropertiesScript(), "client-properties", ...command];
}
