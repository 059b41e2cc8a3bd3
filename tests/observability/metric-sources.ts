/** Where the metrics the rules and dashboards read come from, and the CRDs their objects must satisfy. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { clusterNames } from "../../components/common/names";
import type { AlertContext } from "../../components/observability/alerts";
import { OpenApiSchema } from "../autoscaling/openapi";
import { UPSTREAM } from "../harness";
import { exportedNames } from "./jmx-exporter-sim";
import { metricNames } from "./promql";

/** upstream/observability/exporter-metrics.txt: exporter -> metric names. */
export const EXPORTER_METRICS: Map<string, Set<string>> = (() => {
    const m = new Map<string, Set<string>>();
    for (const line of fs.readFileSync(path.join(UPSTREAM, "observability", "exporter-metrics.txt"), "utf8").split("\n")) {
        if (line.trim() === "" || line.startsWith("#")) continue;
        const [exporter, name] = line.split("|");
        if (!m.has(exporter)) m.set(exporter, new Set());
        m.get(exporter)!.add(name);
    }
    return m;
})();
const external = (...exporters: string[]) => new Set(exporters.flatMap((e) => [...EXPORTER_METRICS.get(e)!]));

/** openAPIV3Schema of a Prometheus Operator CRD kept in upstream/prometheus-operator. */
export function monitoringCrd(plural: string): OpenApiSchema {
    const crd = parse(fs.readFileSync(path.join(UPSTREAM, "prometheus-operator", `monitoring.coreos.com_${plural}.yaml`), "utf8")) as {
        spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: OpenApiSchema } }> };
    };
    return crd.spec.versions.find((v) => v.name === "v1")!.schema.openAPIV3Schema;
}

/** The node roles (as in upstream/kafka/mbeans-*.txt) whose pods a selector's `pod=~` picks. */
function rolesSelected(ctx: AlertContext, matchers: string): string[] {
    const n = clusterNames(ctx.cluster);
    const pods = /pod=~"([^"]*)"/.exec(matchers)?.[1] ?? "";
    const roles: string[] = [];
    if (pods.includes(n.brokers)) roles.push(...(ctx.mode === "zookeeper" ? ["zookeeper-broker"] : ctx.controllers > 0 ? ["kraft-broker"] : ["kraft-broker", "kraft-controller"]));
    if (pods.includes(n.controllers)) roles.push("kraft-controller");
    return roles;
}

/** Every `name{matchers}` selector of an expression. */
function selectors(expr: string): Array<{ name: string; matchers: string }> {
    return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}/g)].map((m) => ({ name: m[1], matchers: m[2] }));
}

/** Why `rule` reads a metric nothing produces for the pods it selects; empty when all are produced. */
export function unproducedMetrics(ctx: AlertContext, expr: string): string[] {
    const version = ctx.mode === "zookeeper" ? "3.9.2" : "4.3.1";
    const others = external("jmx-agent", "zookeeper", "lag-exporter", "keda", "kubelet", "kube-state-metrics", "prometheus");
    const problems: string[] = [];
    for (const name of metricNames(expr)) {
        const sels = selectors(expr).filter((s) => s.name === name);
        if (name.startsWith("kafka_") && !others.has(name)) {
            for (const s of sels.length > 0 ? sels : [{ name, matchers: "" }]) {
                const roles = rolesSelected(ctx, s.matchers);
                if (roles.length === 0) problems.push(`${name}: selects no Kafka pods`);
                else if (!roles.some((r) => exportedNames(version, r).has(name))) problems.push(`${name}: not exported by Kafka ${version} ${roles.join("/")} nodes`);
            }
        } else if (!others.has(name)) {
            problems.push(`${name}: produced by no deployed exporter`);
        }
    }
    return problems;
}

