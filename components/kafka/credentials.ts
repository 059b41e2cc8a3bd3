/**
 * The generated SCRAM users (the inter-broker users admin and admin-b) as Kubernetes Secrets. Passwords come from
 * @pulumi/random and stay in the stack state. A password is generated anew only when its rotation
 * step changes (`security.rotation`, see passwordGeneration): the step is the password's keeper,
 * absent at step 0 so the passwords generated before rotation existed are kept.
 *
 * The Secrets change before Kafka knows the new value; the credentials Jobs (credentials-job/)
 * store it in Kafka before any pod starts using it, which is why inter-broker rotation moves the
 * brokers to the other user instead of changing the password they log in with.
 */
import * as k8s from "../common/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { labels } from "../common/labels";
import type { KafkaComponent } from "../common/labels";
import type { RotationConfig } from "../config/security";
import { CREDENTIAL_KEYS, credentialsSecretName, passwordGeneration, SCRAM_USERS, ScramUser } from "./security";
import { checksum } from "./workload-parts";

export interface ScramCredentials {
    /** Secret per user, keys CREDENTIAL_KEYS. */
    secrets: Record<ScramUser, k8s.core.v1.Secret>;
    /**
     * Hash of every generated password (not secret: a SHA-256 of 190-bit random values reveals
     * nothing); changes exactly when a password does, so the credentials Jobs run again.
     */
    revision: pulumi.Output<string>;
}

export interface ScramCredentialsArgs {
    /** Component name prefix for the Pulumi resource names. */
    name: string;
    cluster: string;
    namespace: pulumi.Input<string>;
    /** Component of the broker pool (labels contract). */
    component: KafkaComponent;
    /** `security.rotation`: the step of each password. */
    rotation: RotationConfig;
    /** Options for the passwords (parent). Not protected: rotating one is a replacement. */
    passwordOptions: pulumi.CustomResourceOptions;
    secretOptions: pulumi.CustomResourceOptions;
}

export function scramCredentials(a: ScramCredentialsArgs): ScramCredentials {
    const users = Object.keys(SCRAM_USERS) as ScramUser[];
    const passwords = users.map((user) => {
        const generation = passwordGeneration(user, a.rotation);
        // Letters and digits only: the value goes into a JAAS string and a SCRAM credential property.
        return new random.RandomPassword(
            `${a.name}-${user}-password`,
            { length: 32, special: false, ...(generation > 0 ? { keepers: { rotation: String(generation) } } : {}) },
            a.passwordOptions,
        );
    });
    const secrets = Object.fromEntries(
        users.map((user, i) => {
            const secretName = credentialsSecretName(a.cluster, user);
            const secret = new k8s.core.v1.Secret(
                `${a.name}-${user}-credentials`,
                {
                    metadata: { name: secretName, namespace: a.namespace, labels: labels(a.cluster, a.component, secretName) },
                    type: "Opaque",
                    stringData: { [CREDENTIAL_KEYS.username]: SCRAM_USERS[user], [CREDENTIAL_KEYS.password]: pulumi.secret(passwords[i].result) },
                },
                a.secretOptions,
            );
            return [user, secret];
        }),
    ) as Record<ScramUser, k8s.core.v1.Secret>;
    const revision = pulumi.unsecret(pulumi.all(passwords.map((p) => p.result)).apply((values) => checksum(...values)));
    return { secrets, revision };
}
