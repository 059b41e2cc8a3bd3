/** Config section `manager`: the Kafka web UI (kafbat/kafka-ui, or CMAK in ZooKeeper mode). */
import { z } from "zod";
import { jvmResources } from "./fields";

export const MANAGER_KINDS = ["kafka-ui", "cmak"] as const;

export const managerSchema = z
    .strictObject({
        enabled: z.boolean().default(true).describe("Run a manager UI. Default true."),
        kind: z.enum(MANAGER_KINDS).default("kafka-ui").describe("`kafka-ui` (kafbat, both modes) or `cmak` (ZooKeeper mode only, unmaintained since 2022). Default kafka-ui."),
        login: z.boolean().default(true).describe("Require a login (user `username`, generated password in a Secret). Default true; false needs readOnly."),
        username: z
            .string()
            .regex(/^[a-zA-Z0-9._-]{1,64}$/, "must be 1-64 characters of letters, digits, '.', '_' or '-'")
            .default("admin").describe("Login user name. Default \"admin\"."),
        readOnly: z.boolean().default(false).describe("kafka-ui read-only mode (no topic/message/config changes). Default false."),
        resources: jvmResources({ cpu: "250m", memoryMiB: 1024, heapMiB: 512 }).describe("UI pod resources. Default 250m CPU, 1024 MiB, heap 512 MiB."),
    })
    .superRefine((m, ctx) => {
        if (!m.login && !m.readOnly) {
            ctx.addIssue({ code: "custom", path: ["login"], message: "may be false only with readOnly: true (an open UI must not be able to change the cluster)" });
        }
    })
    .prefault({});

/** Rules across `manager` and `kafka`. */
export function managerRules(c: { manager: ManagerConfig; kafka: { mode: "zookeeper" | "kraft" } }, issue: (path: (string | number)[], message: string) => void): void {
    if (c.manager.enabled && c.manager.kind === "cmak" && c.kafka.mode !== "zookeeper") {
        issue(["manager", "kind"], "cmak requires kafka.mode zookeeper (CMAK reads cluster state from ZooKeeper and cannot manage KRaft clusters); use kafka-ui");
    } else if (c.manager.kind === "cmak" && c.manager.readOnly) {
        // After the mode: in KRaft mode the kind is the mistake, not the readOnly a kafka-ui stack had.
        issue(["manager", "readOnly"], "is a kafka-ui feature; CMAK has no read-only mode");
    }
}

export type ManagerConfig = z.output<typeof managerSchema>;
