/** Rendered Kubernetes specs for the ZooKeeper ensemble and the Kafka cluster in every mode. */
import * as assert from "node:assert/strict";
import { LABEL } from "../../components/common/labels";
import { STORAGE_CLASS_NAME } from "../../components/common/names";
import { buildBrokerConfig } from "../../components/kafka/broker-config";
import { CLUSTER_ID_KEY, JVM_ALIVE, kafkaSpecs, KafkaSpecs } from "../../components/kafka/kafka-spec";
import { READY_SUCCESS_THRESHOLD } from "../../components/kafka/kafka-pod";
import { readScript, SCRIPT } from "../../components/kafka/scripts";
import { FAILED_FETCH_METRIC, FOLLOWER_LAG_METRIC } from "../../components/observability/jmx-exporter";
import { CONFIG_CHECKSUM_ANNOTATION } from "../../components/kafka/workload-parts";
import { zookeeperSpecs } from "../../components/kafka/zookeeper-spec";
import { kraftCombined, kraftDedicated, plain, readList, stackConfig, zookeeperMode } from "./fixtures";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = any;

const ZOO_ENV = new Set([...readList("zookeeper/image-env-3.8.txt")].map((l) => l.split("=")[0]));

function specsOf(cfg = zookeeperMode()): KafkaSpecs {
    return kafkaSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper });
}

