/** Topics as typed resources: spec builders (pure) and the KafkaTopic component. */
export * from "./configmap";
export * from "./guard";
export * from "./job";
export * from "./names";
export * from "./script";
export * from "./shrink";
export * from "./spec";
export * from "./topic";
