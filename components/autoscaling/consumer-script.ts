/**
 * Shell run by the example consumer: writes the client properties from the environment (SASL and
 * CA only when present), then runs kafka-console-consumer with a slow reader behind it, so each
 * record "takes" PROCESSING_DELAY seconds and lag builds up under load — enough to see KEDA scale.
 * The pipe blocks the consumer while the reader sleeps (back-pressure), so records are not dropped.
 */
export const CLIENT_PROPERTIES = "/tmp/client.properties";

export const CONSUMER_SCRIPT = `set -eu
props=${CLIENT_PROPERTIES}
echo "security.protocol=$SECURITY_PROTOCOL" > "$props"
if [ -n "\${CLIENT_SASL_USERNAME:-}" ]; then
  echo "sasl.mechanism=$SASL_MECHANISM" >> "$props"
  printf 'sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\\n' "$CLIENT_SASL_USERNAME" "$CLIENT_SASL_PASSWORD" >> "$props"
fi
if [ -n "\${CA_FILE:-}" ]; then
  echo "ssl.truststore.type=PEM" >> "$props"
  echo "ssl.truststore.location=$CA_FILE" >> "$props"
fi
trap 'trap - TERM INT; kill 0' TERM INT
/opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --topic "$TOPIC" --group "$GROUP" \\
  --consumer.config "$props" --consumer-property max.poll.records=50 |
  while IFS= read -r _record; do sleep "$PROCESSING_DELAY"; done &
wait
`;
