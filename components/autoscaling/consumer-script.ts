/**
 * Shell run by the example consumer, behind the shared client-properties wrapper (which writes
 * $CLIENT_PROPERTIES from the cluster's security settings first): kafka-console-consumer with a
 * slow reader behind it, so each record "takes" PROCESSING_DELAY seconds and lag builds up under
 * load — enough to see KEDA scale. The pipe blocks the consumer while the reader sleeps
 * (back-pressure), so records are not dropped.
 */
export const CONSUMER_SCRIPT = `set -eu
trap 'trap - TERM INT; kill 0' TERM INT
/opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --topic "$TOPIC" --group "$GROUP" \\
  --consumer.config "$CLIENT_PROPERTIES" --consumer-property max.poll.records=50 |
  while IFS= read -r _record; do sleep "$PROCESSING_DELAY"; done &
wait
`;
