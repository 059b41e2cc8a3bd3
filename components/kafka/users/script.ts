/**
 * The shell scripts the user Jobs and the retire Job run, read from `scripts/apply-user.sh` next to this module (a
 * real file, executed as is by the tests; scripts/build.ts copies `components/**\/scripts/*.sh`).
 */
import { readFileSync } from "fs";
import * as path from "path";

/** Key of the script in the user ConfigMap, and its file name in the pod. */
export const APPLY_USER_SCRIPT_KEY = "apply-user.sh";
export const APPLY_USER_SCRIPT_PATH = path.join(__dirname, "scripts", APPLY_USER_SCRIPT_KEY);

export function applyUserScript(): string {
    return readFileSync(APPLY_USER_SCRIPT_PATH, "utf8");
}

/** Retires users that left the stack (retire.ts), calling apply-user.sh --remove beside it. */
export const RETIRE_USERS_SCRIPT_KEY = "retire-users.sh";
export const RETIRE_USERS_SCRIPT_PATH = path.join(__dirname, "scripts", RETIRE_USERS_SCRIPT_KEY);

export function retireUsersScript(): string {
    return readFileSync(RETIRE_USERS_SCRIPT_PATH, "utf8");
}
