export * from "./eks-cluster";
export * from "./iam-documents";
export * from "./kubeconfig";
export * from "./launch-template-spec";
export * from "./network";
export * from "./platform";
export * from "./storage-class-spec";
export * from "./subnet-plan";
