/** Config section `smokeTest`: the post-deploy produce/consume check. */
import { z } from "zod";

export const smokeTestSchema = z
    .strictObject({
        enabled: z.boolean().default(true).describe("After brokers and topics are up, run a Job that produces messages with acks=all to a dedicated topic and reads them back; `pulumi up` fails if it does not complete. Default true."),
        messages: z.int().min(1).max(100000).default(100).describe("Messages produced and read back per run. Default 100."),
        timeoutSeconds: z.int().min(30).max(3600).default(300).describe("How long the Job waits for the cluster and for the messages to come back. Default 300."),
    })
    .prefault({});

export type SmokeTestConfig = z.output<typeof smokeTestSchema>;

/** Name of the topic the smoke test writes to, declared by the program itself. */
export function smokeTopicName(cluster: string): string {
    return `${cluster}-smoke`;
}

/** Rules across `smokeTest`, `kafka` and `topics`. */
export function smokeTestRules(
    c: { smokeTest: SmokeTestConfig; kafka: { name: string }; topics: { name: string }[] },
    issue: (path: (string | number)[], message: string) => void,
): void {
    if (!c.smokeTest.enabled) return;
    const name = smokeTopicName(c.kafka.name);
    const i = c.topics.findIndex((t) => t.name === name);
    if (i >= 0) issue(["topics", i, "name"], `${name} is the smoke test's own topic; pick another name or set smokeTest.enabled false`);
}
