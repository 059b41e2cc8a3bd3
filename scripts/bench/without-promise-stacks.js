/**
 * `npm run bench` only, never the program: measures what the SDK's stack trace per promise costs.
 * @pulumi/pulumi's debuggablePromise (runtime/debuggable.js) reads `new Error().stack` for every
 * promise it creates (thousands per program, each mapped through source maps by the language
 * host's source-map-support) although the text is only printed for a promise leak at exit.
 * Here it is taken with Error.stackTraceLimit = 0: the saving an upstream change to capture the
 * stack lazily (keep the Error, format it only when reporting a leak) would bring, at most.
 */
const debuggable = require("@pulumi/pulumi/runtime/debuggable");

const debuggablePromise = debuggable.debuggablePromise;
debuggable.debuggablePromise = function (p, ctx) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        return debuggablePromise(p, ctx);
    } finally {
        Error.stackTraceLimit = limit;
    }
};
