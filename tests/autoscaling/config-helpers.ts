/** Stack-file sections as plain data, and a way to expect one validation message. */
import { strict as assert } from "assert";
import { ConfigError } from "../../components/config/errors";
import { parseStackConfig } from "../../components/config/load";
import type { StackConfig } from "../../components/config/stack";
import { stackSections } from "../harness";

export const sections = stackSections;

export function parse(raw: Record<string, unknown>): StackConfig {
    return parseStackConfig(raw, "kafka-eks", { awsRegion: "eu-west-1" });
}

/** Asserts that `raw` is rejected with exactly this line (`<key> = <value>: <message>`) among its problems. */
export function rejects(raw: Record<string, unknown>, line: string): void {
    try {
        parse(raw);
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        assert.ok(e.message.split("\n").some((l) => l.trim() === line), `expected:\n  ${line}\ngot:\n${e.message}`);
        return;
    }
    assert.fail(`accepted; expected ${line}`);
}
