/** IPv4 CIDR blocks parsed for real: octets 0-255, prefix 0-32, no host bits set. */

export interface Ipv4Cidr {
    /** Network address as an unsigned 32-bit number. */
    network: number;
    prefix: number;
}

/** Parses "a.b.c.d/n"; returns the reason it is not a CIDR block instead when it is not one. */
export function parseCidr(text: string): Ipv4Cidr | { problem: string } {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return { problem: "must be an IPv4 CIDR block such as 10.0.0.0/16" };
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o, i) => o > 255 || (m[i + 1].length > 1 && m[i + 1].startsWith("0")))) {
        return { problem: "must be an IPv4 CIDR block: each octet is 0-255 without leading zeros" };
    }
    if (prefix > 32) return { problem: "must be an IPv4 CIDR block: the prefix length is 0-32" };
    const address = octets.reduce((a, o) => a * 256 + o, 0);
    const network = prefix === 0 ? 0 : address - (address % 2 ** (32 - prefix));
    if (network !== address) return { problem: `has host bits set: the block is ${formatCidr({ network, prefix })}` };
    return { network, prefix };
}

export function formatCidr(c: Ipv4Cidr): string {
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.network / 2 ** shift) % 256);
    return `${octets.join(".")}/${c.prefix}`;
}

/** Whether block `inner` lies entirely within block `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
    return inner.prefix >= outer.prefix && Math.floor(inner.network / 2 ** (32 - outer.prefix)) === Math.floor(outer.network / 2 ** (32 - outer.prefix));
}

/** Whether two blocks share any address. */
export function cidrOverlaps(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
    return cidrContains(a, b) || cidrContains(b, a);
}
