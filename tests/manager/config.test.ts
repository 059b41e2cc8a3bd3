import { strict as assert } from "assert";
import { parse, rejects, sections } from "../autoscaling/config-helpers";

describe("config: manager", () => {
    it("defaults: kafka-ui with login admin, not read-only", () => {
        const raw = sections("dev");
        delete raw.manager;
        const c = parse(raw);
        assert.deepEqual(c.manager, { enabled: true, kind: "kafka-ui", login: true, username: "admin", readOnly: false, resources: { cpu: "250m", memoryMiB: 1024, heapMiB: 512 } });
    });

    it("prod runs kafka-ui read-only", () => {
        assert.equal(parse(sections("prod")).manager.readOnly, true);
    });

    it("accepts cmak in ZooKeeper mode (dev)", () => {
        assert.equal(parse({ ...sections("dev"), manager: { kind: "cmak" } }).manager.kind, "cmak");
    });

    it("rejects cmak in KRaft mode", () => {
        rejects(
            { ...sections("prod"), manager: { kind: "cmak" } },
            'kafka-eks:manager.kind = "cmak": cmak requires kafka.mode zookeeper (CMAK reads cluster state from ZooKeeper and cannot manage KRaft clusters); use kafka-ui',
        );
    });

    it("rejects an open UI that can change the cluster", () => {
        rejects({ ...sections("dev"), manager: { login: false } }, "kafka-eks:manager.login = false: may be false only with readOnly: true (an open UI must not be able to change the cluster)");
        assert.equal(parse({ ...sections("dev"), manager: { login: false, readOnly: true } }).manager.login, false);
    });

    it("rejects readOnly with cmak, and unknown kinds", () => {
        rejects({ ...sections("dev"), manager: { kind: "cmak", readOnly: true } }, "kafka-eks:manager.readOnly = true: is a kafka-ui feature; CMAK has no read-only mode");
        rejects({ ...sections("dev"), manager: { kind: "akhq" } }, 'kafka-eks:manager.kind = "akhq": must be one of kafka-ui, cmak');
    });
});
