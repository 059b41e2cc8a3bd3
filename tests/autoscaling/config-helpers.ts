/** Stack-file sections as plain data, and a way to expect one validation message. */
import { strict as assert } from "assert";
import { ConfigError } from "../../components/config/errors";
import { parseStackConfig } from "../../components/config/load";
import { SECTIONS, StackConfig } from "../../components/config/stack";
import { stackSection } from "../harness";

export function sections(stack: string): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const s of SECTIONS) {
        const v = stackSection(stack, s);
        if (v !== undefined) raw[s] = v;
    }
    return raw;
}

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
