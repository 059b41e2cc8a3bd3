/**
 * A simulated Kafka cluster for the roller tests: brokers and controllers as pods of StatefulSets,
 * partitions with replica sets, ISRs and leaders, a KRaft quorum with per-voter lag. It answers on a
 * loopback HTTP server, both as the Kubernetes API behind `kubectl proxy` (the roller's pod and
 * StatefulSet calls) and as the data source of the stub Kafka tools (`/kafka/partitions`,
 * `/kafka/quorum`, read by kafka-topics.sh and kafka-metadata-quorum.sh through lib.sh's model_get).
 *
 * Time is counted in requests: every request is one tick. A deleted pod is gone for `restartTicks`,
 * comes back on the StatefulSet's update revision, is Ready a tick later (the listener is open:
 * what today's readiness probe sees) and only then starts catching up: a broker rejoins the ISR
 * of every partition it hosts after `catchUpTicks`, a voter's lag drops to 0 after as many.
 *
 * At every pod deletion the model checks what the roller promises and records a violation when
 * the deletion would take a partition below min ISR, lose its last in-sync replica, stop a voter
 * while another is behind, or stop a node while an earlier restarted one has not caught up.
 *
 * Partition reassignments (kafka-reassign-partitions.sh): brokers have racks (`/kafka/brokers`), a
 * reassignment adds its new replicas, which join the ISR after `reassignTicks`, then drops the
 * removed ones (the replica list is target + removing meanwhile, as the controller reports it);
 * `/kafka/reassignments` lists those in progress, a POST starts one or sets/clears the throttle.
 * `shrink()` is the StatefulSet scale-down that follows: a violation when a removed broker still
 * holds a replica or a reassignment is still running.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type PoolRole = "broker" | "controller" | "combined";

export interface SimPool {
    statefulSet: string;
    role: PoolRole;
    replicas: number;
    nodeIdBase: number;
}

export interface SimPartition {
    topic: string;
    partition: number;
    replicas: number[];
    minIsr: number;
}

export interface SimOptions {
    namespace: string;
    pools: SimPool[];
    partitions: SimPartition[];
    /** Ticks a deleted pod stays absent. Default 2. */
    restartTicks?: number;
    /** Ticks after Ready before a node is back in every ISR / its lag is 0. Default 3. */
    catchUpTicks?: number;
    /** Node ids that never catch up after a restart (a broker that stays out of the ISR, a voter that lags). */
    neverCatchUp?: number[];
    /** Nodes that start out of sync and catch up after this many ticks (not restarted by anyone). */
    initiallyBehind?: Record<number, number>;
    /** Nodes an earlier roller run already restarted: on the new revision, catching up per initiallyBehind. */
    restartedEarlier?: number[];
    /** Which voter (index among the voters) is the active controller at the start. Default 0. */
    activeController?: number;
    /** broker.rack per broker id. Default: zone a, b, c by id modulo 3. */
    racks?: Record<number, string>;
    /** Ticks until a reassignment's new replicas are in sync. Default 3. */
    reassignTicks?: number;
    /** Partitions ("topic-partition") whose reassignment never completes (a new replica that never catches up). */
    stuckReassignments?: string[];
    /** Reassignments already running at the start (someone else's): "topic-partition" -> target replicas. */
    reassigning?: Record<string, number[]>;
}

export interface SimReassignment {
    target: number[];
    adding: number[];
    removing: number[];
    startedAt: number;
}

interface Node {
    id: number;
    pool: SimPool;
    ordinal: number;
    pod: string;
    uid: number;
    revision: string;
    /** Tick at which the pod exists again (after a delete). */
    absentUntil: number;
    /** Tick at which the pod is Ready. */
    readyAt: number;
    /** Tick at which it has caught up; Infinity: never. */
    caughtUpAt: number;
    restartedByRoller: boolean;
    isBroker: boolean;
    isVoter: boolean;
}

interface PartitionState {
    topic: string;
    partition: number;
    replicas: number[];
    minIsr: number;
    isr: number[];
    leader: number | null;
    reassignment?: SimReassignment;
}

export const OLD_REVISION = "rev-old";
export const NEW_REVISION = "rev-new";

