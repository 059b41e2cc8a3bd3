/**
 * The Job that applies one KafkaUser inside the cluster (credential, quotas, ACLs) with the
 * brokers' own image and apply-user.sh, authenticated as `admin` (a super user). Like a topic
 * Job, its name carries a fingerprint of everything it runs, so a changed spec is a new run and
 * an unchanged one runs nothing.
 */
import type { KafkaClientSettings } from "../../common/client";
import { CLIENT_PROPERTIES_SCRIPT, clientConfigParts, DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { labels } from "../../common/labels";
import { aclArgument, KafkaUserSpec, quotaArguments, userAclBindings } from "../../security/kafka-user";
import { CliJobManifest, kafkaCliJob, ResourceRequirements } from "../cli-job";
import { shortHash } from "../topics/spec";
import { SCRIPT } from "../scripts";
import { APPLY_USER_SCRIPT_KEY, RETIRE_USERS_SCRIPT_KEY } from "./script";

export const APPLY_USER_CONTAINER = "apply-user";
/** Annotation on the Job naming the user it applies (the policy pack and the tests key on it). */
export const USER_ANNOTATION = "kafka-eks/user";
/** The argument that carries one ACL binding (the policy pack reads them). */
export const ACL_ARGUMENT = "--acl";
/** Without an authorizer the Job leaves ACLs alone (policy/lib/contract.ts has a copy). */
export const NO_ACLS_ARGUMENT = "--no-acls";
/** apply-user.sh: 2 = bad arguments, which a retry cannot fix. */
export const USER_JOB_PERMANENT_EXIT_CODES = [2];
/** Where the Job mounts the user's password (one item of its Secret): a file, never an env var. */
export const USER_PASSWORD_DIR = "/etc/kafka-user";
export const USER_PASSWORD_FILE = `${USER_PASSWORD_DIR}/password`;

export const DEFAULT_USER_JOB_RESOURCES: ResourceRequirements = {
    requests: { cpu: "100m", memory: "512Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
};

export interface UserJobArgs {
    cluster: string;
    namespace: string;
    /** Name of the ConfigMap holding apply-user.sh and client-properties.sh. */
    configMap: string;
    spec: KafkaUserSpec;
    /** The user's password: Secret name and key. */
    passwordSecret: { name: string; key: string };
    /** Content of apply-user.sh and of the client wrapper (fingerprinted: a script fix re-runs the Job). */
    script: string;
    clientScript: string;
    image: string;
    bootstrapServers: string;
    /** The admin user's client settings: the Job changes credentials and ACLs. */
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    resources: ResourceRequirements;
    /** The cluster runs an authorizer: the Job manages the user's ACLs. @default true */
    manageAcls?: boolean;
    /** The password's rotation step (security.rotation.users): a new step is a new run, storing the new password. @default 0 */
    rotation?: number;
    /** The resourceVersion of a user-provided password Secret (users[].passwordSecret): a change to it is a new run. @default none */
    passwordRevision?: string;
}

/** Arguments of apply-user.sh for a spec; without an authorizer (`manageAcls` false) the Job leaves ACLs alone. */
export function applyUserArgs(spec: KafkaUserSpec, bootstrapServers: string, commandConfig = DEFAULT_CLIENT_PROPERTIES, manageAcls = true, passwordFile = USER_PASSWORD_FILE): string[] {
    const args = ["--bootstrap-server", bootstrapServers, "--command-config", commandConfig, "--user", spec.name, "--password-file", passwordFile];
    for (const q of quotaArguments(spec.quotas)) args.push("--quota", q);
    if (!manageAcls) return [...args, NO_ACLS_ARGUMENT];
    for (const b of userAclBindings(spec)) args.push(ACL_ARGUMENT, aclArgument(b));
    return args;
}

/** `<cluster>-user-<name>`: the user's objects; the Job adds `-<8 hex>`. */
/** The ConfigMap of apply-user.sh, shared by every user's Job. */
export function userScriptsName(cluster: string): string {
    return `${cluster}-user-scripts`;
}

export function userObjectName(cluster: string, user: string): string {
    return `${cluster}-user-${user}`;
}

export function userJobFingerprint(a: Pick<UserJobArgs, "spec" | "passwordSecret" | "script" | "clientScript" | "image" | "bootstrapServers" | "client" | "resources" | "manageAcls" | "rotation" | "passwordRevision">): string {
    const run = [applyUserArgs(a.spec, a.bootstrapServers, DEFAULT_CLIENT_PROPERTIES, a.manageAcls ?? true), a.passwordSecret, shortHash(a.script, 64), shortHash(a.clientScript, 64), a.image, clientConfigParts(a.client), a.resources];
    // Step 0 adds nothing, so Jobs from before rotation existed keep their names.
    const withRotation = a.rotation ? [...run, { rotation: a.rotation }] : run;
    // The Secret's resourceVersion, never its content: the Job name is public.
    return shortHash(JSON.stringify(a.passwordRevision !== undefined ? [...withRotation, { passwordRevision: a.passwordRevision }] : withRotation), 64);
}

export function userJob(a: UserJobArgs): CliJobManifest {
    const stem = userObjectName(a.cluster, a.spec.name);
    const name = `${stem}-${userJobFingerprint(a).slice(0, 8)}`;
    return kafkaCliJob({
        metadata: { name, namespace: a.namespace, labels: labels(a.cluster, "kafka-user", stem), annotations: { [USER_ANNOTATION]: a.spec.name } },
        container: APPLY_USER_CONTAINER,
        image: a.image,
        configMap: a.configMap,
        script: APPLY_USER_SCRIPT_KEY,
        args: applyUserArgs(a.spec, a.bootstrapServers, DEFAULT_CLIENT_PROPERTIES, a.manageAcls ?? true),
        client: a.client,
        // 0440 + the pod's fsGroup: the Kafka user reads it, nobody else.
        volumes: [{ name: "user-password", secret: { secretName: a.passwordSecret.name, items: [{ key: a.passwordSecret.key, path: "password" }], defaultMode: 0o440 } }],
        volumeMounts: [{ name: "user-password", mountPath: USER_PASSWORD_DIR, readOnly: true }],
        heapOpts: "-Xms64m -Xmx256m",
        resources: a.resources,
        backoffLimit: 3,
        activeDeadlineSeconds: 600,
        permanentExitCodes: USER_JOB_PERMANENT_EXIT_CODES,
    });
}

/** The ConfigMap the user Jobs and the retire Job mount: apply-user.sh, the client wrapper, retire-users.sh and the kube-api.sh it sources. */
export function userScriptsConfigMapData(script: string, clientScript: string, retire: { script: string; kubeApi: string }): Record<string, string> {
    return { [APPLY_USER_SCRIPT_KEY]: script, [CLIENT_PROPERTIES_SCRIPT]: clientScript, [RETIRE_USERS_SCRIPT_KEY]: retire.script, [SCRIPT.kubeApi]: retire.kubeApi };
}
