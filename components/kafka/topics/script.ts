/**
 * The shell script the topic Job runs, read from `scripts/apply-topic.sh` next to this module.
 * Kept as a real file (not a TS string) so it can be linted and executed by the tests as is; the
 * build must copy `components/kafka/topics/scripts/` next to the compiled module.
 */
import { readFileSync } from "fs";
import * as path from "path";

/** Key of the script in the topic ConfigMap, and its file name in the pod. */
export const APPLY_TOPIC_SCRIPT_KEY = "apply-topic.sh";
export const APPLY_TOPIC_SCRIPT_PATH = path.join(__dirname, "scripts", APPLY_TOPIC_SCRIPT_KEY);

let cached: string | undefined;

export function applyTopicScript(): string {
    if (cached === undefined) {
        try {
            cached = readFileSync(APPLY_TOPIC_SCRIPT_PATH, "utf8");
        } catch (e) {
            throw new Error(`cannot read ${APPLY_TOPIC_SCRIPT_PATH} (the build must copy components/kafka/topics/scripts/): ${(e as Error).message}`);
        }
    }
    return cached;
}
