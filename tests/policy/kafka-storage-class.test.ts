import * as assert from "assert";
import { kafkaStorageClass } from "../../policy/policies/kafka-storage-class";
import { checkResource, type Fixture } from "./fixtures";
import { labels, statefulSet } from "./objects";

function pvc(storageClassName?: string): Fixture {
    return {
        type: "kubernetes:core/v1:PersistentVolumeClaim",
        name: "zk-extra",
        props: { metadata: { name: "zk-extra", namespace: "kafka", labels: labels("zookeeper", "kafka-zookeeper") }, spec: { ...(storageClassName ? { storageClassName } : {}), accessModes: ["ReadWriteOnce"] } },
    };
}

describe("policy kafka-storage-class", () => {
    it("passes claim templates and PVCs on ebs-default", async () => {
        assert.deepStrictEqual(await checkResource(kafkaStorageClass, statefulSet("kafka-broker", "kafka-broker", { replicas: 3 })), []);
        assert.deepStrictEqual(await checkResource(kafkaStorageClass, pvc("ebs-default")), []);
    });

    it("fails a claim template on gp2, naming the StatefulSet and field", async () => {
        const messages = await checkResource(kafkaStorageClass, statefulSet("zookeeper", "kafka-zookeeper", { replicas: 3, storageClassName: "gp2" }));
        assert.deepStrictEqual(messages, ['StatefulSet kafka/kafka-zookeeper: spec.volumeClaimTemplates[0].spec.storageClassName is "gp2"; set it to "ebs-default".']);
    });

    it("fails a claim without storageClassName (cluster default)", async () => {
        const [template] = await checkResource(kafkaStorageClass, statefulSet("kafka-controller", "kafka-controller", { replicas: 3, storageClassName: null }));
        assert.match(template, /spec\.volumeClaimTemplates\[0\]\.spec\.storageClassName is unset \(the cluster's default class would be used\)/);
        const [claim] = await checkResource(kafkaStorageClass, pvc());
        assert.match(claim, /^PersistentVolumeClaim kafka\/zk-extra: spec\.storageClassName is unset/);
    });

    it("ignores volumes of other components", async () => {
        assert.deepStrictEqual(await checkResource(kafkaStorageClass, statefulSet("kafka-manager", "ui", { storageClassName: "gp2" })), []);
    });
});
