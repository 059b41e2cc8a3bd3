/**
 * One temporary folder per mocha run, removed when the run ends: the folders the tests make
 * (builds, renders, stub clusters, ZooKeeper data) go under it through TMPDIR, which os.tmpdir(),
 * mktemp and the tools the tests start all read, instead of piling up in /tmp run after run.
 * Global setup and teardown run in mocha's main process; the workers it starts afterwards inherit
 * TMPDIR.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

let root: string | undefined;

export function mochaGlobalSetup(): void {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-eks-test-"));
    process.env.TMPDIR = root;
}

export function mochaGlobalTeardown(): void {
    if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
}
