/**
 * The generated SCRAM users (admin, client) as Kubernetes Secrets. Passwords come from
 * @pulumi/random and stay in the stack state: no keepers, so nothing regenerates them. That
 * matters in KRaft mode, where the users are written once, when the storage is first formatted.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { labels } from "../common/labels";
import { clusterNames } from "../common/names";
import type { KafkaComponent } from "../common/labels";
import { CREDENTIAL_KEYS, SCRAM_USERS, ScramUser } from "./security";

export interface ScramCredentials {
    /** Secret per user, keys CREDENTIAL_KEYS. */
    secrets: Record<ScramUser, k8s.core.v1.Secret>;
}

export interface ScramCredentialsArgs {
    /** Component name prefix for the Pulumi resource names. */
    name: string;
    cluster: string;
    namespace: pulumi.Input<string>;
    /** Component of the broker pool (labels contract). */
    component: KafkaComponent;
    /** Options for the passwords (parent). Not protected: rotating one is a replacement. */
    passwordOptions: pulumi.CustomResourceOptions;
    secretOptions: pulumi.CustomResourceOptions;
}

export function scramCredentials(a: ScramCredentialsArgs): ScramCredentials {
    const n = clusterNames(a.cluster);
    const secretName: Record<ScramUser, string> = { admin: n.adminCredentials, client: n.clientCredentials };
    const make = (user: ScramUser) => {
        // Letters and digits only: the value goes into a JAAS string and a SCRAM `[password=…]` argument.
        const password = new random.RandomPassword(`${a.name}-${user}-password`, { length: 32, special: false }, a.passwordOptions);
        return new k8s.core.v1.Secret(
            `${a.name}-${user}-credentials`,
            {
                metadata: { name: secretName[user], namespace: a.namespace, labels: labels(a.cluster, a.component, secretName[user]) },
                type: "Opaque",
                stringData: { [CREDENTIAL_KEYS.username]: SCRAM_USERS[user], [CREDENTIAL_KEYS.password]: pulumi.secret(password.result) },
            },
            a.secretOptions,
        );
    };
    return { secrets: { admin: make("admin"), client: make("client") } };
}
