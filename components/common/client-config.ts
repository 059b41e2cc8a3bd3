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
