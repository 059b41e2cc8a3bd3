/**
 * TopicPartitionGuard: one dynamic resource per KafkaTopics that remembers, in the stack state,
 * how many partitions were last applied to each topic, and refuses a smaller count in its `check`
 * step. `pulumi preview` runs `check` for every resource without touching the cluster, so a
 * shrink fails the preview with the topic's config key in the message, before any Job runs. It
 * manages nothing outside the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, dynamicProvider } from "../../common/dynamic-provider";
import { PartitionGuardState, partitionGuardCheck, partitionGuardDiff } from "./shrink";

/** Type token of the guard (the dynamic provider's package is always `pulumi-nodejs`). */
export const PARTITION_GUARD_TYPE = "pulumi-nodejs:dynamic/kafka-eks:TopicPartitionGuard";

function state(inputs: PartitionGuardState): PartitionGuardState {
    // fromEntries defines own properties, so even a topic named `__proto__` stays a key.
    return { topics: Object.fromEntries(Object.entries(inputs.topics).map(([name, t]) => [name, { partitions: t.partitions, configKey: t.configKey }])) };
}

/** The provider; exported so tests can call its methods (mocks never run a dynamic provider). */
export const partitionGuardProvider: pulumi.dynamic.ResourceProvider<PartitionGuardState, PartitionGuardState> = {
    async check(olds, news) {
        return { inputs: news, failures: partitionGuardCheck(olds, news) };
    },
    async diff(_id, olds, news) {
        return partitionGuardDiff(olds, news);
    },
    async create(inputs) {
        return { id: "topic-partitions", outs: state(inputs) };
    },
    async update(_id, _olds, news) {
        return { outs: state(news) };
    },
    // Nothing to delete: the topics themselves are never deleted by this project.
    async delete() {},
};

export interface TopicPartitionGuardArgs {
    topics: pulumi.Input<PartitionGuardState["topics"]>;
}

const provider = dynamicProvider(__filename, "partitionGuardProvider", partitionGuardProvider);

export class TopicPartitionGuard extends DynamicResource<PartitionGuardState> {
    /** Per topic, the partition count last applied. */
    declare readonly topics: pulumi.Output<PartitionGuardState["topics"]>;

    constructor(name: string, args: TopicPartitionGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "kafka-eks", "TopicPartitionGuard");
    }
}
