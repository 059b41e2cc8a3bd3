/** Stand-in image digests for tests that check where digests go, not what they are (no registry here). */
import { createHash } from "crypto";

export function stubDigest(ref: string): string {
    return `sha256:${createHash("sha256").update(ref).digest("hex")}`;
}

/** A stand-in digest for each reference, as images.digests holds them. */
export function stubDigests(refs: readonly string[]): Record<string, string> {
    return Object.fromEntries(refs.map((r) => [r, stubDigest(r)]));
}
