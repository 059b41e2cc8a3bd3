/**
 * ClusterLayoutGuard: a dynamic resource that remembers the deployed metadata layout (mode,
 * KRaft topology, namespace) in the stack state and refuses a change in its `check` step, so
 * `pulumi preview` stops with the config key and the procedure instead of `pulumi up` failing
 * halfway on objects that already exist. It manages nothing outside the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { DynamicResource, dynamicProvider } from "../../common/dynamic-provider";
import { LayoutState, layoutGuardCheck, layoutGuardDiff } from "./rule";

const state = (s: LayoutState): LayoutState => ({ mode: s.mode, topology: s.topology, namespace: s.namespace, configKey: s.configKey });

/** The provider; exported so tests can call it (mocks never run a dynamic provider). */
export const layoutGuardProvider: pulumi.dynamic.ResourceProvider<LayoutState, LayoutState> = {
    async check(olds, news) {
        return { inputs: news, failures: layoutGuardCheck(olds, news) };
    },
    async diff(_id, olds, news) {
        return layoutGuardDiff(olds, news);
    },
    async create(inputs) {
        return { id: `${inputs.namespace}/${inputs.mode}`, outs: state(inputs) };
    },
    async update(_id, _olds, news) {
        return { outs: state(news) };
    },
    async delete() {},
};

const provider = dynamicProvider(__filename, "layoutGuardProvider", layoutGuardProvider);

export class ClusterLayoutGuard extends DynamicResource<LayoutState> {
    constructor(name: string, args: LayoutState, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { ...args }, opts, "kafka-eks", "ClusterLayoutGuard");
    }
}
