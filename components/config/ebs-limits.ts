/**
 * gp3 volume limits, for the StorageClass parameters and the node root volumes. Values from the
 * Amazon EC2 API Reference (CreateVolume: Size gp3 1-65,536 GiB, Iops gp3 3,000-80,000, Throughput
 * 125-2,000 MiB/s; the limits were raised from 16 TiB / 16,000 / 1,000 in 2025) and the EBS User
 * Guide's gp3 ratios (500 IOPS per GiB, 0.25 MiB/s per provisioned IOPS), the same ratio the EBS
 * CSI driver applies (kubernetes-sigs/aws-ebs-csi-driver v1.64.0 pkg/cloud/cloud.go gp3MaxIOPSPerGB).
 */
export const GP3 = {
    maxSizeGiB: 65536,
    baselineIops: 3000,
    maxIops: 80000,
    baselineThroughputMiBps: 125,
    maxThroughputMiBps: 2000,
    maxIopsPerGiB: 500,
    maxThroughputPerIops: 0.25,
} as const;

/** Smallest volume that may carry `iops` (the baseline needs no minimum size). */
export function minSizeForIops(iops: number): number {
    return iops <= GP3.baselineIops ? 1 : Math.ceil(iops / GP3.maxIopsPerGiB);
}

/** Least IOPS that allow `throughput` MiB/s. */
export function minIopsForThroughput(throughput: number): number {
    return throughput <= GP3.baselineThroughputMiBps ? GP3.baselineIops : Math.max(GP3.baselineIops, Math.ceil(throughput / GP3.maxThroughputPerIops));
}
