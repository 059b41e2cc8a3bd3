/** Config section `security`: who may reach Kafka, and how clients authenticate and encrypt. */
import { z } from "zod";
import { dnsLabel, whenValid } from "./fields";

export const AUTHENTICATION_MODES = ["none", "scram-sha-512"] as const;
export type AuthenticationMode = (typeof AUTHENTICATION_MODES)[number];

export const AUTHORIZATION_MODES = ["none", "acls"] as const;
export type AuthorizationMode = (typeof AUTHORIZATION_MODES)[number];

export const ZOOKEEPER_AUTHENTICATION_MODES = ["none", "sasl"] as const;
export type ZooKeeperAuthentication = (typeof ZOOKEEPER_AUTHENTICATION_MODES)[number];

/**
 * `zookeeper.authentication` with its default applied: ZooKeeper is closed (SASL logins enforced,
 * brokers create znodes with ACLs) wherever Kafka's clients authenticate.
 */
export function zookeeperAuthentication(zookeeper: { authentication?: ZooKeeperAuthentication }, security: { authentication: AuthenticationMode }): ZooKeeperAuthentication {
    return zookeeper.authentication ?? (security.authentication === "scram-sha-512" ? "sasl" : "none");
}

/** `security.authorization` with its default applied: ACLs wherever clients authenticate. */
export function authorizationMode(s: { authentication: AuthenticationMode; authorization?: AuthorizationMode }): AuthorizationMode {
    return s.authorization ?? (s.authentication === "scram-sha-512" ? "acls" : "none");
}

const HOURS_PER_DAY = 24;

export const certificatesSchema = z
    .strictObject({
        caValidityDays: z.int().min(30).max(36500).default(3650).describe("Lifetime of the generated cluster CA, days. Default 3650 (10 years): replacing the CA changes what every client trusts at once."),
        validityDays: z.int().min(2).max(3650).default(365).describe("Lifetime of the broker certificate, days. Default 365."),
        renewBeforeDays: z
            .int()
            .min(1)
            .default(30)
            .describe("`pulumi up` replaces the broker certificate once it is this close to expiry (and rolls the brokers onto it). Default 30; must be below validityDays."),
    })
    .refine((c) => c.renewBeforeDays < c.validityDays, { path: ["renewBeforeDays"], message: "must be below validityDays (else every deploy would renew the certificate)", ...whenValid("renewBeforeDays", "validityDays") })
    .refine((c) => c.validityDays < c.caValidityDays, {
        path: ["caValidityDays"],
        message: "must be above validityDays: the broker certificate would outlive the CA that signs it, and clients stop trusting it when the CA expires",
        ...whenValid("caValidityDays", "validityDays"),
    })
    .prefault({});

export const rotationSchema = z
    .strictObject({
        interBroker: z
            .int()
            .min(0)
            .default(0)
            .describe(
                "Raise by exactly one to rotate the inter-broker password: the brokers move to the other inter-broker user (`admin` when even, `admin-b` when odd) with a fresh password, in a rolling restart during which both users work; afterwards the previous user's password is replaced by an unknown value. Default 0.",
            ),
        users: z
            .record(z.string(), z.int().min(0))
            .default({})
            .describe(
                "Per-user password rotation, user name → counter: raise a user's counter to give it a new password, which its Job stores in Kafka (its clients log in again with the new Secret after a restart). Application users (`users`) and built-in users (topic-manager, smoke-test, kafka-ui, kafka-exporter, keda-<namespace>, consumer-<workload>) alike. Default none.",
            ),
    })
    .prefault({});

/**
 * Keys earlier versions read and what replaced them: the config error for such a key says so
 * instead of only "unknown key".
 */
export const REMOVED_KEYS: Readonly<Record<string, string>> = {
    "security.rotation.client":
        "was removed with the shared `client` user: every client has its own user now, rotated one by one with security.rotation.users (e.g. `users: { billing: 1 }`; README: Rotating passwords); delete this key",
};

export const securitySchema = z
    .strictObject({
        networkPolicies: z.boolean().default(true).describe("Deploy NetworkPolicies (default-deny ingress and egress in the Kafka and KEDA namespaces, each port open only to its peers) and run the VPC CNI in strict mode (eks). Default true."),
        clientNamespaces: z.array(dnsLabel).default([]).describe(
                "Namespaces whose pods may use the client port: the applications' (users[].namespace, autoscaling.scalers[].namespace). KEDA's is added when scalers exist; in the Kafka namespace only the cluster's own pods may. Default none.",
            ),
        authentication: z
            .enum(AUTHENTICATION_MODES)
            .default("scram-sha-512")
            .describe(
                "Client and inter-broker authentication: `scram-sha-512` (generated inter-broker users, a user per client, SASL on the client and inter-broker listeners) or `none`. Default scram-sha-512.",
            ),
        tls: z
            .boolean()
            .default(true)
            .describe("Encrypt the client, inter-broker and controller listeners with certificates from a generated CA (client listener SASL_SSL with authentication, else SSL). Default true."),
        authorization: z
            .enum(AUTHORIZATION_MODES)
            .optional()
            .describe(
                "`acls`: an authorizer on every broker and controller, deny unless an ACL allows (`allow.everyone.if.no.acl.found=false`); the admin user and the node certificates are super users. `none`: every authenticated client may do anything. Default acls when authentication is scram-sha-512, else none.",
            ),
        certificates: certificatesSchema.describe("Lifetimes of the generated CA and broker certificate (used when tls is true)."),
        rotation: rotationSchema.describe("Password rotation of the generated SCRAM users (used when authentication is scram-sha-512): raise a counter to rotate."),
    })
    .prefault({});

export type SecurityConfig = z.output<typeof securitySchema>;
export type CertificatesConfig = z.output<typeof certificatesSchema>;
export type RotationConfig = z.output<typeof rotationSchema>;

/** Days to hours, the unit @pulumi/tls takes. */
export function daysToHours(days: number): number {
    return days * HOURS_PER_DAY;
}

/** Rules across `security` and `manager`. */
export function securityRules(
    c: { security: SecurityConfig; manager: { enabled: boolean; kind: string }; kafka: { mode: string }; zookeeper: { authentication?: ZooKeeperAuthentication } },
    issue: (path: (string | number)[], message: string) => void,
): void {
    if (authorizationMode(c.security) === "acls") {
        if (c.security.authentication === "none") {
            issue(["security", "authorization"], "acls needs security.authentication scram-sha-512: without authentication every client is User:ANONYMOUS; set authentication or authorization none");
        } else if (c.kafka.mode === "kraft" && !c.security.tls) {
            issue(
                ["security", "authorization"],
                "acls in KRaft mode needs security.tls true: brokers and controllers authenticate to the controllers by certificate (the controller listener has no SASL); set tls true or authorization none",
            );
        }
    }
    if (c.manager.enabled && c.manager.kind === "cmak" && (c.security.authentication !== "none" || c.security.tls)) {
        issue(["manager", "kind"], "cmak cannot connect to brokers with SASL or TLS; use kafka-ui, or set security.authentication none and security.tls false");
    } else if (c.manager.enabled && c.manager.kind === "cmak" && c.kafka.mode === "zookeeper" && zookeeperAuthentication(c.zookeeper, c.security) === "sasl") {
        issue(["zookeeper", "authentication"], "sasl shuts out cmak, which reads ZooKeeper without logging in; use manager.kind kafka-ui, or set zookeeper.authentication none");
    }
}
