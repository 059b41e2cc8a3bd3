/** Keys that are valid in general but do nothing in this stack's shape are reported, not ignored. */
import { strict as assert } from "assert";
import { NS, onlyProblem, problemLines, problemsOf } from "./problems";

describe("config: sections and keys that do not apply", () => {
    it("a kraft block in ZooKeeper mode", () =>
        onlyProblem(
            problemsOf("dev", (c) => (c.kafka.kraft = { controllers: 3 })),
            `${NS}:kafka.kraft = {"controllers":3}: applies only to kafka.mode kraft; ZooKeeper mode has no KRaft controllers (remove it)`,
        ));

    it("a zookeeper section in KRaft mode", () =>
        onlyProblem(
            problemsOf("prod", (c) => (c.zookeeper = { replicas: 3 })),
            `${NS}:zookeeper = {"replicas":3}: applies only to kafka.mode zookeeper; KRaft runs no ZooKeeper (remove the section)`,
        ));

    it("dedicated-controller settings with combined nodes", () =>
        assert.deepEqual(
            problemsOf("prod", (c) => (c.kafka.kraft = { topology: "combined", controllers: 3 })),
            [
                `${NS}:kafka.kraft.controllers = 3: applies only to kafka.kraft.topology dedicated; with combined nodes every broker votes (kafka.brokers)`,
                `${NS}:kafka.controllerStorageGiB = 20: applies only to kafka.kraft.topology dedicated; combined nodes use kafka.resources and kafka.storageGiB`,
            ],
        ));

    it("EKS-only keys in existing-cluster mode say which mode they belong to", () =>
        onlyProblem(
            problemsOf("dev", (c) => {
                c.platform = { mode: "existing", nodeGroups: c.platform.nodeGroups };
                c.storage = { provisioner: "rancher.io/local-path" };
            }),
            `${NS}:platform.nodeGroups = [{"name":"general","instanceTypes":["t3.xlarge"],"minSize":3,"desiredSize":3,"maxSize":4,"diskSizeGiB":30}]: applies only to platform.mode eks; this stack has platform.mode existing`,
        ));

    it("EBS parameters for another provisioner", () =>
        onlyProblem(
            problemsOf("dev", (c) => {
                c.platform = { mode: "existing" };
                c.storage = { provisioner: "rancher.io/local-path", iops: 6000 };
            }),
            `${NS}:storage.iops = 6000: is an EBS parameter; storage.provisioner rancher.io/local-path does not read it`,
        ));

    it("settings of a disabled manager and certificates without TLS", () => {
        // Turning the manager off is one change: one line (it used to be one per key).
        onlyProblem(
            problemsOf("prod", (c) => (c.manager.enabled = false)),
            `${NS}:manager.enabled = false: leaves manager.kind, manager.readOnly, manager.resources without effect: remove them, or set enabled true`,
        );
        onlyProblem(problemsOf("dev", (c) => (c.manager = { enabled: false, readOnly: true })), `${NS}:manager.readOnly = true: has no effect: manager.enabled is false`);
        onlyProblem(
            // prod's application user needs authentication: dropped with it.
            problemsOf("prod", (c) => {
                c.security = { ...c.security, tls: false, authentication: "none" };
                c.users = [];
            }),
            `${NS}:security.certificates = {"validityDays":365,"renewBeforeDays":30}: has no effect: security.tls is false (no certificates are generated)`,
        );
    });

    it("metrics settings and lag alerts without metrics; a lag alert without the lag exporter", () => {
        assert.deepEqual(problemsOf("prod", (c) => (c.metrics.enabled = false)), [
            `${NS}:metrics.enabled = false: leaves metrics.prometheusOperator, metrics.scraperNamespace without effect: remove them, or set enabled true`,
            `${NS}:consumers[0].lagAlertThreshold = 1000: has no effect: metrics.enabled is false`,
        ]);
        onlyProblem(
            problemsOf("prod", (c) => (c.metrics.lagExporter = false)),
            `${NS}:consumers[0].lagAlertThreshold = 1000: has no effect: metrics.lagExporter is false (no kafka_consumergroup_lag)`,
        );
    });

    it("an empty block sets nothing and is not reported", () =>
        assert.deepEqual(problemLines({ platform: { mode: "existing" }, storage: { provisioner: "rancher.io/local-path" }, kafka: { mode: "kraft" }, zookeeper: {} }), []));
});
