/** Post-deploy smoke test: spec builders (pure) and the KafkaSmokeTest component. */
export * from "./smoke-test";
export * from "./spec";
