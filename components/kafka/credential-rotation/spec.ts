/**
 * The credential Jobs as data. Rotation is ordered around the broker roll:
 *
 *   passwords, Secrets -> apply Job -> broker StatefulSet rolls -> retire Job
 *
 * `apply` stores the new passwords in Kafka while every running broker still logs in with the
 * old ones (it logs in as whichever inter-broker user still works); the roll then moves the
 * brokers to the new inter-broker user one by one, old and new users both valid; `retire`
 * replaces the left user's password with an unknown value. Each Job's name carries a fingerprint
 * of everything it runs, the passwords included, so a rotation is a new Job Pulumi waits for, and
 * an unchanged deploy runs nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { labels } from "../../common/labels";
import { clusterNames } from "../../common/names";
import { BOOTSTRAP_MARKER_PATH } from "../bootstrap-marker/spec";
import { CliJobManifest, JobMetadata, kafkaCliJob, ResourceRequirements } from "../cli-job";
import { credentialsVolume } from "../kafka-pod";
import { InterBrokerUser, KafkaSecurity, listenerProtocols, otherInterBrokerUser, SECRET_PATHS, TLS_KEYS } from "../security";
import { checksum } from "../workload-parts";

export const CREDENTIALS_SCRIPT = "apply-credentials.sh";
export const CREDENTIALS_SCRIPT_PATH = path.join(__dirname, "scripts", CREDENTIALS_SCRIPT);
export const CREDENTIALS_CONTAINER = "apply-credentials";
/** Bad usage or input: a retry cannot fix it. */
export const CREDENTIALS_PERMANENT_EXIT_CODES = [2];
export type CredentialsPhase = "apply" | "retire";

/** Where the Job mounts the cluster CA. */
const CA_PATH = "/etc/kafka-eks-ca";
/** Memory-backed scratch directory: the login property files hold passwords. */
const WORK_PATH = "/var/run/kafka-eks-credentials";

const RESOURCES: ResourceRequirements = { requests: { cpu: "100m", memory: "512Mi" }, limits: { cpu: "500m", memory: "512Mi" } };
const HEAP_OPTS = "-Xms64m -Xmx256m";

/** The script's text (a build must copy credential-rotation/scripts/ beside the compiled module). */
export function credentialsScript(): string {
    return fs.readFileSync(CREDENTIALS_SCRIPT_PATH, "utf8");
}

export interface CredentialsJobArgs {
    cluster: string;
    namespace: string;
    phase: CredentialsPhase;
    /** apache/kafka image, the brokers' version. */
    image: string;
    /** `<bootstrap service>:9092`. */
    bootstrapServers: string;
    /** Listener security; authentication must be scram-sha-512. */
    security: KafkaSecurity;
    /** Content of apply-credentials.sh (fingerprinted: a script fix runs the Job again). */
    script: string;
    /** Hash of every generated password (ScramCredentials.revision): a rotation runs the Job again. */
    credentialsRevision: string;
    /** Seconds the script keeps retrying while the cluster does not accept a login. Default 300. */
    waitSeconds?: number;
}

export function credentialsConfigMap(a: Pick<CredentialsJobArgs, "cluster" | "namespace" | "script">) {
    const name = clusterNames(a.cluster).credentials;
    return {
        apiVersion: "v1" as const,
        kind: "ConfigMap" as const,
        metadata: { name, namespace: a.namespace, labels: labels(a.cluster, "kafka-credentials", name) } satisfies JobMetadata,
        data: { [CREDENTIALS_SCRIPT]: a.script },
    };
}

export function credentialsJob(a: CredentialsJobArgs): CliJobManifest {
    if (a.security.authentication === "none") throw new Error("credential Jobs exist only with security.authentication scram-sha-512");
    const stem = clusterNames(a.cluster).credentials;
    const active: InterBrokerUser = a.security.interBrokerUser ?? "admin";
    const protocol = listenerProtocols(a.security).CLIENT;
    const waitSeconds = a.waitSeconds ?? 300;
    const env = [
        { name: "BOOTSTRAP_SERVERS", value: a.bootstrapServers },
        { name: "SECURITY_PROTOCOL", value: protocol },
        ...(a.security.tls ? [{ name: "CA_FILE", value: `${CA_PATH}/${TLS_KEYS.ca}` }] : []),
        { name: "SECRETS_DIR", value: SECRET_PATHS.users },
        // Generated users, as the <user>-username / <user>-password files in SECRETS_DIR (credentialFile).
        { name: "ACTIVE_USER", value: active },
        { name: "RETIRED_USER", value: otherInterBrokerUser(active) },
        { name: "BOOTSTRAP_MARKER_DIR", value: BOOTSTRAP_MARKER_PATH },
        { name: "WAIT_SECONDS", value: String(waitSeconds) },
        { name: "WORK_DIR", value: WORK_PATH },
    ];
    const fingerprint = checksum(a.phase, checksum(a.script), a.image, a.bootstrapServers, JSON.stringify(env), a.credentialsRevision).slice(0, 8);
    return kafkaCliJob({
        metadata: { name: `${stem}-${a.phase}-${fingerprint}`, namespace: a.namespace, labels: labels(a.cluster, "kafka-credentials", stem) },
        container: CREDENTIALS_CONTAINER,
        image: a.image,
        configMap: stem,
        script: CREDENTIALS_SCRIPT,
        args: [a.phase],
        heapOpts: HEAP_OPTS,
        resources: RESOURCES,
        env,
        volumes: [
            credentialsVolume(a.cluster) as CliVolume,
            ...(a.security.tls ? [{ name: "kafka-ca", secret: { secretName: clusterNames(a.cluster).caSecret, items: [{ key: TLS_KEYS.ca, path: TLS_KEYS.ca }], defaultMode: 0o440 } }] : []),
            { name: "bootstrapped", configMap: { name: clusterNames(a.cluster).bootstrapped, optional: true, defaultMode: 0o444 } },
            { name: "work", emptyDir: { medium: "Memory", sizeLimit: "1Mi" } },
        ],
        volumeMounts: [
            { name: "credentials", mountPath: SECRET_PATHS.users, readOnly: true },
            ...(a.security.tls ? [{ name: "kafka-ca", mountPath: CA_PATH, readOnly: true }] : []),
            { name: "bootstrapped", mountPath: BOOTSTRAP_MARKER_PATH, readOnly: true },
            { name: "work", mountPath: WORK_PATH },
        ],
        backoffLimit: 2,
        // Bounds a hung run; Pulumi's own wait (customTimeouts in KafkaCluster) is longer.
        activeDeadlineSeconds: 2 * waitSeconds + 300,
        permanentExitCodes: CREDENTIALS_PERMANENT_EXIT_CODES,
    });
}

type CliVolume = NonNullable<Parameters<typeof kafkaCliJob>[0]["volumes"]>[number];