export class SimulatedCluster {
    readonly violations: string[] = [];
    /** Pods the roller deleted, in order. */
    readonly deletions: string[] = [];
    /** Throttles set by --execute (bytes/s), in order; `throttled` whether one is still set. */
    readonly throttles: number[] = [];
    throttled = false;
    /** Every reassignment started: "topic-partition from -> to". */
    readonly reassignments: string[] = [];
    tick = 0;
    private readonly nodes: Node[] = [];
    private readonly parts: PartitionState[];
    private readonly restartTicks: number;
    private readonly catchUpTicks: number;
    private readonly never: Set<number>;
    private quorumLeader: number | null = null;
    private leaderEndOffset = 1000;
    private uids = 100;
    private server?: http.Server;

    constructor(readonly o: SimOptions) {
        this.restartTicks = o.restartTicks ?? 2;
        this.catchUpTicks = o.catchUpTicks ?? 3;
        this.never = new Set(o.neverCatchUp ?? []);
        for (const pool of o.pools) {
            for (let i = 0; i < pool.replicas; i++) {
                const id = pool.nodeIdBase + i;
                const behind = o.initiallyBehind?.[id];
                this.nodes.push({
                    id,
                    pool,
                    ordinal: i,
                    pod: `${pool.statefulSet}-${i}`,
                    uid: this.uids++,
                    revision: o.restartedEarlier?.includes(id) ? NEW_REVISION : OLD_REVISION,
                    absentUntil: 0,
                    readyAt: 0,
                    caughtUpAt: behind ?? 0,
                    restartedByRoller: o.restartedEarlier?.includes(id) ?? false,
                    isBroker: pool.role !== "controller",
                    isVoter: pool.role !== "broker",
                });
            }
        }
        this.parts = o.partitions.map((p) => {
            // In sync: every replica that is not behind (initiallyBehind) at the start.
            const isr = p.replicas.filter((r) => this.node(r)?.caughtUpAt === 0);
            return { ...p, isr, leader: isr[0] ?? null };
        });
        for (const [tp, target] of Object.entries(o.reassigning ?? {})) {
            const i = tp.lastIndexOf("-");
            this.reassign(tp.slice(0, i), Number(tp.slice(i + 1)), target);
        }
        this.reassignments.splice(0);
        const voters = this.nodes.filter((n) => n.isVoter);
        this.quorumLeader = voters.length > 0 ? voters[(o.activeController ?? 0) % voters.length].id : null;
    }

    private node(id: number): Node | undefined {
        return this.nodes.find((n) => n.id === id);
    }

    private up(n: Node): boolean {
        return this.tick >= n.readyAt;
    }

    private caughtUp(n: Node): boolean {
        return this.up(n) && this.tick >= n.caughtUpAt;
    }

    /**
     * Still catching up after a restart: not Ready, a voter behind the leader, or a broker missing
     * from the ISR of a partition it hosts (a broker without partitions has nothing to catch up).
     */
    private catchingUp(n: Node): boolean {
        if (!this.up(n)) return true;
        if (n.isVoter && !this.caughtUp(n)) return true;
        return n.isBroker && this.parts.some((p) => p.replicas.includes(n.id) && !p.isr.includes(n.id));
    }

    /** One request = one tick: nodes come back, rejoin ISRs, leaders are elected. */
    private advance(): void {
        this.tick++;
        this.leaderEndOffset += 7;
        for (const p of this.parts) this.progress(p);
        for (const p of this.parts) {
            for (const r of p.replicas) {
                // A reassignment's new replicas join the ISR only as progress() lets them.
                if (p.reassignment?.adding.includes(r)) continue;
                const n = this.node(r);
                if (n && this.caughtUp(n) && !p.isr.includes(r)) p.isr.push(r);
            }
            if (p.leader === null && p.isr.length > 0) p.leader = p.isr[0];
        }
        const leader = this.quorumLeader === null ? undefined : this.node(this.quorumLeader);
        if (!leader || !this.up(leader)) {
            const next = this.nodes.find((n) => n.isVoter && this.caughtUp(n));
            this.quorumLeader = next ? next.id : null;
        }
    }