const podSpec = (sts: Obj) => sts.spec.template.spec;
const container = (sts: Obj, name: string) => [...(podSpec(sts).initContainers ?? []), ...podSpec(sts).containers].find((c: Obj) => c.name === name);
const envOf = (c: Obj) => Object.fromEntries((c.env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Zone spread + host anti-affinity over exactly this workload's pods. */
function assertSpread(sts: Obj): void {
    const spec = podSpec(sts);
    const podLabels = sts.spec.template.metadata.labels;
    const zone = spec.topologySpreadConstraints.find((t: Obj) => t.topologyKey === "topology.kubernetes.io/zone");
    assert.ok(zone, "zone spread");
    assert.equal(zone.maxSkew, 1);
    assert.ok(matches(zone.labelSelector.matchLabels, podLabels));
    const host = spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    assert.equal(host.topologyKey, "kubernetes.io/hostname");
    assert.ok(matches(host.labelSelector.matchLabels, podLabels));
}

function assertRestricted(sts: Obj, uid: number): void {
    const spec = podSpec(sts);
    assert.equal(spec.securityContext.runAsNonRoot, true);
    assert.equal(spec.securityContext.runAsUser, uid);
    assert.equal(spec.securityContext.seccompProfile.type, "RuntimeDefault");
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        assert.equal(c.securityContext.allowPrivilegeEscalation, false, c.name);
        assert.deepEqual(c.securityContext.capabilities.drop, ["ALL"], c.name);
        assert.ok(c.resources.limits.memory === c.resources.requests.memory, `${c.name}: memory request = limit`);
        assert.ok(!/:latest$|^[^:]+$/.test(c.image), `${c.name}: pinned image`);
    }
}

describe("specs: ZooKeeper ensemble", () => {
    const cfg = zookeeperMode();
    const zk = plain(zookeeperSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper }));
    const sts = zk.statefulSet;
    const c = container(sts, "zookeeper");
    const env = envOf(c);

    it("names, odd replicas, Parallel start, Retain claims", () => {
        assert.equal(sts.metadata.name, "kafka-zookeeper");
        assert.equal(sts.metadata.namespace, "kafka");
        assert.equal(sts.spec.replicas, 3);
        assert.equal(sts.spec.serviceName, "kafka-zookeeper-headless");
        assert.equal(sts.spec.podManagementPolicy, "Parallel");
        assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
        assert.equal(sts.metadata.labels[LABEL.component], "zookeeper");
        assert.equal(sts.metadata.labels[LABEL.partOf], "kafka");
        assert.ok(matches(sts.spec.selector.matchLabels, sts.spec.template.metadata.labels));
    });

    it("headless Service publishes not-ready peers; client Service on 2181", () => {
        assert.equal(zk.headlessService.metadata.name, "kafka-zookeeper-headless");
        assert.equal(zk.headlessService.spec.clusterIP, "None");
        assert.equal(zk.headlessService.spec.publishNotReadyAddresses, true);
        assert.deepEqual(zk.headlessService.spec.ports.map((p: Obj) => p.port), [2181, 2888, 3888]);
        assert.equal(zk.clientService.metadata.name, "kafka-zookeeper-client");
        assert.deepEqual(zk.clientService.spec.ports.map((p: Obj) => p.port), [2181]);
        for (const svc of [zk.headlessService, zk.clientService]) assert.ok(matches(svc.spec.selector, sts.spec.template.metadata.labels));
    });

    it("ZOO_SERVERS lists every member by pod DNS with peer, election and client ports", () => {
        assert.equal(
            env.ZOO_SERVERS,
            "server.1=kafka-zookeeper-0.kafka-zookeeper-headless.kafka.svc.cluster.local:2888:3888;2181 " +
                "server.2=kafka-zookeeper-1.kafka-zookeeper-headless.kafka.svc.cluster.local:2888:3888;2181 " +
                "server.3=kafka-zookeeper-2.kafka-zookeeper-headless.kafka.svc.cluster.local:2888:3888;2181",
        );
        assert.equal(zk.connectString.split(",").length, 3);
    });

    it("4lw whitelist has srvr,ruok,mntr; autopurge on; heap explicit; every ZOO_* var is one the image reads", () => {
        assert.deepEqual(env.ZOO_4LW_COMMANDS_WHITELIST.split(",").sort(), ["mntr", "ruok", "srvr"]);
        assert.ok(Number(env.ZOO_AUTOPURGE_PURGEINTERVAL) > 0);
        assert.equal(env.ZOO_DATA_DIR, "/data");
        assert.equal(env.ZOO_DATA_LOG_DIR, "/datalog");
        assert.equal(env.JVMFLAGS, `-Xms${cfg.zookeeper.resources.heapMiB}m -Xmx${cfg.zookeeper.resources.heapMiB}m`);
        assert.equal(c.resources.limits.memory, `${cfg.zookeeper.resources.memoryMiB}Mi`);
        const zooVars = Object.keys(env).filter((k) => k.startsWith("ZOO_"));
        assert.ok(zooVars.length >= 8);
        for (const k of zooVars) assert.ok(ZOO_ENV.has(k), `${k} is not an env var of the zookeeper 3.8 image`);
    });

    it("readiness = in quorum (srvr Mode), liveness = ruok, both through nc", () => {
        const ready = c.readinessProbe.exec.command.join(" ");
        assert.match(ready, /printf srvr \| nc .*localhost 2181 \| grep .*Mode/);
        assert.match(c.livenessProbe.exec.command.join(" "), /printf ruok \| nc .*2181 \| grep .*imok/);
        assert.ok(c.startupProbe, "startup probe keeps liveness off a starting server");
    });

    it("/data and /datalog on separate ebs-default claims, also created explicitly under the controller's names", () => {
        const templates = sts.spec.volumeClaimTemplates;
        assert.deepEqual(templates.map((t: Obj) => t.metadata.name), ["data", "datalog"]);
        for (const t of templates) assert.equal(t.spec.storageClassName, STORAGE_CLASS_NAME);
        assert.deepEqual(c.volumeMounts.filter((m: Obj) => ["data", "datalog"].includes(m.name)).map((m: Obj) => m.mountPath), ["/data", "/datalog"]);
        assert.deepEqual(
            zk.claims.map((p: Obj) => `${p.metadata.name}=${p.spec.resources.requests.storage}`),
            ["data-kafka-zookeeper-0=10Gi", "datalog-kafka-zookeeper-0=10Gi", "data-kafka-zookeeper-1=10Gi", "datalog-kafka-zookeeper-1=10Gi", "data-kafka-zookeeper-2=10Gi", "datalog-kafka-zookeeper-2=10Gi"],
        );
        for (const p of zk.claims) assert.equal(p.spec.storageClassName, STORAGE_CLASS_NAME);
    });

    it("zone spread + host anti-affinity, restricted security, PDB maxUnavailable 1", () => {
        assertSpread(sts);
        assertRestricted(sts, 1000);
        assert.equal(podSpec(sts).enableServiceLinks, false);
        assert.equal(zk.disruptionBudget.apiVersion, "policy/v1");
        assert.equal(zk.disruptionBudget.spec.maxUnavailable, 1);
        assert.equal(zk.disruptionBudget.spec.unhealthyPodEvictionPolicy, "IfHealthyBudget");
        assert.ok(matches(zk.disruptionBudget.spec.selector.matchLabels, sts.spec.template.metadata.labels));
    });

    it("the start wrapper ships in the ConfigMap the container runs it from", () => {
        assert.equal(zk.scripts.data[SCRIPT.zookeeperStart], readScript(SCRIPT.zookeeperStart));
        assert.equal(c.command.join(" "), `/bin/bash /etc/zookeeper-eks/${SCRIPT.zookeeperStart}`);
        assert.equal(podSpec(sts).volumes.find((v: Obj) => v.name === "scripts").configMap.name, zk.scripts.metadata.name);
    });
});

