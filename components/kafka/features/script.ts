/**
 * The finalize Job's script, read from `scripts/finalize-features.sh` next to this module (a real
 * file, run by the tests as is; the build copies components/**\/scripts/*.sh beside the compiled modules).
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** Key of the script in the finalize ConfigMap, and its file name in the pod. */
export const FINALIZE_FEATURES_SCRIPT_KEY = "finalize-features.sh";
export const FINALIZE_FEATURES_SCRIPT_PATH = path.join(__dirname, "scripts", FINALIZE_FEATURES_SCRIPT_KEY);

export function finalizeFeaturesScript(): string {
    return readFileSync(FINALIZE_FEATURES_SCRIPT_PATH, "utf8");
}
