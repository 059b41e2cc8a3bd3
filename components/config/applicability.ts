/**
 * Keys that are valid in general but do nothing in this stack's shape (a `kraft` block in
 * ZooKeeper mode, a `zookeeper` section in KRaft mode, EBS parameters for another provisioner,
 * ...). Set but ignored is how a stack silently differs from what its author reads, so each is
 * reported. Works on the raw input: a default and a value someone wrote look alike after parsing.
 */
import type { ConfigProblem } from "./errors";
import { keyPath } from "./errors";

type Raw = Record<string, unknown>;

/** Set to something: an empty mapping or list sets nothing. */
function isSet(v: unknown): boolean {
    if (v === undefined || v === null) return false;
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v === "object") return Object.keys(v).length > 0;
    return true;
}

function obj(v: unknown): Raw | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Raw) : undefined;
}

/** Problems for keys set where they have no effect. `raw` maps section → value as written. */
export function inapplicableKeyProblems(raw: Readonly<Raw>, namespace: string, ebsProvisioner: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const report = (path: (string | number)[], value: unknown, message: string) => problems.push({ key: keyPath(namespace, path), value, message });
    const kafka = obj(raw.kafka);
    const mode = kafka?.mode;

    if (mode === "zookeeper") {
        for (const k of ["kraft", "controllerResources", "controllerStorageGiB"]) {
            if (isSet(kafka?.[k])) report(["kafka", k], kafka?.[k], "applies only to kafka.mode kraft; ZooKeeper mode has no KRaft controllers (remove it)");
        }
    }
    if (mode === "kraft") {
        if (isSet(raw.zookeeper)) report(["zookeeper"], raw.zookeeper, "applies only to kafka.mode zookeeper; KRaft runs no ZooKeeper (remove the section)");
        const kraft = obj(kafka?.kraft);
        if (kraft?.topology === "combined") {
            if (isSet(kraft.controllers)) report(["kafka", "kraft", "controllers"], kraft.controllers, "applies only to kafka.kraft.topology dedicated; with combined nodes every broker votes (kafka.brokers)");
            for (const k of ["controllerResources", "controllerStorageGiB"]) {
                if (isSet(kafka?.[k])) report(["kafka", k], kafka?.[k], "applies only to kafka.kraft.topology dedicated; combined nodes use kafka.resources and kafka.storageGiB");
            }
        }
    }

    const storage = obj(raw.storage);
    const provisioner = storage?.provisioner ?? ebsProvisioner;
    if (storage && provisioner !== ebsProvisioner) {
        for (const k of ["iops", "throughput", "kmsKeyArn"]) {
            if (isSet(storage[k])) report(["storage", k], storage[k], `is an EBS parameter; storage.provisioner ${String(provisioner)} does not read it`);
        }
    }

    // Turning a section off is one change: one line lists the keys it leaves without effect.
    const disabled = (section: string, flag: string, why: string) => {
        const s = obj(raw[section]);
        if (!s || s[flag] !== false) return;
        const idle = Object.keys(s).filter((k) => k !== flag && isSet(s[k]));
        if (idle.length === 1) report([section, idle[0]], s[idle[0]], `has no effect: ${section}.${flag} is false${why}`);
        if (idle.length > 1) report([section, flag], false, `leaves ${idle.map((k) => `${section}.${k}`).join(", ")} without effect${why}: remove them, or set ${flag} true`);
    };
    disabled("manager", "enabled", "");
    disabled("smokeTest", "enabled", "");
    disabled("metrics", "enabled", "");

    // A lag alert reads the lag exporter's metric: without it the alert could never fire.
    const metrics = obj(raw.metrics);
    const lagMetric = metrics?.enabled === false ? "metrics.enabled is false" : metrics?.lagExporter === false ? "metrics.lagExporter is false (no kafka_consumergroup_lag)" : undefined;
    if (lagMetric !== undefined && Array.isArray(raw.consumers)) {
        raw.consumers.forEach((c, i) => {
            const threshold = obj(c)?.lagAlertThreshold;
            if (isSet(threshold)) report(["consumers", i, "lagAlertThreshold"], threshold, `has no effect: ${lagMetric}`);
        });
    }

    const security = obj(raw.security);
    const rotation = obj(security?.rotation);
    if (security?.authentication === "none" && isSet(rotation?.interBroker) && rotation?.interBroker !== 0) {
        report(["security", "rotation", "interBroker"], rotation?.interBroker, "has no effect: security.authentication is none (there are no SCRAM users to rotate)");
    }
    if (security?.tls === false && isSet(security.certificates)) {
        report(["security", "certificates"], security.certificates, "has no effect: security.tls is false (no certificates are generated)");
    }
    return problems;
}
