/**
 * PromQL checked with the Prometheus project's own grammar (@prometheus-io/lezer-promql, the parser
 * of the Prometheus web UI, pinned in package.json): syntax errors, and the metric names an
 * expression reads.
 */
import { parser } from "@prometheus-io/lezer-promql";

/** Positions of syntax errors in `expr`; empty when it parses. */
export function promqlErrors(expr: string): string[] {
    const errors: string[] = [];
    parser.parse(expr).iterate({
        enter(node) {
            if (node.type.isError) errors.push(`at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 10), node.to + 10))}`);
        },
    });
    return errors;
}

/** Every metric name a selector in `expr` names (`foo{…}`, `foo[5m]`). */
export function metricNames(expr: string): string[] {
    const names: string[] = [];
    parser.parse(expr).iterate({
        enter(node) {
            if (node.name === "VectorSelector") {
                const id = node.node.getChild("Identifier");
                if (id) names.push(expr.slice(id.from, id.to));
            }
        },
    });
    return names;
}
