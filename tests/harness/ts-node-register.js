"use strict";
// mocha's ts-node (.mocharc.json "require"): transpile-only, through the repo's caching transpiler,
// as package.json's scripts run ts-node (scripts/lib/ts-transpile-cache.js).
require("ts-node").register({ transpileOnly: true, transpiler: require.resolve("../../scripts/lib/ts-transpile-cache.js") });
