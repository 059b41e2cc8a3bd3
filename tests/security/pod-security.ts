/**
 * The Kubernetes "restricted" Pod Security Standard (baseline + restricted controls, as the
 * PodSecurity admission plugin checks them), applied to a pod spec. Returns the violations.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a reader of rendered JSON, test-only
type Obj = Record<string, any>;

const ALLOWED_VOLUMES = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

export function restrictedViolations(pod: Obj): string[] {
    const out: string[] = [];
    const psc: Obj = pod.securityContext ?? {};
    const containers: Obj[] = [...(pod.initContainers ?? []), ...(pod.containers ?? []), ...(pod.ephemeralContainers ?? [])];
    for (const host of ["hostNetwork", "hostPID", "hostIPC"]) if (pod[host]) out.push(`${host} is set`);
    for (const v of pod.volumes ?? []) {
        const type = Object.keys(v).find((k) => k !== "name")!;
        if (!ALLOWED_VOLUMES.includes(type)) out.push(`volume ${v.name} is of type ${type}`);
    }
    const seccomp = (sc: Obj | undefined) => sc?.seccompProfile?.type;
    for (const c of containers) {
        const sc: Obj = c.securityContext ?? {};
        const where = `container ${c.name}`;
        if (sc.privileged) out.push(`${where} is privileged`);
        if (sc.allowPrivilegeEscalation !== false) out.push(`${where} does not set allowPrivilegeEscalation: false`);
        if (!(sc.runAsNonRoot === true || (sc.runAsNonRoot === undefined && psc.runAsNonRoot === true))) out.push(`${where} may run as root (runAsNonRoot)`);
        if (sc.runAsUser === 0 || (sc.runAsUser === undefined && psc.runAsUser === 0)) out.push(`${where} runs as uid 0`);
        const profile = seccomp(sc) ?? seccomp(psc);
        if (profile !== "RuntimeDefault" && profile !== "Localhost") out.push(`${where} has seccomp profile ${profile ?? "unset"}`);
        const caps: Obj = sc.capabilities ?? {};
        if (!(caps.drop ?? []).includes("ALL")) out.push(`${where} does not drop ALL capabilities`);
        for (const add of caps.add ?? []) if (add !== "NET_BIND_SERVICE") out.push(`${where} adds capability ${add}`);
        for (const p of c.ports ?? []) if (p.hostPort) out.push(`${where} uses hostPort ${p.hostPort}`);
        if (sc.procMount && sc.procMount !== "Default") out.push(`${where} sets procMount ${sc.procMount}`);
    }
    if (psc.runAsUser === 0) out.push("pod runs as uid 0");
    return out;
}

/** The pod spec of a workload object (Pod, Deployment, StatefulSet, Job, CronJob...). */
export function podSpecOf(obj: Obj): Obj | undefined {
    if (obj.kind === "Pod") return obj.spec;
    if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template?.spec;
    return obj.spec?.template?.spec;
}
