/** Config section `security`: who may reach Kafka. */
import { z } from "zod";
import { dnsLabel } from "./fields";

export const securitySchema = z
    .strictObject({
        networkPolicies: z.boolean().default(true).describe("Deploy NetworkPolicies (default-deny ingress, each port open only to its peers). Default true."),
        clientNamespaces: z.array(dnsLabel).default([]).describe("Namespaces, besides the Kafka namespace and KEDA's, whose pods may use the client port. Default none."),
    })
    .prefault({});

export type SecurityConfig = z.output<typeof securitySchema>;
