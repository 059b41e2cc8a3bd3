/** The stack-config keys the schema accepts, as the generated config reference lists them (`kafka.replicationFactor`, `topics[].config`). */
import { configReference } from "../../scripts/lib/config-reference";
import { projectName } from "../../scripts/lib/stack-file";

export function schemaKeys(): Set<string> {
    return new Set([...configReference(projectName()).matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
}
