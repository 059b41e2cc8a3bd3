export * from "./network-policies";
export * from "./network-policy-spec";
export * from "./acl-model";
