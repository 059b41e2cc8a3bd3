export * from "./cmak-spec";
export * from "./kafka-manager";
export * from "./kafka-ui-spec";
export * from "./login";
export * from "./workload-parts";
