/** The library surface: every component, its args type, and the config schema. */
export * from "./autoscaling";
export * from "./common/client";
export * from "./common/client-config";
export * from "./common/images";
export * from "./common/labels";
export * from "./common/names";
export * from "./common/namespace";
export * from "./common/pod";
export * from "./common/provider";
export * from "./config";
export * from "./kafka";
export * from "./kafka/topics";
export * from "./kafka/smoke-test";
export * from "./kafka/users";
export * from "./manager";
export * from "./platform";
export * from "./security";
