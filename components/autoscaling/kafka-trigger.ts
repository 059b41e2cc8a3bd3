/**
 * The KEDA `kafka` trigger as data: typed settings in, string metadata out. Credentials never go
 * into metadata: the SASL user/password and the CA come from a TriggerAuthentication
 * (secretTargetRef); only the non-secret switches `sasl` and `tls` are metadata.
 */
import type { KafkaClientSettings } from "../common/client";
import type { ScalerTuning } from "./scaler-settings";

/** KEDA's name for a SASL mechanism (trigger parameter `sasl`). */
export function kedaSaslMode(mechanism: NonNullable<KafkaClientSettings["sasl"]>["mechanism"]): "scram_sha512" {
    switch (mechanism) {
        case "SCRAM-SHA-512":
            return "scram_sha512";
    }
}

/** Whether the client connection is TLS-encrypted. */
export function usesTls(client: Pick<KafkaClientSettings, "securityProtocol">): boolean {
    return client.securityProtocol === "SSL" || client.securityProtocol === "SASL_SSL";
}

/** Whether a TriggerAuthentication is needed: SASL credentials or a CA to trust. */
export function needsTriggerAuthentication(client: Pick<KafkaClientSettings, "sasl" | "tls">): boolean {
    return client.sasl !== undefined || client.tls !== undefined;
}

export type TriggerTuning = Pick<
    ScalerTuning,
    | "lagThreshold"
    | "activationLagThreshold"
    | "offsetResetPolicy"
    | "allowIdleConsumers"
    | "limitToPartitionsWithLag"
    | "scaleToZeroOnInvalidOffset"
    | "excludePersistentLag"
>;

export interface KafkaTriggerInput extends TriggerTuning {
    bootstrapServers: string;
    topic: string;
    consumerGroup: string;
    client: Pick<KafkaClientSettings, "securityProtocol" | "sasl">;
}

/** Trigger metadata: every key a `kafka` scaler parameter, every value a string. */
export function kafkaTriggerMetadata(t: KafkaTriggerInput): Record<string, string> {
    const metadata: Record<string, string> = {
        bootstrapServers: t.bootstrapServers,
        consumerGroup: t.consumerGroup,
        topic: t.topic,
        lagThreshold: String(t.lagThreshold),
        activationLagThreshold: String(t.activationLagThreshold),
        offsetResetPolicy: t.offsetResetPolicy,
        allowIdleConsumers: String(t.allowIdleConsumers),
        limitToPartitionsWithLag: String(t.limitToPartitionsWithLag),
        scaleToZeroOnInvalidOffset: String(t.scaleToZeroOnInvalidOffset),
        excludePersistentLag: String(t.excludePersistentLag),
    };
    if (t.client.sasl !== undefined) metadata.sasl = kedaSaslMode(t.client.sasl.mechanism);
    if (usesTls(t.client)) metadata.tls = "enable";
    return metadata;
}
