/**
 * `npm run bench` only, never the program: preloaded (`node --require`) for the "prod, no SDK
 * promise stacks" case, the saving an upstream fix to the SDK's per-promise stack traces would
 * bring at most (scripts/lib/sdk-stack-traces.ts).
 */
import { skipPromiseStackTraces } from "../lib/sdk-stack-traces";

skipPromiseStackTraces();
