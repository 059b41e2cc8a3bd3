export * from "./errors";
export * from "./fields";
export * from "./kafka";
export * from "./load";
export * from "./platform";
export * from "./stack";
