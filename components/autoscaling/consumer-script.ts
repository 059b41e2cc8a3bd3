/**
 * Shell run by the example consumer, behind the shared client-properties wrapper (which writes
 * $CLIENT_PROPERTIES from the cluster's security settings first): kafka-console-consumer with a
 * slow reader behind it, so each record "takes" PROCESSING_DELAY seconds and lag builds up under
 * load — enough to see KEDA scale. The pipe blocks the consumer while the reader sleeps
 * (back-pressure), so records are not dropped. Every line the consumer prints is read as a
 * record, so the flags are the image version's own (consoleClientFlags): a deprecated one would
 * put its warning on stdout (Kafka >= 4.2).
 */
import { consoleClientFlags } from "../common/kafka-cli-flags";

export function consumerScript(kafkaVersion: string): string {
    const f = consoleClientFlags(kafkaVersion);
    return `set -eu
trap 'trap - TERM INT; kill 0' TERM INT
/opt/kafka/bin/kafka-console-consumer.sh --bootstrap-server "$BOOTSTRAP_SERVERS" --topic "$TOPIC" --group "$GROUP" \\
  ${f.consumerConfig} "$CLIENT_PROPERTIES" ${f.consumerProperty} max.poll.records=50 |
  while IFS= read -r _record; do sleep "$PROCESSING_DELAY"; done &
wait
`;
}
