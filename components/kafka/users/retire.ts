/**
 * Removing a user from the stack removes it from Kafka, and only users this stack once managed:
 * a ConfigMap `<cluster>-managed-users` lists the users KafkaUsers manages (built-in and
 * `kafka-eks:users`; never the inter-broker users), and a retire Job, run whenever that list (or
 * what it runs) changes, reads the list the cluster holds, i.e. the previous one, and retires each
 * name no longer declared (retire-users.sh: credential, quotas, ACLs). The ConfigMap depends on the
 * Job, so Pulumi writes the new list only after the Job succeeded: a failed run leaves the old list
 * and the next `pulumi up` retries. A user an operator created by hand is in no list and never
 * touched. The Job reads the ConfigMap through a `kubectl proxy` sidecar (api-access.ts) whose Role
 * may only `get` that one ConfigMap. Pure.
 */
import type { KafkaClientSettings } from "../../common/client";
import { DEFAULT_CLIENT_PROPERTIES } from "../../common/client-config";
import { KUBECTL_IMAGE } from "../../common/images";
import { labels } from "../../common/labels";
import { API_PROXY_ENV, ApiIdentity, apiIdentity, Meta, withApiProxy } from "../api-access";
import { CliJobManifest, kafkaCliJob, ResourceRequirements } from "../cli-job";
import { SCRIPT } from "../scripts";
import { shortHash } from "../topics/spec";
import { APPLY_USER_SCRIPT_KEY, RETIRE_USERS_SCRIPT_KEY } from "./script";
import { NO_ACLS_ARGUMENT } from "./job";

export const RETIRE_USERS_CONTAINER = "retire-users";
/** The ConfigMap's key holding the managed user names, joined by ','. retire-users.sh reads it. */
export const MANAGED_USERS_KEY = "users";
/** retire-users.sh: bad arguments (2) and a ConfigMap it refuses (3) are not fixed by a retry. */
export const RETIRE_USERS_PERMANENT_EXIT_CODES = [2, 3];

/** `<cluster>-managed-users`: the users the stack manages, as of its last successful retire run. */
export function managedUsersName(cluster: string): string {
    return `${cluster}-managed-users`;
}

/** ServiceAccount, Role and Job stem of the retire Job (never `-user-`, the per-user objects' infix). */
export function retireUsersName(cluster: string): string {
    return `${cluster}-users-retire`;
}

export interface RetireUsersArgs {
    cluster: string;
    namespace: string;
    /** The user names the stack manages now. */
    users: readonly string[];
    /** The user scripts' ConfigMap (userScriptsName): retire-users.sh, apply-user.sh, kube-api.sh, client-properties.sh. */
    configMap: string;
    /** retire-users.sh, apply-user.sh, kube-api.sh and the client wrapper, fingerprinted: a script fix is a new run. */
    scripts: { retire: string; applyUser: string; kubeApi: string; client: string };
    image: string;
    bootstrapServers: string;
    /** The active inter-broker user's client settings (a super user). */
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl" | "tls">;
    resources: ResourceRequirements;
    /** The cluster runs an authorizer: ACLs are removed too. @default true */
    manageAcls?: boolean;
}

export interface RetireUsersSpecs extends ApiIdentity {
    job: CliJobManifest;
    /** The new list, written only after the Job succeeded (KafkaUsers makes it depend on the Job). */
    managedUsers: { apiVersion: "v1"; kind: "ConfigMap"; metadata: Meta; data: Record<string, string> };
}

/** The list as stored and passed: sorted and unique, so the same set is the same Job. */
export function managedUserList(users: readonly string[]): string[] {
    return [...new Set(users)].sort();
}

export function retireUsersArgs(a: Pick<RetireUsersArgs, "namespace" | "cluster" | "users" | "bootstrapServers" | "manageAcls">): string[] {
    const args = ["--bootstrap-server", a.bootstrapServers, "--command-config", DEFAULT_CLIENT_PROPERTIES, "--namespace", a.namespace, "--configmap", managedUsersName(a.cluster)];
    for (const u of managedUserList(a.users)) args.push("--user", u);
    return (a.manageAcls ?? true) ? args : [...args, NO_ACLS_ARGUMENT];
}

/** The Job's API identity: it may `get` the list's ConfigMap, nothing else. Known before any apply. */
export function retireUsersIdentity(cluster: string, namespace: string): ApiIdentity {
    const stem = retireUsersName(cluster);
    const meta: Meta = { name: stem, namespace, labels: labels(cluster, "kafka-users-retire", stem) };
    return apiIdentity(meta, [{ apiGroups: [""], resources: ["configmaps"], resourceNames: [managedUsersName(cluster)], verbs: ["get"] }]);
}

export function managedUsersMeta(cluster: string, namespace: string): Meta {
    const name = managedUsersName(cluster);
    return { name, namespace, labels: labels(cluster, "kafka-user", name) };
}

export function retireUsersSpecs(a: RetireUsersArgs): RetireUsersSpecs {
    const identity = retireUsersIdentity(a.cluster, a.namespace);
    const meta = identity.serviceAccount.metadata;
    const stem = meta.name;
    const args = retireUsersArgs(a);
    const fingerprint = shortHash(JSON.stringify([args, ...Object.values(a.scripts).map((s) => shortHash(s, 64)), a.image, KUBECTL_IMAGE, a.client, a.resources]), 64);
    const base = kafkaCliJob({
        metadata: { ...meta, name: `${stem}-${fingerprint.slice(0, 8)}` },
        container: RETIRE_USERS_CONTAINER,
        image: a.image,
        configMap: a.configMap,
        script: RETIRE_USERS_SCRIPT_KEY,
        libraries: [APPLY_USER_SCRIPT_KEY, SCRIPT.kubeApi],
        args,
        client: a.client,
        heapOpts: "-Xms64m -Xmx256m",
        resources: a.resources,
        env: [API_PROXY_ENV],
        backoffLimit: 3,
        activeDeadlineSeconds: 900,
        permanentExitCodes: RETIRE_USERS_PERMANENT_EXIT_CODES,
    });
    return {
        ...identity,
        job: withApiProxy(base, stem),
        managedUsers: {
            apiVersion: "v1",
            kind: "ConfigMap",
            metadata: managedUsersMeta(a.cluster, a.namespace),
            data: { [MANAGED_USERS_KEY]: managedUserList(a.users).join(",") },
        },
    };
}
