/**
 * What the Pulumi SDK's stack traces cost, and how the tests, the render and policy CLIs and the
 * bench's comparison case skip it. Never in the program: `pulumi preview` pays it, so the bench
 * measures it there.
 *
 * @pulumi/pulumi 3.270.0's debuggablePromise (runtime/debuggable.js:248-254) reads
 * `new Error().stack` for every promise it creates, thousands per program, and source-map-support
 * (installed by ts-node and by Pulumi's language host) maps every frame; yet leakedPromises
 * (:202-231) prints those stacks only when PULUMI_DEBUG_PROMISE_LEAKS is set. The fix upstream
 * (sdk/nodejs/runtime/debuggable.ts): take the stack only when `debugPromiseLeaks` is true.
 */
type Debuggable = { debuggablePromise(p: Promise<unknown>, ctx: unknown): Promise<unknown> };

/** Makes the SDK's per-promise stacks empty (Error.stackTraceLimit 0 while it takes one); returns the undo. */
export function skipPromiseStackTraces(): () => void {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    const original = debuggable.debuggablePromise;
    debuggable.debuggablePromise = function (p, ctx) {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return original.call(this, p, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    return () => {
        debuggable.debuggablePromise = original;
    };
}

let active = 0;
let undo: { promises: () => void; prepareStackTrace: ErrorConstructor["prepareStackTrace"] | undefined } | undefined;

/**
 * Runs `run` with the SDK's promise stacks skipped and every other stack formatted by V8 instead
 * of the source-map mapper (file and line of the JavaScript that ran). An error that escapes
 * keeps its mapped stack: V8 formats a stack when it is first read, after the mapper is back.
 * Overlapping calls share one skip, undone when the last ends.
 */
export async function withoutSdkStackTraces<T>(run: () => Promise<T>): Promise<T> {
    const errors = Error as { prepareStackTrace?: ErrorConstructor["prepareStackTrace"] };
    if (active++ === 0) {
        undo = { promises: skipPromiseStackTraces(), prepareStackTrace: errors.prepareStackTrace };
        errors.prepareStackTrace = undefined;
    }
    try {
        return await run();
    } finally {
        if (--active === 0 && undo) {
            undo.promises();
            errors.prepareStackTrace = undo.prepareStackTrace;
            undo = undefined;
        }
    }
}
