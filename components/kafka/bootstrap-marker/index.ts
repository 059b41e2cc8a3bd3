/** The bootstrap marker: spec builder (pure) and the KafkaBootstrapMarker component. */
export * from "./marker";
export * from "./spec";
