export * from "./network-policies";
export * from "./network-policy-spec";
