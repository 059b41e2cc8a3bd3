/**
 * Maintenance tool (not run by tests or CI): derives upstream/kafka/config-types-*.txt from an
 * apache/kafka git mirror at a release commit.
 *
 *   KAFKA_MIRROR=<git dir> ts-node scripts/derive-kafka-config-types.ts <commit> <version label> <key list>... > upstream/kafka/config-types-<label>.txt
 *
 * For every key in the given key lists it finds the `ConfigDef.define(KEY, TYPE, default,
 * [validator,] ...)` call in the broker-side sources, resolves the key constant (string literals,
 * `+` concatenation, `ServerTopicConfigSynonyms.serverSynonym(...)`) and records the type and the
 * validators it can read literally: `atLeast(n)`, `between(a, b)`, `in(...)` over literals,
 * constants or a Java enum's values (all of them, or those an enum method filtering out named
 * constants returns). Anything else is left as type only.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";

const REPO = process.env.KAFKA_MIRROR;
const [commit, label, ...lists] = process.argv.slice(2);
if (!REPO || !commit || !label || lists.length === 0) {
    console.error("usage: KAFKA_MIRROR=<git dir> ts-node scripts/derive-kafka-config-types.ts <commit> <label> <key list>...");
    process.exit(2);
}
const git = (...args: string[]) => execFileSync("git", ["-C", REPO, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

/** Client-only and tool configs define keys of the same names with other meanings. */
const SKIP = /(^|\/)(connect|streams|tools|examples|trogdor|jmh-benchmarks|test-common|shell)\/|\/test\/|AdminClientConfig|ConsumerConfig|ProducerConfig|BrokerApiVersionsCommand|ClientMetricsConfigs|TopicBasedRemoteLogMetadataManagerConfig|MirrorMaker/;

function stripComments(src: string): string {
    let out = "";
    let i = 0;
    while (i < src.length) {
        const ch = src[i], next = src[i + 1];
        if (ch === '"') {
            let j = i + 1;
            while (j < src.length && src[j] !== '"') j += src[j] === "\\" ? 2 : 1;
            out += src.slice(i, j + 1);
            i = j + 1;
        } else if (ch === "'") {
            let j = i + 1;
            while (j < src.length && src[j] !== "'" && j - i < 4) j += src[j] === "\\" ? 2 : 1;
            out += src.slice(i, j + 1);
            i = j + 1;
        } else if (ch === "/" && next === "/") {
            while (i < src.length && src[i] !== "\n") i++;
        } else if (ch === "/" && next === "*") {
            const end = src.indexOf("*/", i + 2);
            i = end === -1 ? src.length : end + 2;
        } else {
            out += ch;
            i++;
        }
    }
    return out;
}

function balanced(s: string): boolean {
    let depth = 0;
    for (const c of s) {
        if (c === "(") depth++;
        if (c === ")" && --depth < 0) return false;
    }
    return depth === 0;
}

/** Splits at `sep` outside brackets and string literals. */
function splitTop(s: string, sep: string): string[] {
    const out: string[] = [];
    let depth = 0, cur = "", quoted = false;
    for (let i = 0; i < s.length; i++) {
        const ch = s[i];
        if (ch === '"' && s[i - 1] !== "\\") quoted = !quoted;
        if (!quoted) {
            if ("([{".includes(ch)) depth++;
            if (")]}".includes(ch)) depth--;
            if (ch === sep && depth === 0) {
                out.push(cur);
                cur = "";
                continue;
            }
        }
        cur += ch;
    }
    out.push(cur);
    return out;
}

const files = git("ls-tree", "-r", "--name-only", commit)
    .split("\n")
    .filter((f) => /\/src\/main\/(java|scala)\/.*\.(java|scala)$/.test(f) && !SKIP.test(f));
const text = new Map<string, string>();
for (const f of files) {
    const t = git("show", `${commit}:${f}`);
    if (t.includes('"') || t.includes("define(")) text.set(f, stripComments(t));
}

