/**
 * ClusterLayoutGuard: a dynamic resource that remembers what the running cluster was deployed
 * with (metadata layout, quorum sizes, name, version, listener security, CA) in the stack state
 * and refuses, in its `check` step, a change a rolling restart cannot survive (rule.ts), so
 * `pulumi preview` stops with the config key and the procedure instead of `pulumi up` breaking
 * the cluster halfway. It manages nothing outside the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, dynamicProvider } from "../../common/dynamic-provider";
import { LiveState, liveChangeCheck, liveChangeDiff, liveState } from "./rule";

/** Type token of the guard (the dynamic provider's package is always `pulumi-nodejs`). */
export const LAYOUT_GUARD_TYPE = "pulumi-nodejs:dynamic/kafka-eks:ClusterLayoutGuard";

/** The provider; exported so tests can call it (mocks never run a dynamic provider). */
export const layoutGuardProvider: pulumi.dynamic.ResourceProvider<LiveState, LiveState> = {
    async check(olds, news) {
        return liveChangeCheck(olds, news);
    },
    async diff(_id, olds, news) {
        return liveChangeDiff(olds, news);
    },
    async create(inputs) {
        return { id: `${inputs.namespace}/${inputs.mode}`, outs: liveState(inputs) };
    },
    async update(_id, _olds, news) {
        return { outs: liveState(news) };
    },
    async delete() {},
};

/** What the program declares; the check step adds `metadataFormat`. */
export type ClusterLayoutGuardArgs = Omit<LiveState, "metadataFormat">;

const provider = dynamicProvider(__filename, "layoutGuardProvider", layoutGuardProvider);

export class ClusterLayoutGuard extends DynamicResource<LiveState> {
    constructor(name: string, args: ClusterLayoutGuardArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "kafka-eks", "ClusterLayoutGuard");
    }
}
