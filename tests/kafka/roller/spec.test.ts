/** The roller's spec builder: arguments per layout, RBAC by name, the Job name as a fingerprint. */
import { strict as assert } from "assert";
import { rollerArgs, rollerSpecs, RollerArgs } from "../../../components/kafka/roller/spec";

const base: RollerArgs = {
    cluster: "kafka",
    namespace: "kafka",
    kraft: true,
    pools: [{ statefulSet: "kafka-broker", nodeIdBase: 0, replicas: 3, isBroker: true, isController: true }],
    image: "apache/kafka:4.3.1",
    bootstrapServers: "kafka-bootstrap.kafka.svc.cluster.local:9092",
    client: { securityProtocol: "PLAINTEXT" },
    podRevision: "r1",
    script: "#!/bin/bash",
    kubeApiScript: "api() { :; }",
    clientScript: "#!/bin/sh",
};
const pool = (args: string[]) => args.filter((_, i) => args[i - 1] === "--pool");

describe("roller spec", () => {
    it("combined nodes are one 'combined' pool; ZooKeeper-mode brokers get no quorum check", () => {
        assert.deepEqual(pool(rollerArgs(base)), ["kafka-broker:0:combined"]);
        assert.ok(rollerArgs(base).includes("--kraft"));
        const zk = rollerArgs({ ...base, kraft: false, pools: [{ ...base.pools[0], isController: false }] });
        assert.deepEqual(pool(zk), ["kafka-broker:0:broker"]);
        assert.ok(!zk.includes("--kraft"));
    });

    it("a new pod revision (config or certificate) is a new Job name; the same inputs the same name", () => {
        const name = (a: RollerArgs) => rollerSpecs(a).job.metadata.name;
        assert.equal(name(base), name({ ...base }));
        assert.notEqual(name(base), name({ ...base, podRevision: "r2" }));
        assert.notEqual(name(base), name({ ...base, script: "#!/bin/bash\n# fixed" }));
        assert.match(name(base), /^kafka-roller-[0-9a-f]{8}$/);
    });

    it("RBAC: get the StatefulSets, get and delete their pods, by name only", () => {
        const s = rollerSpecs(base);
        assert.deepEqual(s.role.rules, [
            { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: ["kafka-broker"], verbs: ["get"] },
            { apiGroups: [""], resources: ["pods"], resourceNames: ["kafka-broker-0", "kafka-broker-1", "kafka-broker-2"], verbs: ["get", "delete"] },
        ]);
        assert.equal(s.job.spec.template.spec?.serviceAccountName, "kafka-roller");
        assert.deepEqual(s.job.spec.podFailurePolicy?.rules[0].onExitCodes?.values, [1, 2]);
    });
});
