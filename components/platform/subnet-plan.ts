/**
 * Splits the VPC CIDR into one private and one public subnet per zone. Private subnets are
 * large (the VPC CNI gives every pod a VPC address); public ones only hold NAT gateways and
 * load balancers: private_i = the i-th eighth of the VPC, public_i = the i-th eighth of the seventh eighth.
 */
export interface SubnetPlan {
    privateCidr: string;
    publicCidr: string;
}

function toInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toIp(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** The `index`-th subnet of `cidr` that is `extraBits` longer. */
export function subdivide(cidr: string, extraBits: number, index: number): string {
    const [ip, prefixText] = cidr.split("/");
    const prefix = Number(prefixText);
    const newPrefix = prefix + extraBits;
    if (newPrefix > 28) throw new Error(`${cidr} is too small to split into /${newPrefix} subnets`);
    if (index >= 2 ** extraBits) throw new Error(`${cidr} has no subnet ${index} of size /${newPrefix}`);
    const size = 2 ** (32 - newPrefix);
    const base = toInt(ip) - (toInt(ip) % 2 ** (32 - prefix));
    return `${toIp(base + index * size)}/${newPrefix}`;
}

/** Subnet CIDRs for `zoneCount` zones, zone i getting entry i. */
export function planSubnets(vpcCidr: string, zoneCount: number): SubnetPlan[] {
    if (zoneCount > 6) throw new Error("at most 6 zones fit the subnet plan");
    const publicBlock = subdivide(vpcCidr, 3, 6);
    return Array.from({ length: zoneCount }, (_, i) => ({ privateCidr: subdivide(vpcCidr, 3, i), publicCidr: subdivide(publicBlock, 3, i) }));
}
