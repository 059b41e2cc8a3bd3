/** The namespace a Kafka component may use: the one its DNS names are built from. */
import * as pulumi from "@pulumi/pulumi";

/** Pins an object's namespace to the component's `namespace` input, checking it matches the DNS names built from config. */
export function namespaceInput(expected: string, given: pulumi.Input<string> | undefined): pulumi.Output<string> {
    const check = (ns: string) => {
        if (ns !== expected) {
            throw new Error(`namespace "${ns}" differs from kafka.namespace "${expected}": per-pod DNS names in server.properties use kafka.namespace`);
        }
        return ns;
    };
    // A plain string fails at construction; an Output fails the registrations that use it.
    if (typeof given === "string") check(given);
    return pulumi.output(given ?? expected).apply(check);
}
