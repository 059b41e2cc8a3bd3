/**
 * Container image references (`[registry[:port]/]repo[:tag][@digest]`). Only the tag and digest
 * matter to the pack: a reference without either resolves to `latest` at pull time.
 */
export interface ImageRef {
    /** Everything before the tag and digest: `[registry[:port]/]repo`. */
    repository: string;
    tag?: string;
    digest?: string;
}

export function parseImage(reference: string): ImageRef {
    const at = reference.indexOf("@");
    const digest = at >= 0 ? reference.slice(at + 1) : undefined;
    const name = at >= 0 ? reference.slice(0, at) : reference;
    // A ':' before the last '/' belongs to a registry port, not a tag.
    const lastSlash = name.lastIndexOf("/");
    const colon = name.indexOf(":", lastSlash + 1);
    const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
    return { repository: colon >= 0 ? name.slice(0, colon) : name, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}