interface Constant { file: string; cls: string; expr: string }
const constants = new Map<string, Constant[]>();
for (const [file, t] of text) {
    const cls = file.replace(/.*\//, "").replace(/\.(java|scala)$/, "");
    const re = file.endsWith(".java")
        ? /(?:static\s+final\s+String|final\s+static\s+String)\s+([A-Z_][A-Z0-9_]*)\s*=\s*([^;]+);/g
        : /val\s+([A-Z_][A-Z0-9_]*)\s*(?::\s*String\s*)?=\s*([^\n]+)/g;
    for (const m of t.matchAll(re)) constants.set(m[1], [...(constants.get(m[1]) ?? []), { file, cls, expr: m[2].trim() }]);
}

/** ServerTopicConfigSynonyms: topic key → its first broker synonym. */
const synonyms = new Map<string, string>();

function resolve(expr: string, file: string, depth = 0): string | undefined {
    if (depth > 10) return undefined;
    let out = "";
    for (let part of splitTop(expr, "+")) {
        part = part.trim();
        while (/^\(.*\)$/s.test(part) && balanced(part.slice(1, -1))) part = part.slice(1, -1).trim();
        const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(part);
        if (literal) {
            out += literal[1];
            continue;
        }
        const synonym = /^(?:ServerTopicConfigSynonyms\.)?serverSynonym\((.+)\)$/.exec(part);
        if (synonym) {
            const topicKey = resolve(synonym[1], file, depth + 1);
            const broker = topicKey === undefined ? undefined : synonyms.get(topicKey);
            if (broker === undefined) return undefined;
            out += broker;
            continue;
        }
        const qualified = /^(?:[\w.]*\.)?([A-Z]\w*)\.([A-Z_][A-Z0-9_]*)$/.exec(part);
        const bare = /^([A-Z_][A-Z0-9_]*)$/.exec(part);
        const cls = qualified?.[1];
        const name = qualified?.[2] ?? bare?.[1];
        if (name === undefined) return undefined;
        const candidates = constants.get(name) ?? [];
        const values = new Set(candidates.map((c) => resolve(c.expr, c.file, depth + 1)));
        const pick =
            (cls !== undefined && candidates.find((c) => c.cls === cls)) ||
            candidates.find((c) => c.file === file) ||
            (candidates.length > 0 && values.size === 1 ? candidates[0] : undefined);
        if (!pick) return undefined;
        const value = resolve(pick.expr, pick.file, depth + 1);
        if (value === undefined) return undefined;
        out += value;
    }
    return out;
}

for (const [file, t] of text) {
    if (!file.endsWith("ServerTopicConfigSynonyms.java")) continue;
    const prefix: Record<string, string> = {
        sameName: "", single: "", sameNameWithLogPrefix: "log.", singleWithLogPrefix: "log.", listWithLogPrefix: "log.",
        sameNameWithLogCleanerPrefix: "log.cleaner.", singleWithLogCleanerPrefix: "log.cleaner.",
    };
    for (const m of t.matchAll(/\b(sameName|sameNameWithLogPrefix|sameNameWithLogCleanerPrefix|singleWithLogPrefix|singleWithLogCleanerPrefix|listWithLogPrefix|single)\((TopicConfig\.\w+)(?:,\s*(?:new ConfigSynonym\()?"([^"]+)")?/g)) {
        const topicKey = resolve(m[2], file);
        if (topicKey) synonyms.set(topicKey, prefix[m[1]] + (m[3] ?? topicKey));
    }
}

function number(expr: string): number | undefined {
    const e = expr.trim().replace(/(\d)[Ll]\b/g, "$1").replace(/_/g, "");
    if (e === "Integer.MAX_VALUE") return 2147483647;
    if (!/^[-+*/ ().\d]+$/.test(e)) return undefined;
    try {
        const v = Function(`return (${e})`)() as unknown;
        return typeof v === "number" && Number.isFinite(v) ? v : undefined;
    } catch {
        return undefined;
    }
}

/**
 * The source of enum `name` ("E", or "Outer.E" for an enum nested in Outer): its constants'
 * declaration and the rest of the file. Undefined unless exactly one file declares it.
 */
function enumSource(name: string): { constants: string; body: string } | undefined {
    const [outer, inner] = name.includes(".") ? name.split(".") : [name, name];
    const decl = new RegExp(`enum\\s+${inner}\\s*(?:implements[^{]*)?\\{([^;]*);`);
    const hits = [...text.entries()].filter(([f, t]) => f.endsWith(`/${outer}.java`) && decl.test(t));
    if (hits.length !== 1) return undefined;
    const body = hits[0][1];
    return { constants: decl.exec(body)![1], body };
}

/**
 * The values a broker accepts from a Java enum: `E.names()[.toArray(...)]` or
 * `Utils.enumOptions(E.class)` (every constant), or `E.method()` whose body is
 * `Arrays.stream(E.values()).filter(t -> t != X)....map(E::toString).toArray(...)` (the constants
 * but the filtered ones, e.g. 4.3.1 Group.GroupType.documentValidValues()).
 */
function enumValues(expr: string): string[] | undefined {
    const all = /^([\w.]+)\.names\(\)(?:\.toArray\(.*\))?$/s.exec(expr) ?? /^Utils\.enumOptions\(([\w.]+)\.class\)$/.exec(expr);
    const method = all ? null : /^(\w+(?:\.\w+)?)\.(\w+)\(\)$/.exec(expr);
    const name = all?.[1] ?? method?.[1];
    const source = name === undefined ? undefined : enumSource(name);
    if (!source) return undefined;
    const lower = /toString\(\)\s*\{[^}]*toLowerCase/.test(source.body);
    const constants = [...source.constants.matchAll(/([A-Z_][A-Z0-9_]*)\s*(?:\(\s*"([^"]*)"[^)]*\))?\s*(?:,|$)/g)].map((e) => ({
        id: e[1],
        value: e[2] ?? (lower ? e[1].toLowerCase() : e[1]),
    }));
    if (all) return constants.map((c) => c.value);
    const enumName = name!.replace(/.*\./, "");
    const body = new RegExp(`static\\s+String\\[\\]\\s+${method![2]}\\(\\)\\s*\\{\\s*return\\s+([^;]*);\\s*\\}`).exec(source.body)?.[1].replace(/\s+/g, "");
    const stream = body === undefined ? null : new RegExp(`^Arrays\\.stream\\((?:${enumName}\\.)?values\\(\\)\\)((?:\\.filter\\(\\w+->\\w+!=\\w+\\))*)\\.map\\(${enumName}::toString\\)\\.toArray\\(String\\[\\]::new\\)$`).exec(body);
    if (!stream) return undefined;
    const dropped = [...stream[1].matchAll(/\.filter\((\w+)->\1!=(\w+)\)/g)].map((f) => f[2]);
    if (dropped.length !== stream[1].split(".filter(").length - 1) return undefined;
    return constants.filter((c) => !dropped.includes(c.id)).map((c) => c.value);
}

const TYPES = ["BOOLEAN", "STRING", "INT", "SHORT", "LONG", "DOUBLE", "LIST", "CLASS", "PASSWORD"];
const found = new Map<string, { type: string; validator?: string }>();
for (const [file, t] of text) {
    for (let i = t.indexOf("define("); i !== -1; i = t.indexOf("define(", i)) {
        const start = i + "define(".length;
        let depth = 1, j = start, quoted = false;
        for (; j < t.length && depth > 0; j++) {
            if (t[j] === '"' && t[j - 1] !== "\\") quoted = !quoted;
            if (!quoted && t[j] === "(") depth++;
            if (!quoted && t[j] === ")") depth--;
        }
        i = j;
        const args = splitTop(t.slice(start, j - 1), ",").map((a) => a.trim());
        const type = args[1]?.replace(/^(ConfigDef\.)?Type\./, "");
        if (args.length < 3 || !TYPES.includes(type)) continue;
        const key = resolve(args[0], file);
        if (!key) continue;
        let validator: string | undefined;
        for (const a of args.slice(3)) {
            let m: RegExpExecArray | null;
            if ((m = /^(?:ConfigDef\.)?(?:Range\.)?atLeast\((.+)\)$/.exec(a)) && number(m[1]) !== undefined) {
                validator = `min ${number(m[1])}`;
            } else if ((m = /^(?:ConfigDef\.)?(?:Range\.)?between\((.+)\)$/.exec(a))) {
                const [lo, hi] = splitTop(m[1], ",").map(number);
                if (lo !== undefined && hi !== undefined) validator = `range ${lo} ${hi}`;
            } else if ((m = /^(?:ConfigDef\.)?(ValidString\.|ValidList\.|CaseInsensitiveValidString\.)?in\((.+)\)$/s.exec(a))) {
                const kind = m[1]?.startsWith("ValidList") ? "list-of" : m[1]?.startsWith("CaseInsensitive") ? "one-of-ci" : "one-of";
                // 4.x ValidList.in(boolean isEmptyAllowed, String...) (4.3.1 ConfigDef.java:1048): the flag is no value.
                const args = splitTop(m[2], ",").map((v) => v.trim());
                if (kind === "list-of" && /^(true|false)$/.test(args[0])) args.shift();
                const values = args.flatMap((v) => enumValues(v) ?? [resolve(v, file)]);
                if (values.length > 0 && values.every((v) => v !== undefined)) validator = `${kind} ${values.join(",")}`;
            }
        }
        const previous = found.get(key);
        if (!previous || (!previous.validator && validator)) found.set(key, { type, validator });
    }
}

const keys = new Set(lists.flatMap((l) => fs.readFileSync(l, "utf8").split("\n").filter((line) => line && !line.startsWith("#"))));
const missing = [...keys].filter((k) => !found.has(k));
if (missing.length > 0) {
    console.error(`no define() found for: ${missing.join(" ")}`);
    process.exit(1);
}
console.log(`# Apache Kafka ${label} config key types and validators, one key per line: <key> TAB <type> [TAB <validator>].`);
console.log(`# Derived by scripts/derive-kafka-config-types.ts from the ConfigDef.define(...) calls at release commit ${commit},`);
console.log(`#   for every key of ${lists.map((l) => l.replace(/.*\//, "")).join(" and ")}. Types are ConfigDef.Type names.`);
console.log("# Validators read literally from the define() call: 'min N' (atLeast), 'range A B' (between), 'one-of a,b' (ValidString.in),");
console.log("#   'one-of-ci a,b' (CaseInsensitiveValidString.in), 'list-of a,b' (ValidList.in). Other validators are not recorded.");
console.log(`# Count: ${keys.size} keys.`);
for (const k of [...keys].sort()) {
    const v = found.get(k)!;
    console.log(`${k}\t${v.type}${v.validator ? `\t${v.validator}` : ""}`);
}
