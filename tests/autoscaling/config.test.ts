import { strict as assert } from "assert";
import { sections, parse, rejects } from "./config-helpers";

type Raw = Record<string, unknown>;

/** dev's config with one scaler replaced by `scaler` (merged over dev's orders-consumer scaler). */
function withScaler(scaler: Raw, extra: Raw = {}): Raw {
    const raw = sections("dev");
    const autoscaling = raw.autoscaling as { scalers: Raw[] };
    return { ...raw, ...extra, autoscaling: { ...autoscaling, scalers: [{ ...autoscaling.scalers[0], ...scaler }] } };
}

describe("config: autoscaling and consumers", () => {
    it("dev and prod stack files validate", () => {
        const dev = parse(sections("dev"));
        assert.equal(dev.autoscaling.scalers.length, 1);
        assert.equal(dev.consumers[0].workload?.name, "orders-consumer");
        const prod = parse(sections("prod"));
        assert.equal(prod.autoscaling.scalers[0].deployment, "billing-orders-consumer");
        assert.equal(prod.consumers[0].workload, undefined);
    });

    it("ScaledObject and HPA fields stay within int32, as the ScaledObject CRD (format: int32) and the HPA hold them", () => {
        rejects(withScaler({ pollingInterval: 2 ** 40 }), "kafka-eks:autoscaling.scalers[0].pollingInterval = 1099511627776: must be a whole number of seconds from 1 to 2147483647: lower it to 2147483647 seconds or less, or remove the key for the default 30");
        rejects(withScaler({ cooldownPeriod: 2 ** 31 }), "kafka-eks:autoscaling.scalers[0].cooldownPeriod = 2147483648: must be a whole number of seconds from 0 to 2147483647: lower it to 2147483647 seconds or less, or remove the key for the default 300");
        assert.equal(parse(withScaler({ pollingInterval: 2 ** 31 - 1 })).autoscaling.scalers[0].pollingInterval, 2 ** 31 - 1);
    });

    it("resolves defaults: maxReplicaCount = the topic's partitions, rebalance-friendly HPA behaviour", () => {
        const c = parse(withScaler({ maxReplicaCount: undefined, lagThreshold: undefined, cooldownPeriod: undefined }));
        const s = c.autoscaling.scalers[0];
        assert.equal(s.maxReplicaCount, 6);
        assert.equal(s.lagThreshold, 10);
        assert.equal(s.cooldownPeriod, 300);
        assert.equal(s.pollingInterval, 30);
        assert.equal(s.offsetResetPolicy, "latest");
        assert.deepEqual(s.behavior, {
            scaleUp: { stabilizationWindowSeconds: 30, podsPerPeriod: 2, periodSeconds: 60 },
            scaleDown: { stabilizationWindowSeconds: 300, podsPerPeriod: 1, periodSeconds: 120 },
        });
        assert.deepEqual(c.autoscaling.keda, { install: true, namespace: "keda" });
    });

    it("rejects maxReplicaCount above the topic's partitions", () => {
        rejects(
            withScaler({ maxReplicaCount: 7 }),
            "kafka-eks:autoscaling.scalers[0].maxReplicaCount = 7: must be at most the partitions of topic orders (6): replicas beyond that sit idle (set allowIdleConsumers to allow it)",
        );
    });

    it("accepts maxReplicaCount above the partitions with allowIdleConsumers", () => {
        assert.equal(parse(withScaler({ maxReplicaCount: 12, allowIdleConsumers: true })).autoscaling.scalers[0].maxReplicaCount, 12);
    });

    it("rejects minReplicaCount above maxReplicaCount", () => {
        rejects(withScaler({ minReplicaCount: 5, maxReplicaCount: 3 }), "kafka-eks:autoscaling.scalers[0].minReplicaCount = 5: must be at most maxReplicaCount (3)");
    });

    it("rejects minReplicaCount above the defaulted maxReplicaCount (the partitions)", () => {
        rejects(withScaler({ minReplicaCount: 7, maxReplicaCount: undefined }), "kafka-eks:autoscaling.scalers[0].minReplicaCount = 7: must be at most maxReplicaCount (6)");
    });

    it("rejects allowIdleConsumers with limitToPartitionsWithLag", () => {
        rejects(
            withScaler({ allowIdleConsumers: true, limitToPartitionsWithLag: true }),
            "kafka-eks:autoscaling.scalers[0].limitToPartitionsWithLag = true: allowIdleConsumers and limitToPartitionsWithLag are mutually exclusive",
        );
    });

    it("rejects a topic not declared in topics", () => {
        rejects(withScaler({ topic: "payments" }), 'kafka-eks:autoscaling.scalers[0].topic = "payments": must name a topic declared in topics (declared: orders, events)');
    });

    it("rejects a consumer group not declared in consumers", () => {
        rejects(
            withScaler({ consumerGroup: "unknown-group" }),
            'kafka-eks:autoscaling.scalers[0].consumerGroup = "unknown-group": must name a consumer group declared in consumers (declared: orders-processor)',
        );
    });

    it("rejects a group declared for another topic", () => {
        rejects(
            withScaler({ topic: "events", maxReplicaCount: 3 }),
            'kafka-eks:autoscaling.scalers[0].consumerGroup = "orders-processor": is declared in consumers for topic orders, not for events',
        );
    });

    it("rejects a consumer on an undeclared topic", () => {
        const raw = sections("dev");
        rejects({ ...raw, consumers: [...(raw.consumers as Raw[]), { group: "x", topic: "nope" }] }, 'kafka-eks:consumers[1].topic = "nope": must name a topic declared in topics (declared: orders, events)');
    });

    const long = `orders-consumer-${"x".repeat(39)}`; // 55 characters
    it("rejects a ScaledObject name longer than 54 characters without hpaName", () => {
        assert.equal(long.length, 55);
        rejects(withScaler({ name: long }), `kafka-eks:autoscaling.scalers[0].name = "${long}": must be at most 54 characters (KEDA names the HPA "keda-hpa-<name>", at most 63), or set hpaName`);
    });

    it("accepts that name with hpaName set", () => {
        assert.equal(parse(withScaler({ name: long, hpaName: "orders-hpa" })).autoscaling.scalers[0].hpaName, "orders-hpa");
    });

    it("rejects fallback.replicas above maxReplicaCount", () => {
        rejects(withScaler({ fallback: { replicas: 9 }, allowIdleConsumers: false }), "kafka-eks:autoscaling.scalers[0].fallback = {\"replicas\":9}: fallback.replicas (9) must be at most maxReplicaCount (6)");
    });

    it("rejects two scalers on one Deployment and duplicate names", () => {
        const raw = sections("dev");
        const [s] = (raw.autoscaling as { scalers: Raw[] }).scalers;
        rejects(
            { ...raw, autoscaling: { scalers: [s, { ...s }] } },
            'kafka-eks:autoscaling.scalers[1].deployment = "orders-consumer": is already scaled by another scaler: one ScaledObject per Deployment (two HPAs would fight)',
        );
        rejects({ ...raw, autoscaling: { scalers: [s, { ...s }] } }, 'kafka-eks:autoscaling.scalers[1].name = "orders-consumer": must be unique: two scalers share this ScaledObject name');
    });

    it("a scaler in a team namespace must have that namespace listed in security.clientNamespaces (the error names both keys)", () => {
        const team = (extra: Raw = {}) => {
            const raw = withScaler({ namespace: "orders-team", deployment: "orders-app" }, extra);
            const consumers = (raw.consumers as Raw[]).map((c) => ({ ...c, workload: undefined }));
            return { ...raw, consumers };
        };
        rejects(
            team(),
            'kafka-eks:autoscaling.scalers[0].namespace = "orders-team": orders-team is not listed in security.clientNamespaces, so its pods could not reach the brokers: add it to security.clientNamespaces',
        );
        const ok = parse(team({ security: { ...(sections("dev").security as Raw), clientNamespaces: ["orders-team"] } }));
        assert.equal(ok.autoscaling.scalers[0].namespace, "orders-team");
    });

    it("the Kafka namespace holds only the cluster: a scaler there may target only the stack's own example consumer, in the namespace its workload names", () => {
        const raw = withScaler({ deployment: "team-app" });
        rejects(
            { ...raw, consumers: (raw.consumers as Raw[]).map((c) => ({ ...c, workload: undefined })) },
            'kafka-eks:autoscaling.scalers[0].namespace = (not set): is kafka.namespace (kafka), which holds only the cluster: run team-app in the team\'s own namespace, set autoscaling.scalers[0].namespace to it and list it in security.clientNamespaces',
        );
        // The example consumer moved to a team namespace: its scaler must follow.
        const moved = sections("dev");
        const consumers = (moved.consumers as { workload: Raw }[]).map((c) => ({ ...c, workload: { ...c.workload, namespace: "demo" } }));
        const security = { ...(moved.security as Raw), clientNamespaces: ["demo"] };
        rejects(
            { ...moved, consumers, security },
            'kafka-eks:autoscaling.scalers[0].namespace = (not set): is kafka, but the Deployment orders-consumer is the example consumer of consumers[0].workload, which runs in demo: set the same namespace in both',
        );
        assert.doesNotThrow(() => parse(withScaler({ namespace: "demo" }, { consumers, security })));
        rejects({ ...moved, consumers, security: { ...security, clientNamespaces: [] } }, 'kafka-eks:consumers[0].workload.namespace = "demo": demo is not listed in security.clientNamespaces, so its pods could not reach the brokers: add it to security.clientNamespaces');
    });

    it("rejects lagThreshold 0 and unknown keys", () => {
        rejects(withScaler({ lagThreshold: 0 }), "kafka-eks:autoscaling.scalers[0].lagThreshold = 0: must be a whole number, at least 1: raise it to 1 or more, or remove the key for the default 10");
        rejects(withScaler({ replicas: 3 }), "kafka-eks:autoscaling.scalers[0].replicas = 3: unknown key (see the config reference in README.md)");
    });
});
