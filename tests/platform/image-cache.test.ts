/**
 * The optional ECR pull-through cache (platform.imageCache): a rule per upstream registry the
 * program's images come from, the node role allowed to fill the cache, and every image the
 * stack runs (pods and the KEDA chart) pulled through the account's private registry, digests kept.
 */
import { strict as assert } from "assert";
import { cachedImage } from "../../components";
import { parseStackConfig, stackImages } from "../../components/config";
import { MOCK_ACCOUNT_ID } from "../../scripts/lib/mocks";
import { ofType, renderStack, stackSection, stackSections } from "../harness";
import { kedaChartImages, podImages } from "../common/rendered-images";
import { NS, problemsOf } from "../config/problems";
import { stubDigest, stubDigests } from "../common/stub-digests";

const HOST = `${MOCK_ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com`;
const CACHE = {
    dockerHubCredentialArn: `arn:aws:secretsmanager:eu-west-1:${MOCK_ACCOUNT_ID}:secret:ecr-pullthroughcache/docker-hub-AbCdEf`,
    githubCredentialArn: `arn:aws:secretsmanager:eu-west-1:${MOCK_ACCOUNT_ID}:secret:ecr-pullthroughcache/ghcr-AbCdEf`,
};

describe("platform.imageCache: ECR pull-through cache", function () {
    this.timeout(180_000);
    const refs = stackImages(parseStackConfig(stackSections("prod"), NS, { awsRegion: "eu-west-1" }));
    const rendered = () =>
        renderStack("prod", { platform: { ...(stackSection("prod", "platform") as object), imageCache: CACHE }, images: { requireDigests: true, digests: stubDigests(refs) } });

    it("one rule per upstream registry, with the credentials Docker Hub and GHCR need", async () => {
        const { resources } = await rendered();
        const rules = ofType(resources, "aws:ecr/pullThroughCacheRule:PullThroughCacheRule").map((r) => r.inputs);
        assert.deepEqual(
            rules.map((r) => [r.ecrRepositoryPrefix, r.upstreamRegistryUrl, r.credentialArn]).sort(),
            [
                ["docker-hub", "registry-1.docker.io", CACHE.dockerHubCredentialArn],
                ["ghcr", "ghcr.io", CACHE.githubCredentialArn],
                ["k8s", "registry.k8s.io", undefined],
                ["quay", "quay.io", undefined],
            ],
        );
    });

    it("the node role may create and import the cache's repositories, nothing else", async () => {
        const { resources } = await rendered();
        const [policy] = ofType(resources, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.name.endsWith("-node-ecr-cache"));
        const doc = JSON.parse(policy.inputs.policy as string) as { Statement: Array<{ Action: string[]; Resource: string[] }> };
        assert.deepEqual(doc.Statement[0].Action, ["ecr:BatchImportUpstreamImage", "ecr:CreateRepository"]);
        assert.deepEqual(doc.Statement[0].Resource, ["docker-hub", "ghcr", "quay", "k8s"].map((p) => `arn:aws:ecr:eu-west-1:${MOCK_ACCOUNT_ID}:repository/${p}/*`));
    });

    it("every pod image comes through the cache, by digest; Docker Hub official images under library/", async () => {
        const { resources } = await rendered();
        const expected = new Set(refs.filter((r) => !r.startsWith("ghcr.io/kedacore/")).map((r) => cachedImage(`${r}@${stubDigest(r)}`, HOST)));
        assert.deepEqual([...new Set(podImages(resources))].sort(), [...expected].sort());
        assert.ok(expected.has(`${HOST}/docker-hub/apache/kafka:4.3.1@${stubDigest("apache/kafka:4.3.1")}`));
        assert.ok(expected.has(`${HOST}/k8s/kubectl:v1.33.4@${stubDigest("registry.k8s.io/kubectl:v1.33.4")}`));
        assert.equal(cachedImage("zookeeper:3.8.6", HOST), `${HOST}/docker-hub/library/zookeeper:3.8.6`);
        assert.equal(cachedImage("quay.io/panubo/cmak:3.0.0.6-2", HOST), `${HOST}/quay/panubo/cmak:3.0.0.6-2`);
        assert.equal(cachedImage("registry.local:5000/x:1", HOST), "registry.local:5000/x:1");
    });

    it("the KEDA chart's images come through the cache too", async () => {
        const { resources } = await rendered();
        assert.deepEqual(kedaChartImages(resources).keda, { registry: HOST, repository: "ghcr/kedacore/keda", tag: `2.20.2@${stubDigest("ghcr.io/kedacore/keda:2.20.2")}` });
    });

    it("credentials must be ecr-pullthroughcache/ secrets", () => {
        const found = problemsOf("prod", (c) => (c.platform.imageCache = { ...CACHE, githubCredentialArn: `arn:aws:secretsmanager:eu-west-1:${MOCK_ACCOUNT_ID}:secret:ghcr-token` }));
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /platform\.imageCache\.githubCredentialArn = .*: must be a Secrets Manager secret ARN whose name starts with ecr-pullthroughcache\//);
    });
});
