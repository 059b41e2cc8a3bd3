export * from "./rebalance";
export * from "./script";
export * from "./spec";
