/**
 * FinalizedMetadataVersion: a dynamic resource that records, in the stack state, the KRaft
 * metadata.version the finalize Job set (features/). KafkaCluster registers it after that Job, so
 * its recorded level advances only once the level was really finalized (a failed upgrade leaves
 * it where it was, and a rollback stays possible); its check step, which `pulumi preview` runs,
 * refuses a `kafka.version` below the recorded level (rule.ts). It manages nothing outside the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, dynamicProvider } from "../../common/dynamic-provider";
import { FinalizedLevel, finalizedLevelCheck } from "./rule";

export const FINALIZED_LEVEL_TYPE = "pulumi-nodejs:dynamic/kafka-eks:FinalizedMetadataVersion";

/** The provider; exported so tests can call it (mocks never run a dynamic provider). */
export const finalizedLevelProvider: pulumi.dynamic.ResourceProvider<FinalizedLevel, FinalizedLevel> = {
    async check(olds, news) {
        return finalizedLevelCheck(olds, news);
    },
    async diff(_id, olds, news) {
        return { changes: olds.metadataVersion !== news.metadataVersion || olds.name !== news.name, replaces: [] };
    },
    async create(inputs) {
        return { id: inputs.name, outs: { configPrefix: inputs.configPrefix, name: inputs.name, metadataVersion: inputs.metadataVersion } };
    },
    async update(_id, _olds, news) {
        return { outs: { configPrefix: news.configPrefix, name: news.name, metadataVersion: news.metadataVersion } };
    },
    async delete() {},
};

const provider = dynamicProvider(__filename, "finalizedLevelProvider", finalizedLevelProvider);

export class FinalizedMetadataVersion extends DynamicResource<FinalizedLevel> {
    constructor(name: string, args: FinalizedLevel, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "kafka-eks", "FinalizedMetadataVersion");
    }
}
