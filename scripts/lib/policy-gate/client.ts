/**
 * The Analyzer gRPC client, promisified. Uses the generated stubs shipped in
 * @pulumi/pulumi/proto — the same service definition the pack's server is built from.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";

/** The CLI raises gRPC's 4 MB message limit to 400 MB (rpcutil.GrpcChannelOptions); large stacks need it. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

type Callback<T> = (error: grpc.ServiceError | null, response: T) => void;

export class Analyzer {
    private readonly client: AnalyzerClient;
    /** RPC names in call order. */
    readonly calls: string[] = [];

    constructor(address: string) {
        this.client = new AnalyzerClient(address, grpc.credentials.createInsecure(), {
            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
        });
    }

    waitForReady(timeoutMs: number): Promise<void> {
        return new Promise((resolve, reject) => this.client.waitForReady(Date.now() + timeoutMs, (e) => (e ? reject(e) : resolve())));
    }

    handshake(req: analyzer.AnalyzerHandshakeRequest) {
        return this.call("Handshake", (cb: Callback<analyzer.AnalyzerHandshakeResponse>) => this.client.handshake(req, cb));
    }
    configureStack(req: analyzer.AnalyzerStackConfigureRequest) {
        return this.call("ConfigureStack", (cb: Callback<analyzer.AnalyzerStackConfigureResponse>) => this.client.configureStack(req, cb));
    }
    getAnalyzerInfo() {
        return this.call("GetAnalyzerInfo", (cb: Callback<analyzer.AnalyzerInfo>) => this.client.getAnalyzerInfo(new Empty(), cb));
    }
    getPluginInfo() {
        return this.call("GetPluginInfo", (cb: Callback<PluginInfo>) => this.client.getPluginInfo(new Empty(), cb));
    }
    configure(req: analyzer.ConfigureAnalyzerRequest) {
        return this.call("Configure", (cb: Callback<Empty>) => this.client.configure(req, cb));
    }
    analyze(req: analyzer.AnalyzeRequest) {
        return this.call("Analyze", (cb: Callback<analyzer.AnalyzeResponse>) => this.client.analyze(req, cb));
    }
    analyzeStack(req: analyzer.AnalyzeStackRequest) {
        return this.call("AnalyzeStack", (cb: Callback<analyzer.AnalyzeResponse>) => this.client.analyzeStack(req, cb));
    }

    close(): void {
        this.client.close();
    }

    private call<T>(name: string, invoke: (cb: Callback<T>) => unknown): Promise<T> {
        this.calls.push(name);
        return new Promise<T>((resolve, reject) => {
            invoke((error, response) => (error ? reject(error) : resolve(response)));
        });
    }
}

/** True for a gRPC UNIMPLEMENTED status: the CLI treats it as "optional RPC not supported". */
export function isUnimplemented(error: unknown): boolean {
    return typeof error === "object" && error !== null && (error as { code?: unknown }).code === grpc.status.UNIMPLEMENTED;
}