    /** A reassignment's new replicas catch up after reassignTicks; then the removed ones leave. */
    private progress(p: PartitionState): void {
        const r = p.reassignment;
        if (!r || (this.o.stuckReassignments ?? []).includes(`${p.topic}-${p.partition}`)) return;
        if (this.tick < r.startedAt + (this.o.reassignTicks ?? 3)) return;
        for (const a of r.adding) {
            const n = this.node(a);
            if (n && this.caughtUp(n) && !p.isr.includes(a)) p.isr.push(a);
        }
        if (!r.target.every((t) => p.isr.includes(t))) return;
        p.replicas = [...r.target];
        p.isr = p.isr.filter((i) => r.target.includes(i));
        if (p.leader === null || !r.target.includes(p.leader)) p.leader = r.target[0];
        p.reassignment = undefined;
    }

    private rack(id: number): string {
        return this.o.racks?.[id] ?? `eu-west-1${"abc"[id % 3]}`;
    }

    /** Starts a reassignment of topic-partition to `target` (AlterPartitionReassignments). */
    private reassign(topic: string, partition: number, target: number[]): boolean {
        const p = this.parts.find((x) => x.topic === topic && x.partition === partition);
        if (!p) return false;
        const original = p.reassignment ? p.replicas.filter((r) => !p.reassignment!.adding.includes(r)) : p.replicas;
        this.reassignments.push(`${topic}-${partition} ${original.join(",")} -> ${target.join(",")}`);
        const removing = original.filter((r) => !target.includes(r));
        p.reassignment = { target, adding: target.filter((t) => !original.includes(t)), removing, startedAt: this.tick };
        p.replicas = [...target, ...removing.filter((r) => !target.includes(r))];
        return true;
    }

    /** The StatefulSet scale-down to `replicas` brokers: a violation when it would remove data. */
    shrink(statefulSet: string, replicas: number): void {
        const gone = this.nodes.filter((n) => n.pool.statefulSet === statefulSet && n.ordinal >= replicas).map((n) => n.id);
        for (const p of this.parts) {
            if (p.reassignment) this.violations.push(`shrinking ${statefulSet} to ${replicas} while ${p.topic}-${p.partition} is being reassigned`);
            const lost = p.replicas.filter((r) => gone.includes(r));
            if (lost.length > 0) this.violations.push(`shrinking ${statefulSet} to ${replicas} removes ${p.topic}-${p.partition}'s replicas on ${lost.join(",")}`);
        }
    }

    /** Replica sets now: "topic-partition" -> replicas (target + removing during a reassignment). */
    assignment(): Record<string, number[]> {
        return Object.fromEntries(this.parts.map((p) => [`${p.topic}-${p.partition}`, [...p.replicas]]));
    }

    /** broker.rack of a broker id. */
    rackOf(id: number): string {
        return this.rack(id);
    }

    private deletePod(n: Node): void {
        this.deletions.push(n.pod);
        const why = (s: string) => this.violations.push(`tick ${this.tick}: deleting ${n.pod} (node ${n.id}) ${s}`);
        for (const other of this.nodes) {
            if (other !== n && other.restartedByRoller && this.catchingUp(other)) why(`while ${other.pod} is still catching up`);
        }
        if (n.isBroker) {
            for (const p of this.parts) {
                if (!p.isr.includes(n.id)) continue;
                if (p.isr.length === 1) why(`loses the last in-sync replica of ${p.topic}-${p.partition}`);
                else if (p.isr.length - 1 < p.minIsr) why(`takes ${p.topic}-${p.partition} below min ISR ${p.minIsr} (ISR ${p.isr.join(",")})`);
            }
        }
        if (n.isVoter) {
            for (const v of this.nodes) if (v !== n && v.isVoter && this.catchingUp(v)) why(`while voter ${v.id} is behind`);
            const pendingVoters = this.nodes.filter((v) => v !== n && v.pool === n.pool && v.revision !== NEW_REVISION);
            if (n.id === this.quorumLeader && pendingVoters.length > 0) why(`while it is the active controller and ${pendingVoters.map((v) => v.pod).join(",")} are not rolled`);
        }
        // The pod stops: out of every ISR, leadership moves to the next in-sync replica.
        for (const p of this.parts) {
            p.isr = p.isr.filter((r) => r !== n.id);
            if (p.leader === n.id) p.leader = p.isr[0] ?? null;
        }
        if (this.quorumLeader === n.id) this.quorumLeader = null;
        n.uid = this.uids++;
        n.revision = NEW_REVISION;
        n.absentUntil = this.tick + this.restartTicks;
        n.readyAt = n.absentUntil + 1;
        n.caughtUpAt = this.never.has(n.id) ? Infinity : n.readyAt + this.catchUpTicks;
        n.restartedByRoller = true;
    }

