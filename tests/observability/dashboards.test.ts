/** Dashboards: valid Grafana JSON, sidecar-discoverable, and every query parses and reads produced metrics. */
import * as assert from "node:assert/strict";
import type { AlertContext } from "../../components/observability/alerts";
import { dashboardConfigMaps } from "../../components/observability/dashboards";
import { metricNames, promqlErrors } from "./promql";
import { unproducedMetrics } from "./metric-sources";

const base = { cluster: "kafka", namespace: "kafka", lagAlerts: [], lagExporter: true, scaledObjects: [], brokers: 3, zookeeperReplicas: 3 };
const CONTEXTS: AlertContext[] = [
    { ...base, mode: "zookeeper", controllers: 0 },
    { ...base, mode: "kraft", controllers: 3 },
    { ...base, mode: "kraft", controllers: 0 },
];

type GrafanaJson = { uid: string; schemaVersion: number; panels: Array<{ type: string; gridPos: object; targets: Array<{ refId: string; expr: string }> }> };

describe("metrics: Grafana dashboards", () => {
    for (const ctx of CONTEXTS) {
        const label = `${ctx.mode}${ctx.mode === "kraft" ? (ctx.controllers > 0 ? " dedicated" : " combined") : ""}`;
        const maps = dashboardConfigMaps(ctx, "monitoring");

        it(`${label}: one ConfigMap per dashboard, labelled grafana_dashboard=1 for the sidecar, valid dashboard JSON`, () => {
            assert.ok(maps.length >= (ctx.mode === "zookeeper" ? 4 : 3));
            for (const cm of maps) {
                assert.equal(cm.metadata.labels.grafana_dashboard, "1");
                assert.equal(cm.metadata.namespace, "monitoring");
                const [file, text] = Object.entries(cm.data)[0];
                const d = JSON.parse(text) as GrafanaJson;
                assert.equal(file, `${d.uid}.json`);
                assert.equal(typeof d.schemaVersion, "number");
                assert.ok(d.panels.length > 0 && d.panels.every((p) => p.type === "timeseries" && p.gridPos && p.targets.length > 0 && p.targets.every((t) => t.refId && t.expr)));
            }
        });

        it(`${label}: every query parses and reads metrics produced for the pods it selects`, () => {
            for (const cm of maps) {
                const d = JSON.parse(Object.values(cm.data)[0]) as GrafanaJson;
                for (const t of d.panels.flatMap((p) => p.targets)) {
                    assert.deepEqual(promqlErrors(t.expr), [], t.expr);
                    assert.ok(metricNames(t.expr).length > 0, t.expr);
                    assert.deepEqual(unproducedMetrics(ctx, t.expr), [], `${d.uid}: ${t.expr}`);
                }
            }
        });
    }

    it("ZooKeeper's dashboard exists only in ZooKeeper mode", () => {
        assert.ok(dashboardConfigMaps(CONTEXTS[0], "monitoring").some((cm) => cm.metadata.name.includes("zookeeper")));
        assert.ok(!dashboardConfigMaps(CONTEXTS[1], "monitoring").some((cm) => cm.metadata.name.includes("zookeeper")));
    });
});
