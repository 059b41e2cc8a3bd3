/**
 * The optional ECR pull-through cache (platform.imageCache): one rule per upstream registry the
 * program's images come from, and image references rewritten to the account's private registry,
 * `<account>.dkr.ecr.<region>.amazonaws.com/<prefix>/<repository>`. Nodes then pull from ECR
 * (through the VPC endpoints when platform.vpc.endpoints is on) instead of the Internet, and
 * Docker Hub's rate limits no longer apply. Digests are unchanged by the cache.
 *
 * Upstream URLs and which upstreams need credentials: ECR CreatePullThroughCacheRule
 * (`upstreamRegistryUrl`), "Using pull through cache rules" in the ECR user guide. Docker Hub and
 * GitHub Container Registry need a Secrets Manager secret named `ecr-pullthroughcache/…`.
 */

export interface CacheUpstream {
    /** ECR repository prefix of the rule (the path segment after the registry host). */
    prefix: string;
    /** Registry host as image references name it (Docker Hub: none, i.e. docker.io). */
    registry: string;
    /** `upstreamRegistryUrl` of the rule. */
    upstreamRegistryUrl: string;
    /** platform.imageCache key holding the credential secret, for upstreams that need one. */
    credential?: "dockerHubCredentialArn" | "githubCredentialArn";
}

export const CACHE_UPSTREAMS: readonly CacheUpstream[] = [
    { prefix: "docker-hub", registry: "docker.io", upstreamRegistryUrl: "registry-1.docker.io", credential: "dockerHubCredentialArn" },
    { prefix: "ghcr", registry: "ghcr.io", upstreamRegistryUrl: "ghcr.io", credential: "githubCredentialArn" },
    { prefix: "quay", registry: "quay.io", upstreamRegistryUrl: "quay.io" },
    { prefix: "k8s", registry: "registry.k8s.io", upstreamRegistryUrl: "registry.k8s.io" },
];

/** The account's private registry host. */
export function ecrRegistryHost(accountId: string, region: string): string {
    return `${accountId}.dkr.ecr.${region}.amazonaws.com`;
}

/** Registry and path of a reference, Docker's way: no host part means Docker Hub, one segment means `library/`. */
function splitReference(reference: string): { registry: string; path: string } {
    const slash = reference.indexOf("/");
    const first = slash === -1 ? "" : reference.slice(0, slash);
    if (first.includes(".") || first.includes(":") || first === "localhost") return { registry: first, path: reference.slice(slash + 1) };
    return { registry: "docker.io", path: slash === -1 ? `library/${reference}` : reference };
}

/** The cache's path for `reference` (`<prefix>/<path>`, tag and digest kept), or undefined for a registry it does not cache. */
export function cachedPath(reference: string): string | undefined {
    const { registry, path } = splitReference(reference);
    const upstream = CACHE_UPSTREAMS.find((u) => u.registry === registry);
    return upstream === undefined ? undefined : `${upstream.prefix}/${path}`;
}

/** `reference` (tag and digest kept) through the cache at `host`; an image from another registry is left alone. */
export function cachedImage(reference: string, host: string): string {
    const path = cachedPath(reference);
    return path === undefined ? reference : `${host}/${path}`;
}

/**
 * What the node role needs besides pulling: the first pull of an image creates its repository
 * and imports it from upstream (ECR user guide, "IAM permissions required to sync an upstream
 * registry"), limited to the cache's repositories.
 */
export function imageCacheNodePolicy(accountId: string, region: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "PullThroughCacheImport",
                Effect: "Allow",
                Action: ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"],
                Resource: CACHE_UPSTREAMS.map((u) => `arn:aws:ecr:${region}:${accountId}:repository/${u.prefix}/*`),
            },
        ],
    };
}
