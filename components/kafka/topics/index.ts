/** Topics as typed resources: spec builders (pure) and the KafkaTopics component. */
export * from "./guard";
export * from "./job";
export * from "./names";
export * from "./script";
export * from "./shrink";
export * from "./spec";
export * from "./topics";
