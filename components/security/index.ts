export * from "./network-policies";
export * from "./network-policy-spec";
export * from "./egress-policy-spec";
export * from "./keda-network-policy-spec";
export * from "./acl-model";
export * from "./kafka-user";
export * from "./builtin-users";
export * from "./unrestricted-namespace-policy-spec";
