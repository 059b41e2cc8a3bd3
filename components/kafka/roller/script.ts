/**
 * The roller's script, read from `scripts/roll-nodes.sh` next to this module (a real file, run by
 * the tests as is; the build copies components/**\/scripts/*.sh beside the compiled modules).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** Key of the script in the roller ConfigMap, and its file name in the pod. */
export const ROLL_NODES_SCRIPT_KEY = "roll-nodes.sh";
export const ROLL_NODES_SCRIPT_PATH = path.join(__dirname, "scripts", ROLL_NODES_SCRIPT_KEY);

export function rollNodesScript(): string {
    return readFileSync(ROLL_NODES_SCRIPT_PATH, "utf8");
}
