/**
 * Kubernetes minor versions Amazon EKS offers, with the end of their extended support, from the
 * EKS release calendar (EKS User Guide, "Understand the Kubernetes version lifecycle on EKS"),
 * as of 2026-11. Update the table when EKS adds or retires a version.
 */
export const EKS_KUBERNETES_VERSIONS: Readonly<Record<string, { endOfExtendedSupport: string }>> = {
    "1.31": { endOfExtendedSupport: "2026-11-26" },
    "1.32": { endOfExtendedSupport: "2027-03-23" },
    "1.33": { endOfExtendedSupport: "2027-07-29" },
    "1.34": { endOfExtendedSupport: "2027-12-02" },
    "1.35": { endOfExtendedSupport: "2028-03-27" },
    "1.36": { endOfExtendedSupport: "2028-08-02" },
};

export function eksSupportsKubernetes(version: string): boolean {
    return Object.prototype.hasOwnProperty.call(EKS_KUBERNETES_VERSIONS, version);
}

/** "1.31-1.36" */
export function eksVersionRange(): string {
    const versions = Object.keys(EKS_KUBERNETES_VERSIONS).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));
    return `${versions[0]}-${versions[versions.length - 1]}`;
}
