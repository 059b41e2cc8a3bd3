/**
 * The Kubernetes "restricted" Pod Security Standard (its baseline and restricted controls, as
 * the PodSecurity admission plugin checks them) over a pod spec. Used by the pod-security
 * policy, and by the tests that check every workload the program renders.
 */
import { asArray, asNumber, asString, at, isRecord } from "./props";

export interface PodSecurityProblem {
    /** Dotted path below the pod spec, e.g. `containers[0].securityContext.allowPrivilegeEscalation`. */
    field: string;
    problem: string;
}

const ALLOWED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const ALLOWED_SECCOMP = ["RuntimeDefault", "Localhost"];

export function restrictedViolations(pod: unknown): PodSecurityProblem[] {
    const out: PodSecurityProblem[] = [];
    const add = (field: string, problem: string) => out.push({ field, problem });
    const podContext = at(pod, "securityContext");
    for (const host of ["hostNetwork", "hostPID", "hostIPC"]) if (at(pod, host) === true) add(host, "is true");
    asArray(at(pod, "volumes")).forEach((v, i) => {
        const type = isRecord(v) ? Object.keys(v).find((k) => k !== "name") : undefined;
        if (type !== undefined && !ALLOWED_VOLUMES.includes(type)) add(`volumes[${i}]`, `is a ${type} volume (allowed: ${ALLOWED_VOLUMES.join(", ")})`);
    });
    if (asNumber(at(podContext, "runAsUser")) === 0) add("securityContext.runAsUser", "is 0 (root)");
    for (const field of ["initContainers", "containers", "ephemeralContainers"]) {
        asArray(at(pod, field)).forEach((c, i) => {
            const path = `${field}[${i}].securityContext`;
            const sc = at(c, "securityContext");
            if (at(sc, "privileged") === true) add(`${path}.privileged`, "is true");
            if (at(sc, "allowPrivilegeEscalation") !== false) add(`${path}.allowPrivilegeEscalation`, "is not false");
            const nonRoot = at(sc, "runAsNonRoot") ?? at(podContext, "runAsNonRoot");
            if (nonRoot !== true) add(`${path}.runAsNonRoot`, "is not true (neither here nor on the pod)");
            if ((asNumber(at(sc, "runAsUser")) ?? asNumber(at(podContext, "runAsUser"))) === 0) add(`${path}.runAsUser`, "is 0 (root)");
            const seccomp = asString(at(sc, "seccompProfile", "type")) ?? asString(at(podContext, "seccompProfile", "type"));
            if (seccomp === undefined || !ALLOWED_SECCOMP.includes(seccomp)) add(`${path}.seccompProfile.type`, `is ${seccomp ?? "unset"} (neither here nor on the pod)`);
            if (!asArray(at(sc, "capabilities", "drop")).includes("ALL")) add(`${path}.capabilities.drop`, "does not include ALL");
            for (const cap of asArray(at(sc, "capabilities", "add"))) if (cap !== "NET_BIND_SERVICE") add(`${path}.capabilities.add`, `includes ${String(cap)}`);
            asArray(at(c, "ports")).forEach((port, p) => {
                if (asNumber(at(port, "hostPort"))) add(`${field}[${i}].ports[${p}].hostPort`, "is set");
            });
        });
    }
    return out;
}