    /** Every pod is on the new revision, every partition has its full ISR, every voter has caught up. */
    healthy(): boolean {
        return this.nodes.every((n) => n.revision === NEW_REVISION && !this.catchingUp(n)) && this.parts.every((p) => p.isr.length === p.replicas.length);
    }

    /** Who is the active controller now (node id), for tests of the order. */
    activeController(): number | null {
        return this.quorumLeader;
    }

    // --- the Kubernetes API, as kube-apiserver writes it (compact JSON, k8s.io/api field order) --------

    private podJson(n: Node): string {
        const ready = this.up(n);
        // metadata before spec before status; in metadata uid precedes labels and ownerReferences;
        // PodCondition fields in k8s.io/api core/v1 order: type, status, lastProbeTime, lastTransitionTime.
        return JSON.stringify({
            kind: "Pod",
            apiVersion: "v1",
            metadata: {
                name: n.pod,
                generateName: `${n.pool.statefulSet}-`,
                namespace: this.o.namespace,
                uid: `uid-${n.uid}`,
                resourceVersion: String(1000 + this.tick),
                creationTimestamp: "2026-01-01T00:00:00Z",
                labels: { "app.kubernetes.io/name": "kafka", "apps.kubernetes.io/pod-index": String(n.ordinal), "controller-revision-hash": n.revision, "statefulset.kubernetes.io/pod-name": n.pod },
                ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: n.pool.statefulSet, uid: "uid-sts", controller: true, blockOwnerDeletion: true }],
            },
            spec: { containers: [{ name: "kafka", image: "apache/kafka" }], hostname: n.pod },
            status: {
                phase: ready ? "Running" : "Pending",
                conditions: [
                    { type: "PodReadyToStartContainers", status: "True", lastProbeTime: null, lastTransitionTime: "2026-01-01T00:00:00Z" },
                    { type: "Ready", status: ready ? "True" : "False", lastProbeTime: null, lastTransitionTime: "2026-01-01T00:00:00Z" },
                ],
            },
        });
    }

    private stsJson(pool: SimPool): string {
        const pods = this.nodes.filter((n) => n.pool === pool);
        const updated = pods.filter((n) => n.revision === NEW_REVISION).length;
        return JSON.stringify({
            kind: "StatefulSet",
            apiVersion: "apps/v1",
            metadata: { name: pool.statefulSet, namespace: this.o.namespace, uid: "uid-sts", resourceVersion: "5", generation: 2, labels: { "app.kubernetes.io/name": "kafka" } },
            spec: { replicas: pool.replicas, selector: { matchLabels: { "app.kubernetes.io/name": "kafka" } }, serviceName: `${pool.statefulSet}-headless`, podManagementPolicy: "Parallel", updateStrategy: { type: "OnDelete" } },
            // The StatefulSet controller has seen generation 2 after a couple of ticks.
            status: {
                observedGeneration: this.tick >= 2 ? 2 : 1,
                replicas: pool.replicas,
                readyReplicas: pods.filter((n) => this.up(n)).length,
                currentReplicas: pool.replicas - updated,
                updatedReplicas: updated,
                currentRevision: OLD_REVISION,
                updateRevision: NEW_REVISION,
                collisionCount: 0,
                availableReplicas: pods.filter((n) => this.up(n)).length,
            },
        });
    }

    private notFound(kind: string, name: string): [number, string] {
        // metav1.Status of a NotFound error (apimachinery pkg/api/errors NewNotFound).
        return [404, JSON.stringify({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: `${kind} "${name}" not found`, reason: "NotFound", details: { name, kind }, code: 404 })];
    }

    handle(method: string, url: string): [number, string] {
        this.advance();
        const ns = this.o.namespace;
        let m: RegExpMatchArray | null;
        if ((m = url.match(new RegExp(`^/api/v1/namespaces/${ns}/pods/([a-z0-9-]+)$`)))) {
            const n = this.nodes.find((x) => x.pod === m![1]);
            if (!n || this.tick < n.absentUntil) return this.notFound("pods", m[1]);
            if (method === "GET") return [200, this.podJson(n)];
            if (method === "DELETE") {
                const body = this.podJson(n);
                this.deletePod(n);
                return [200, body];
            }
        }
        if (method === "GET" && (m = url.match(new RegExp(`^/apis/apps/v1/namespaces/${ns}/statefulsets/([a-z0-9-]+)$`)))) {
            const pool = this.o.pools.find((p) => p.statefulSet === m![1]);
            return pool ? [200, this.stsJson(pool)] : this.notFound("statefulsets.apps", m[1]);
        }
        if (method === "GET" && url === "/kafka/partitions") {
            if (!this.nodes.some((n) => n.isBroker && this.up(n))) return [503, "no broker"];
            return [200, this.parts.map((p) => `${p.topic} ${p.partition} ${p.leader ?? "none"} ${p.replicas.join(",")} ${p.isr.length ? p.isr.join(",") : "-"} ${p.minIsr}\n`).join("")];
        }
        if (method === "GET" && url === "/kafka/brokers") {
            // describeCluster: the live brokers and their broker.rack.
            return [200, this.nodes.filter((n) => n.isBroker && this.up(n)).map((n) => `${n.id} ${this.rack(n.id)}\n`).join("")];
        }
        if (method === "GET" && url === "/kafka/reassignments") {
            const l = (xs: number[]) => (xs.length ? xs.join(",") : "-");
            return [200, this.parts.filter((p) => p.reassignment).map((p) => `${p.topic} ${p.partition} ${p.replicas.join(",")} ${l(p.reassignment!.adding)} ${l(p.reassignment!.removing)}\n`).join("")];
        }
        if (method === "POST" && (m = url.match(/^\/kafka\/reassign\/([A-Za-z0-9._-]+)\/(\d+)\/([\d,]+)$/))) {
            return this.reassign(m[1], Number(m[2]), m[3].split(",").map(Number)) ? [200, ""] : [404, "no such partition"];
        }
        if (method === "POST" && (m = url.match(/^\/kafka\/throttle\/(\d+)$/))) {
            this.throttles.push(Number(m[1]));
            this.throttled = true;
            return [200, ""];
        }
        if (method === "POST" && url === "/kafka/throttle/clear") {
            this.throttled = false;
            return [200, ""];
        }
        if (method === "GET" && url === "/kafka/quorum") {
            const leader = this.quorumLeader === null ? undefined : this.node(this.quorumLeader);
            if (!leader) return [503, "no leader"];
            const voters = this.nodes.filter((n) => n.isVoter);
            const row = (n: Node, status: string) => {
                // A voter that is down or catching up is behind by what was written since it stopped.
                // At most the whole log: a replica the leader has not heard from counts as offset -1.
                const lag = Math.min(this.leaderEndOffset + 1, this.caughtUp(n) ? 0 : this.never.has(n.id) ? 5000 : Math.max(1, (n.caughtUpAt - this.tick) * 7));
                const leo = this.leaderEndOffset - lag;
                return `${n.id} dir-${n.id} ${leo} ${lag} ${1_700_000_000_000 + this.tick} ${1_700_000_000_000 + this.tick} ${status}\n`;
            };
            // Brokers that are not voters follow the log as observers, listed last (4.3.1
            // MetadataQuorumCommand.java:204-206); a broker catching up is behind there too.
            const observers = this.nodes.filter((n) => n.isBroker && !n.isVoter);
            return [200, row(leader, "Leader") + voters.filter((v) => v !== leader).map((v) => row(v, "Follower")).join("") + observers.map((o) => row(o, "Observer")).join("")];
        }
        return [404, `no route ${method} ${url}`];
    }

    /** Starts the loopback server; resolves to "127.0.0.1:<port>". */
    async listen(): Promise<string> {
        this.server = http.createServer((req, res) => {
            const [code, body] = this.handle(req.method ?? "GET", req.url ?? "/");
            res.writeHead(code, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
            res.end(body);
        });
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async close(): Promise<void> {
        if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    }
}
