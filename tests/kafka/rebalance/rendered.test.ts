/**
 * The partition moves as the stacks deploy them: the broker StatefulSet's update waits for the drain
 * Job (so a lower kafka.brokers shrinks it only once the removed brokers are empty), the spread Job
 * runs after the roller where kafka.rebalance.onScaleUp is on (prod) and not in dev, a new broker
 * count is a new Job, and combined KRaft nodes (fixed count) have neither.
 */
import { strict as assert } from "assert";
import { input, RenderedResource, renderStack, stackSection } from "../../harness";
import { REBALANCE_POLL_SECONDS } from "../../../components/kafka/rebalance/spec";

const kind = (rs: RenderedResource[], k: string) => rs.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.inputs.kind === k);
const named = (rs: RenderedResource[], k: string, name: string) => kind(rs, k).find((r) => input<string>(r, "metadata.name") === name)!;
const job = (rs: RenderedResource[], prefix: string) => kind(rs, "Job").find((j) => input<string>(j, "metadata.name").startsWith(prefix));
const argsOf = (j: RenderedResource) => input<{ args: string[] }[]>(j, "spec.template.spec.containers")[0].args;
const argOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];
const secretsOf = (j: RenderedResource): string[] => JSON.stringify(input(j, "spec.template.spec.volumes")).match(/kafka-[a-z-]*credentials/g) ?? [];

describe("the partition moves in the rendered stacks", function () {
    this.timeout(240_000);
    let prod: RenderedResource[];
    let dev: RenderedResource[];
    let prodFive: RenderedResource[];
    let kindStack: RenderedResource[];
    before(async () => {
        // One evaluation at a time: the mock runtime is process-wide.
        prod = (await renderStack("prod")).resources;
        dev = (await renderStack("dev")).resources;
        kindStack = (await renderStack("kind")).resources;
        const kafka = stackSection("prod", "kafka")!;
        prodFive = (await renderStack("prod", { kafka: { ...kafka, brokers: 5 } })).resources;
    });

    for (const stack of ["prod", "dev"]) {
        it(`${stack}: the broker StatefulSet depends on the drain Job, which reads the StatefulSet and logs in as the inter-broker user`, () => {
            const rs = stack === "prod" ? prod : dev;
            const drain = job(rs, "kafka-rebalance-drain-")!;
            assert.ok(drain, "a drain Job");
            assert.ok(named(rs, "StatefulSet", "kafka-broker").dependencies.includes(drain.urn), "the StatefulSet update waits for the drain");
            const args = argsOf(drain);
            assert.equal(argOf(args, "--mode"), "drain");
            assert.equal(argOf(args, "--brokers"), String(stackSection(stack, "kafka")!.brokers));
            assert.equal(argOf(args, "--statefulset"), "kafka-broker");
            assert.equal(argOf(args, "--throttle"), "52428800", "kafka.rebalance.throttleBytesPerSecond's default");
            assert.equal(Number(argOf(args, "--poll-seconds")) * Number(argOf(args, "--max-polls")), 120 * 60, "kafka.rebalance.maxWaitMinutes");
            assert.equal(Number(argOf(args, "--poll-seconds")), REBALANCE_POLL_SECONDS);
            if (stack === "prod") assert.ok(secretsOf(drain).includes("kafka-admin-credentials"), JSON.stringify(secretsOf(drain)));
            const rules = input<{ resources: string[]; resourceNames: string[]; verbs: string[] }[]>(named(rs, "Role", "kafka-rebalance"), "rules");
            assert.deepEqual(rules.map((r) => [r.resources, r.resourceNames, r.verbs]), [[["statefulsets"], ["kafka-broker"], ["get"]], [["pods"], ["kafka-broker-0", "kafka-broker-1", "kafka-broker-2"], ["get"]]]);
        });
    }

    it("prod: the spread Job runs after the roller and the broker StatefulSet; dev (onScaleUp false) has none", () => {
        const spread = job(prod, "kafka-rebalance-spread-")!;
        assert.ok(spread);
        const roller = job(prod, "kafka-roller-")!;
        assert.ok(spread.dependencies.includes(roller.urn) && spread.dependencies.includes(named(prod, "StatefulSet", "kafka-broker").urn));
        assert.equal(argOf(argsOf(spread), "--mode"), "spread");
        assert.equal(job(dev, "kafka-rebalance-spread-"), undefined);
    });

    it("a new broker count is a new drain and spread Job (Pulumi runs them again); the same count is the same Job", async () => {
        const again = (await renderStack("prod")).resources;
        for (const prefix of ["kafka-rebalance-drain-", "kafka-rebalance-spread-"]) {
            assert.equal(input(job(again, prefix)!, "metadata.name"), input(job(prod, prefix)!, "metadata.name"), prefix);
            assert.notEqual(input(job(prodFive, prefix)!, "metadata.name"), input(job(prod, prefix)!, "metadata.name"), prefix);
        }
        assert.equal(argOf(argsOf(job(prodFive, "kafka-rebalance-drain-")!), "--brokers"), "5");
    });

    it("kind (combined KRaft nodes, whose count the layout guard keeps): no partition-move Jobs", () => {
        assert.equal(job(kindStack, "kafka-rebalance-"), undefined);
    });
});
