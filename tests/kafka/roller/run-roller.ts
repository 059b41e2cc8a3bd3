/** Runs roll-nodes.sh (or another script that talks to the cluster) against a SimulatedCluster and the stub Kafka tools. */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROLL_NODES_SCRIPT_PATH } from "../../../components/kafka/roller/script";
import { SCRIPT, SCRIPTS_DIR } from "../../../components/kafka/scripts";
import { FakeCluster, runAsync, StubKafkaVersion, stubBin } from "../stubs/cluster";
import { SimulatedCluster } from "../stubs/simulated-cluster";

export interface RollResult {
    code: number | null;
    stdout: string;
    stderr: string;
    /** The stub tools' call log (tool name, then its arguments). */
    calls: string[][];
}

let bin: string | undefined;

/** Runs `script` with `args` (the Job's own, minus connection details) against `sim`. */
export async function runAgainst(script: string, sim: SimulatedCluster, version: StubKafkaVersion, args: string[], unreachable: Partial<Record<string, number>> = {}): Promise<RollResult> {
    bin ??= stubBin();
    const files = new FakeCluster({ unreachable });
    const props = path.join(files.dir, "client.properties");
    fs.writeFileSync(props, "security.protocol=PLAINTEXT\n");
    const address = await sim.listen();
    try {
        const r = await runAsync("bash", [script, "--bootstrap-server", "kafka-bootstrap:9092", "--command-config", props, ...args], {
            KAFKA_BIN: bin,
            KUBE_PROXY: address,
            KUBE_API_LIB: path.join(SCRIPTS_DIR, SCRIPT.kubeApi),
            STUB_MODEL: address,
            ...files.env(version),
        });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr, calls: files.calls() };
    } finally {
        await sim.close();
    }
}

export function runRoller(sim: SimulatedCluster, version: StubKafkaVersion, args: string[], unreachable: Partial<Record<string, number>> = {}): Promise<RollResult> {
    return runAgainst(ROLL_NODES_SCRIPT_PATH, sim, version, args, unreachable);
}