describe("specs: Kafka cluster", () => {
    const modes = {
        zookeeper: { cfg: zookeeperMode(), pools: [["kafka-broker", 3, "kafka-broker"]], image: "apache/kafka:3.9.2" },
        "kraft dedicated": {
            cfg: kraftDedicated(),
            pools: [
                ["kafka-controller", 3, "kafka-controller"],
                ["kafka-broker", 3, "kafka-broker"],
            ],
            image: "apache/kafka:4.3.1",
        },
        "kraft combined": { cfg: kraftCombined(), pools: [["events-broker", 3, "kafka"]], image: "apache/kafka:4.3.1" },
    } as const;

    for (const [mode, m] of Object.entries(modes)) {
        describe(mode, () => {
            const specs = plain(specsOf(m.cfg));

            it("one StatefulSet per role with the expected names, replicas and component labels", () => {
                assert.deepEqual(
                    specs.pools.map((p: Obj) => [p.statefulSet.metadata.name, p.statefulSet.spec.replicas, p.statefulSet.metadata.labels[LABEL.component]]),
                    m.pools,
                );
                for (const p of specs.pools) {
                    assert.equal(p.statefulSet.spec.serviceName, p.headlessService.metadata.name);
                    assert.equal(p.headlessService.spec.clusterIP, "None");
                    assert.equal(p.headlessService.spec.publishNotReadyAddresses, true);
                    assert.ok(matches(p.headlessService.spec.selector, p.statefulSet.spec.template.metadata.labels));
                    assert.equal(container(p.statefulSet, "kafka").image, m.image);
                }
            });

            it("pods: Parallel, no service links, long grace, explicit heap, memory request = limit, restricted", () => {
                for (const p of specs.pools) {
                    const sts = p.statefulSet;
                    const c = container(sts, "kafka");
                    assert.equal(sts.spec.podManagementPolicy, "Parallel");
                    assert.equal(podSpec(sts).enableServiceLinks, false);
                    assert.ok(podSpec(sts).terminationGracePeriodSeconds >= 120);
                    const res = p.pool.resources;
                    assert.equal(envOf(c).KAFKA_HEAP_OPTS, `-Xms${res.heapMiB}m -Xmx${res.heapMiB}m`);
                    assert.equal(c.resources.requests.memory, `${res.memoryMiB}Mi`);
                    assert.equal(c.resources.limits.memory, `${res.memoryMiB}Mi`);
                    assertRestricted(sts, 1000);
                    assertSpread(sts);
                    assert.deepEqual(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: "Retain", whenScaled: "Retain" });
                }
            });

            it("probes: startup with a long budget, readiness = serving and no follower lag (brokers) or listener up (controllers), liveness = process alive (not TCP)", () => {
                for (const p of specs.pools) {
                    const c = container(p.statefulSet, "kafka");
                    const port = p.pool.role === "kraft-controller" ? 9093 : 9092;
                    if (p.pool.isBroker) {
                        assert.deepEqual(c.readinessProbe.exec.command, ["/bin/bash", `/etc/kafka-eks/${SCRIPT.brokerReady}`, "9092", FOLLOWER_LAG_METRIC, FAILED_FETCH_METRIC]);
                        assert.equal(p.configMap.data[SCRIPT.brokerReady], readScript(SCRIPT.brokerReady));
                        assert.equal(c.readinessProbe.tcpSocket, undefined);
                        assert.equal(c.readinessProbe.successThreshold, READY_SUCCESS_THRESHOLD, "caught up on consecutive checks, not once");
                    } else {
                        assert.equal(c.readinessProbe.tcpSocket.port, port);
                        assert.equal(p.configMap.data[SCRIPT.brokerReady], undefined);
                    }
                    assert.equal(c.startupProbe.tcpSocket.port, port);
                    assert.ok(c.startupProbe.periodSeconds * c.startupProbe.failureThreshold >= 600, "startup budget >= 10 min");
                    assert.equal(c.livenessProbe.tcpSocket, undefined);
                    assert.deepEqual(c.livenessProbe.exec.command, ["/bin/bash", "-c", JVM_ALIVE]);
                }
            });

            it("data volume: ebs-default template plus explicit claims named as the controller names them", () => {
                for (const p of specs.pools) {
                    const [t] = p.statefulSet.spec.volumeClaimTemplates;
                    assert.equal(t.metadata.name, "data");
                    assert.equal(t.spec.storageClassName, STORAGE_CLASS_NAME);
                    assert.equal(t.spec.resources.requests.storage, `${p.pool.storageGiB}Gi`);
                    assert.deepEqual(
                        p.claims.map((c: Obj) => c.metadata.name),
                        Array.from({ length: p.pool.replicas }, (_, i) => `data-${p.statefulSet.metadata.name}-${i}`),
                    );
                    for (const c of p.claims) {
                        assert.deepEqual(c.spec, t.spec);
                        assert.equal(c.metadata.annotations["pulumi.com/skipAwait"], "true");
                    }
                    assert.equal(container(p.statefulSet, "kafka").volumeMounts.find((v: Obj) => v.name === "data").mountPath, "/var/lib/kafka/data");
                }
            });

            it("ConfigMap carries the rendered server.properties and the scripts; the pod template carries its checksum", () => {
                for (const p of specs.pools) {
                    assert.equal(p.configMap.data["server.properties"], p.serverProperties);
                    assert.equal(p.configMap.data[SCRIPT.kafkaNode], readScript(SCRIPT.kafkaNode));
                    assert.equal(podSpec(p.statefulSet).volumes.find((v: Obj) => v.name === "config").configMap.name, p.configMap.metadata.name);
                    assert.match(p.statefulSet.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION], /^[0-9a-f]{64}$/);
                }
            });

            it("PDB per role, maxUnavailable 1, a pod that is not Ready evicted only within the budget, selecting that role's pods", () => {
                for (const p of specs.pools) {
                    assert.equal(p.disruptionBudget.apiVersion, "policy/v1");
                    assert.equal(p.disruptionBudget.spec.maxUnavailable, 1);
                    assert.equal(p.disruptionBudget.spec.unhealthyPodEvictionPolicy, "IfHealthyBudget");
                    assert.ok(matches(p.disruptionBudget.spec.selector.matchLabels, p.statefulSet.spec.template.metadata.labels));
                    for (const other of specs.pools.filter((o: Obj) => o !== p)) {
                        assert.ok(!matches(p.disruptionBudget.spec.selector.matchLabels, other.statefulSet.spec.template.metadata.labels));
                    }
                }
            });

            it("bootstrap Service on 9092 selects brokers only", () => {
                const svc = specs.bootstrapService;
                assert.equal(svc.spec.type, "ClusterIP");
                assert.deepEqual(svc.spec.ports.map((p: Obj) => p.port), [9092]);
                for (const p of specs.pools) {
                    assert.equal(matches(svc.spec.selector, p.statefulSet.spec.template.metadata.labels), p.pool.isBroker, p.pool.role);
                }
                assert.equal(specs.bootstrapServers, `${svc.metadata.name}.${m.cfg.kafka.namespace}.svc.cluster.local:9092`);
            });

            it("bootstrap Service keeps brokers that are not Ready (readiness holds drains back, it does not route clients)", () => {
                assert.equal(specs.bootstrapService.spec.publishNotReadyAddresses, true);
            });

            it("broker pods look up their zone with a token only the init container sees", () => {
                for (const p of specs.pools) {
                    const spec = podSpec(p.statefulSet);
                    assert.equal(spec.automountServiceAccountToken, false);
                    const zone = container(p.statefulSet, "node-zone");
                    assert.equal(Boolean(zone), p.pool.isBroker, p.pool.role);
                    if (!zone) continue;
                    assert.ok(zone.volumeMounts.some((v: Obj) => v.name === "kube-api-access"));
                    assert.ok(!container(p.statefulSet, "kafka").volumeMounts.some((v: Obj) => v.name === "kube-api-access"));
                    assert.equal(spec.serviceAccountName, specs.serviceAccount.metadata.name);
                    assert.equal(envOf(zone).RACK_FILE, envOf(container(p.statefulSet, "kafka")).RACK_FILE);
                }
                assert.deepEqual(specs.nodeReaderRole.rules, [{ apiGroups: [""], resources: ["nodes"], verbs: ["get"] }]);
            });

            it(m.cfg.kafka.mode === "kraft" ? "KRaft: storage formatted by an init container with the cluster id from the Secret" : "ZooKeeper mode: no storage format, no cluster id", () => {
                for (const p of specs.pools) {
                    const format = container(p.statefulSet, "format-storage");
                    if (m.cfg.kafka.mode === "zookeeper") {
                        assert.equal(format, undefined);
                        assert.ok(!JSON.stringify(p.statefulSet).includes("CLUSTER_ID"));
                        continue;
                    }
                    assert.deepEqual(format.command.slice(-1), ["format"]);
                    assert.deepEqual(envOf(format).CLUSTER_ID, { secretKeyRef: { name: `${m.cfg.kafka.name}-cluster-id`, key: CLUSTER_ID_KEY } });
                    assert.equal(envOf(format).NODE_ID_BASE, envOf(container(p.statefulSet, "kafka")).NODE_ID_BASE);
                }
            });
        });
    }

    it("every object carries the labels contract (part-of, managed-by, component)", () => {
        const components = ["zookeeper", "kafka-broker", "kafka-controller", "kafka"];
        for (const cfg of [zookeeperMode(), kraftDedicated(), kraftCombined()]) {
            const k = plain(specsOf(cfg));
            const objects = [
                ...k.pools.flatMap((p: Obj) => [p.configMap, p.headlessService, p.statefulSet, p.disruptionBudget, ...p.claims, ...p.statefulSet.spec.volumeClaimTemplates]),
                k.bootstrapService,
                k.serviceAccount,
                k.nodeReaderRole,
                k.nodeReaderBinding,
                ...(k.clusterIdSecret ? [k.clusterIdSecret] : []),
            ];
            if (cfg.kafka.mode === "zookeeper") {
                const z = plain(zookeeperSpecs({ kafka: cfg.kafka, zookeeper: cfg.zookeeper }));
                objects.push(z.headlessService, z.clientService, z.scripts, z.statefulSet, z.disruptionBudget, ...z.claims);
            }
            for (const o of objects) {
                const l = o.metadata.labels;
                assert.equal(l[LABEL.partOf], cfg.kafka.name, JSON.stringify(o.metadata));
                assert.equal(l[LABEL.managedBy], "pulumi");
                assert.ok(components.includes(l[LABEL.component]), JSON.stringify(o.metadata));
            }
        }
    });

    it("node-id ranges of controllers and brokers are disjoint", () => {
        const [controllers, brokers] = specsOf(kraftDedicated({ brokers: 64 })).pools;
        const ids = (p: typeof controllers) => {
            const base = Number(envOf(container(plain(p.statefulSet), "kafka")).NODE_ID_BASE);
            return Array.from({ length: p.pool.replicas }, (_, i) => base + i);
        };
        const c = new Set(ids(controllers));
        assert.ok(ids(brokers).every((id) => !c.has(id)));
    });

    it("a config change changes the pod checksum (rolls the pods); an unrelated render does not", () => {
        const sum = (cfg: ReturnType<typeof kraftDedicated>) => plain(specsOf(cfg).pools[1].statefulSet).spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION];
        assert.equal(sum(kraftDedicated()), sum(kraftDedicated()));
        assert.notEqual(sum(kraftDedicated()), sum(kraftDedicated({ config: { "log.retention.hours": 24 } })));
    });

    it("storage growth only changes sizes, never names (no StatefulSet replacement needed)", () => {
        const small = plain(specsOf(zookeeperMode({ storageGiB: 20 }))).pools[0];
        const big = plain(specsOf(zookeeperMode({ storageGiB: 50 }))).pools[0];
        assert.deepEqual(big.claims.map((c: Obj) => c.metadata.name), small.claims.map((c: Obj) => c.metadata.name));
        assert.deepEqual(big.claims.map((c: Obj) => c.spec.resources.requests.storage), ["50Gi", "50Gi", "50Gi"]);
    });

    it("ZooKeeper mode without the ensemble's config is an error", () => {
        const cfg = zookeeperMode();
        assert.throws(() => kafkaSpecs({ kafka: cfg.kafka }), /zookeeper is required when kafka.mode is zookeeper/);
        assert.throws(() => buildBrokerConfig("zookeeper-broker", { kafka: cfg.kafka, namespace: "kafka" }), /zookeeper is required/);
    });

    it("the protocol map follows the security settings", () => {
        const cfg = stackConfig({ mode: "kraft" });
        const p = buildBrokerConfig("kraft-broker", { kafka: cfg.kafka, namespace: cfg.kafka.namespace, security: { authentication: "scram-sha-512", tls: false } });
        assert.equal(p.get("listener.security.protocol.map"), "CLIENT:SASL_PLAINTEXT,INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
    });
});
