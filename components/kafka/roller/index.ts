export * from "./roller";
export * from "./script";
export * from "./spec";
