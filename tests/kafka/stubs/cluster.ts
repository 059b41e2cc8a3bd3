/**
 * The tests' side of the stub Kafka tools (lib.sh and the tools beside it): a fake cluster kept as
 * files, the stubs' call log, and the Kafka releases whose behaviour they reproduce. Shared by the
 * smoke-test, topic Job, example consumer and kafka-node.sh tests.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { KAFKA_KRAFT_MODE_VERSION, KAFKA_ZOOKEEPER_MODE_VERSION } from "../../../components/common/images";

/** The releases the stubs model: ZooKeeper-mode stacks run the first, KRaft stacks the second. */
export const STUB_KAFKA_VERSIONS = [KAFKA_ZOOKEEPER_MODE_VERSION, KAFKA_KRAFT_MODE_VERSION] as const;
export type StubKafkaVersion = (typeof STUB_KAFKA_VERSIONS)[number];

const temps: string[] = [];
/** Removes every directory this module made (call from a mocha `after`). */
export function removeStubDirs(): void {
    for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix: string): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temps.push(d);
    return d;
}

/** A directory with executable copies of the stubs (the exec bit does not depend on the checkout). */
export function stubBin(): string {
    const bin = tempDir("kafka-stubs-");
    for (const f of fs.readdirSync(__dirname).filter((f) => f.endsWith(".sh"))) {
        fs.copyFileSync(path.join(__dirname, f), path.join(bin, f));
        fs.chmodSync(path.join(bin, f), 0o755);
    }
    return bin;
}

export interface TopicState {
    partitions: number;
    rf: number;
    /** Dynamic config overrides. */
    configs?: Record<string, string>;
    /** Partition 0's records, oldest first. */
    log?: string[];
}

export interface ClusterOptions {
    topics?: Record<string, TopicState>;
    /** Calls of a tool that fail, as if no broker answered, before it works. */
    unreachable?: Partial<Record<string, number>>;
    /** Records whose send fails: the producer logs a send error for each (and still exits 0). */
    drop?: number;
    /** Records the producer acks without error that never reach the log. */
    lose?: number;
    /** Exception ("class: message") the consumer's poll throws instead of returning records. */
    pollError?: string;
    /** kafka-get-offsets.sh calls that skip partition 0 because its ListOffsets failed (no leader). */
    noLeader?: number;
    /** sed script the consumer applies to each record value (a damaged log). */
    corrupt?: string;
    /** ZooKeeper nodes that exist already. */
    zkNodes?: string[];
    /** SCRAM-SHA-512 credentials Kafka holds: user -> password. */
    scram?: Record<string, string>;
}

/** The fake cluster the stubs read and write, in STUB_STATE. */
export class FakeCluster {
    readonly dir: string;

    constructor(o: ClusterOptions = {}) {
        this.dir = tempDir("kafka-cluster-");
        fs.mkdirSync(path.join(this.dir, "topics"));
        fs.mkdirSync(path.join(this.dir, "fail"));
        for (const [name, t] of Object.entries(o.topics ?? {})) this.putTopic(name, t);
        for (const [tool, n] of Object.entries(o.unreachable ?? {})) fs.writeFileSync(path.join(this.dir, "fail", tool), `${n}\n`);
        if (o.drop !== undefined) fs.writeFileSync(path.join(this.dir, "drop"), `${o.drop}\n`);
        if (o.lose !== undefined) fs.writeFileSync(path.join(this.dir, "lose"), `${o.lose}\n`);
        if (o.pollError !== undefined) fs.writeFileSync(path.join(this.dir, "poll-error"), `${o.pollError}\n`);
        if (o.noLeader !== undefined) fs.writeFileSync(path.join(this.dir, "no-leader"), `${o.noLeader}\n`);
        if (o.corrupt !== undefined) fs.writeFileSync(path.join(this.dir, "corrupt"), o.corrupt);
        if (o.zkNodes !== undefined) {
            fs.mkdirSync(path.join(this.dir, "zk"));
            fs.writeFileSync(path.join(this.dir, "zk", "nodes"), o.zkNodes.map((n) => n + "\n").join(""));
        }
        if (o.scram !== undefined) {
            fs.mkdirSync(path.join(this.dir, "scram"));
            for (const [user, password] of Object.entries(o.scram)) fs.writeFileSync(path.join(this.dir, "scram", user), password);
        }
    }

    putTopic(name: string, t: TopicState): void {
        const d = path.join(this.dir, "topics", name);
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(path.join(d, "partitions"), `${t.partitions}\n`);
        fs.writeFileSync(path.join(d, "rf"), `${t.rf}\n`);
        fs.writeFileSync(path.join(d, "configs"), Object.entries(t.configs ?? {}).map(([k, v]) => `${k}=${v}\n`).join(""));
        fs.writeFileSync(path.join(d, "log"), (t.log ?? []).map((r) => r + "\n").join(""));
    }

    /** The topic as the stubs left it; undefined when it does not exist. */
    topic(name: string): Required<TopicState> | undefined {
        const d = path.join(this.dir, "topics", name);
        if (!fs.existsSync(d)) return undefined;
        const read = (f: string) => fs.readFileSync(path.join(d, f), "utf8");
        const lines = (f: string) => read(f).split("\n").filter((l) => l !== "");
        return {
            partitions: Number(read("partitions")),
            rf: Number(read("rf")),
            configs: Object.fromEntries(lines("configs").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])),
            log: lines("log"),
        };
    }

    /** Every tool call so far: the tool's name followed by its arguments. */
    calls(): string[][] {
        return this.lines("calls").map((l) => l.split("\x1f"));
    }

    /** PIDs of the calls of `tool`, in order. */
    pids(tool: string): number[] {
        return this.lines("pids").filter((l) => l.startsWith(`${tool} `)).map((l) => Number(l.slice(tool.length + 1)));
    }

    /** The password Kafka holds a SCRAM credential for, for `user`; undefined when none. */
    scramPassword(user: string): string | undefined {
        const f = path.join(this.dir, "scram", user);
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined;
    }

    /** Every SASL admin-client call so far: the user it logged in as, followed by its arguments. */
    logins(): string[][] {
        return this.lines("logins").map((l) => l.split("\x1f"));
    }

    /** Lines a tool printed to stdout that are not its result (deprecation warnings), as "tool: line". */
    chatter(): string[] {
        return this.lines("chatter");
    }

    /** A file the stubs wrote (e.g. "producer.properties", "kafka-storage.properties"); "" when absent. */
    file(name: string): string {
        const f = path.join(this.dir, name);
        return fs.existsSync(f) ? fs.readFileSync(f, "utf8") : "";
    }

    /** Env that points the stubs at this cluster and at `version`'s behaviour. */
    env(version: StubKafkaVersion): Record<string, string> {
        return { STUB_STATE: this.dir, STUB_KAFKA_VERSION: version };
    }

    private lines(name: string): string[] {
        return this.file(name).split("\n").filter((l) => l !== "");
    }
}

export interface ToolRun {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Runs a command without blocking the event loop: the simulated cluster (simulated-cluster.ts)
 * answers the stubs from this process, which spawnSync would freeze.
 */
export async function runAsync(command: string, args: string[], env: Record<string, string>): Promise<ToolRun> {
    const { spawn } = await import("node:child_process");
    const child = spawn(command, args, { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    return { status, stdout, stderr };
}
