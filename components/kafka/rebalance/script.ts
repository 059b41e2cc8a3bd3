/**
 * The rebalance Jobs' script, read from `scripts/reassign-partitions.sh` next to this module (a real
 * file, run by the tests as is; the build copies components/**\/scripts/*.sh beside the compiled modules).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** Key of the script in the rebalance ConfigMap, and its file name in the pod. */
export const REASSIGN_PARTITIONS_SCRIPT_KEY = "reassign-partitions.sh";
export const REASSIGN_PARTITIONS_SCRIPT_PATH = path.join(__dirname, "scripts", REASSIGN_PARTITIONS_SCRIPT_KEY);

export function reassignPartitionsScript(): string {
    return readFileSync(REASSIGN_PARTITIONS_SCRIPT_PATH, "utf8");
}
