/**
 * What jmx_exporter 1.6.0 exports for a list of MBeans under a given YAML config, reproduced for
 * the parts our config uses (references: jmx_exporter tag 1.6.0 = 3a7e22607bf069cdb6c78f76553b5d3259a91bd2,
 * collector/src/main/java/io/prometheus/jmx/):
 *  - includeObjectNames: an ObjectName pattern `domain:key=value,*` selects MBeans of that domain
 *    carrying those properties (JmxCollector.java:444-456; javax.management.ObjectName.apply);
 *  - the string a rule's pattern sees is `domain<k1=v1, k2=v2><>attribute: value`, properties in
 *    the MBean's own order (JmxCollector.java:827-843 angleBrackets of LinkedHashMap/List toString,
 *    :892-897; JmxMBeanPropertyCache.java:75 getKeyPropertyListString);
 *  - a pattern is compiled as `^.*(?:<pattern>).*$` (JmxCollector.java:553); the first matching
 *    rule wins (:896-990); name and labels are `matcher.replaceAll(...)` (:944, :973-975);
 *  - names go through toSafeName (:680-703) and lowercaseOutputName (:944-946), label names
 *    through lowercaseOutputLabelNames (:976-978);
 *  - a COUNTER is written with one `_total` suffix (client_java 1.7.0 PrometheusNaming.java:171-180:
 *    the suffix is stripped from the base name and the counter writer appends it).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { jmxExporterConfig } from "../../components/observability/jmx-exporter";
import { UPSTREAM } from "../harness";

export interface MBean {
    objectName: string;
    kind: "Gauge" | "Meter" | "Histogram";
    roles: string[];
    source: string;
}

/** Numeric attributes per Yammer kind (metrics-core 2.2.0 JmxReporter.java:47-48, 91-106, 154-178). */
export const YAMMER_ATTRIBUTES: Record<MBean["kind"], string[]> = {
    Gauge: ["Value"],
    Meter: ["Count", "MeanRate", "OneMinuteRate", "FiveMinuteRate", "FifteenMinuteRate"],
    Histogram: ["Count", "Min", "Max", "Mean", "StdDev", "50thPercentile", "75thPercentile", "95thPercentile", "98thPercentile", "99thPercentile", "999thPercentile"],
};

export interface Exported {
    name: string;
    type: string;
    labels: Record<string, string>;
    mbean: string;
    attribute: string;
    rule: number;
}

interface Config {
    lowercaseOutputName?: boolean;
    lowercaseOutputLabelNames?: boolean;
    includeObjectNames?: string[];
    rules: Array<{ pattern: string; name: string; type: string; labels?: Record<string, string> }>;
}

function parseObjectName(s: string): { domain: string; props: Array<[string, string]> } {
    const [domain, rest] = [s.slice(0, s.indexOf(":")), s.slice(s.indexOf(":") + 1)];
    return { domain, props: rest.split(",").map((kv) => (kv.includes("=") ? [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)] : [kv, ""]) as [string, string]) };
}

function included(objectName: string, patterns: string[] | undefined): boolean {
    if (!patterns) return true;
    const bean = parseObjectName(objectName);
    return patterns.some((p) => {
        const pat = parseObjectName(p);
        const props = pat.props.filter(([k]) => k !== "*");
        const wildcard = pat.props.some(([k]) => k === "*");
        if (pat.domain !== bean.domain) return false;
        if (!props.every(([k, v]) => bean.props.some(([bk, bv]) => bk === k && bv === v))) return false;
        return wildcard || props.length === bean.props.length;
    });
}

function toSafeName(name: string): string {
    let out = /^[0-9]/.test(name) ? "_" : "";
    let prevUnderscore = false;
    for (const c of name) {
        const unsafe = !/[:_a-zA-Z0-9]/.test(c);
        if (unsafe || c === "_") {
            if (!prevUnderscore) out += "_";
            prevUnderscore = true;
        } else {
            out += c;
            prevUnderscore = false;
        }
    }
    return out;
}

/** Every sample the exporter writes for `mbeans` under the YAML `configText`. */
export function simulate(configText: string, mbeans: readonly MBean[]): Exported[] {
    const cfg = parse(configText) as Config;
    const rules = cfg.rules.map((r) => ({ ...r, re: new RegExp(`^.*(?:${r.pattern}).*$`) }));
    const out: Exported[] = [];
    for (const m of mbeans) {
        if (!included(m.objectName, cfg.includeObjectNames)) continue;
        const { domain, props } = parseObjectName(m.objectName);
        const beanName = `${domain}<${props.map(([k, v]) => `${k}=${v}`).join(", ")}><>`;
        for (const attribute of YAMMER_ATTRIBUTES[m.kind]) {
            const matchName = `${beanName}${attribute}: 0`;
            const i = rules.findIndex((r) => r.re.test(matchName));
            if (i < 0) continue;
            const r = rules[i];
            let name = toSafeName(matchName.replace(r.re, r.name));
            if (cfg.lowercaseOutputName) name = name.toLowerCase();
            if (r.type === "COUNTER") name = `${name.replace(/_total$/, "")}_total`;
            const labels: Record<string, string> = {};
            for (const [k, v] of Object.entries(r.labels ?? {})) {
                let label = toSafeName(matchName.replace(r.re, k));
                if (cfg.lowercaseOutputLabelNames) label = label.toLowerCase();
                labels[label] = matchName.replace(r.re, v);
            }
            out.push({ name, type: r.type, labels, mbean: m.objectName, attribute, rule: i });
        }
    }
    return out;
}

/** Reads an upstream/kafka/mbeans-*.txt list. */
export function parseMBeanList(text: string): MBean[] {
    return text
        .split("\n")
        .filter((l) => l.trim() !== "" && !l.startsWith("#"))
        .map((l) => {
            const [objectName, kind, roles, source] = l.split("|");
            return { objectName, kind: kind as MBean["kind"], roles: roles.split(","), source };
        });
}

/** The MBean lists of the two pinned Kafka releases. */
export const MBEANS = {
    "3.9.2": parseMBeanList(fs.readFileSync(path.join(UPSTREAM, "kafka", "mbeans-3.9.2.txt"), "utf8")),
    "4.3.1": parseMBeanList(fs.readFileSync(path.join(UPSTREAM, "kafka", "mbeans-4.3.1.txt"), "utf8")),
};

/** Metric names a node of `role` exports with `config` (default: the shipped one). */
export function exportedNames(version: keyof typeof MBEANS, role: string, config = jmxExporterConfig()): Set<string> {
    return new Set(simulate(config, MBEANS[version].filter((m) => m.roles.includes(role))).map((e) => e.name));
}
