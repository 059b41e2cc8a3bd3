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
import { APPLY_USER_SCRIPT_KEY } from "./script";

export const APPLY_USER_CONTAINER = "apply-user";
/** Annotation on the Job naming the user it applies (the policy pack and the tests key on it). */
export const USER_ANNOTATION = "kafka-eks/user";
/** The argument that carries one ACL binding (the policy pack reads them). */
export const ACL_ARGUMENT = "--acl";
/** apply-user.sh: 2 = bad arguments, which a retry cannot fix. */
export const USER_JOB_PERMANENT_EXIT_CODES = [2];
/** The environment variable the Job puts the user's password in (from its Secret). */
export const USER_PASSWORD_ENV = "KAFKA_USER_PASSWORD";

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
}

/** Arguments of apply-user.sh for a spec. */
export function applyUserArgs(spec: KafkaUserSpec, bootstrapServers: string, commandConfig = DEFAULT_CLIENT_PROPERTIES): string[] {
    const args = ["--bootstrap-server", bootstrapServers, "--command-config", commandConfig, "--user", spec.name, "--password-env", USER_PASSWORD_ENV];
    for (const q of quotaArguments(spec.quotas)) args.push("--quota", q);
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

export function userJobFingerprint(a: Pick<UserJobArgs, "spec" | "passwordSecret" | "script" | "clientScript" | "image" | "bootstrapServers" | "client" | "resources">): string {
    return shortHash(
        JSON.stringify([applyUserArgs(a.spec, a.bootstrapServers), a.passwordSecret, shortHash(a.script, 64), shortHash(a.clientScript, 64), a.image, clientConfigParts(a.client), a.resources]),
        64,
    );
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
        args: applyUserArgs(a.spec, a.bootstrapServers),
        client: a.client,
        env: [{ name: USER_PASSWORD_ENV, valueFrom: { secretKeyRef: { name: a.passwordSecret.name, key: a.passwordSecret.key } } }],
        heapOpts: "-Xms64m -Xmx256m",
        resources: a.resources,
        backoffLimit: 3,
        activeDeadlineSeconds: 600,
        permanentExitCodes: USER_JOB_PERMANENT_EXIT_CODES,
    });
}

/** The ConfigMap the user Jobs mount: the script and the client wrapper. */
export function userScriptsConfigMapData(script: string, clientScript: string): Record<string, string> {
    return { [APPLY_USER_SCRIPT_KEY]: script, [CLIENT_PROPERTIES_SCRIPT]: clientScript };
}
