import { strict as assert } from "assert";
import { RenderedResource, renderStack } from "../harness";

/**
 * Pulumi refuses to replace or delete a protected resource. So in prod, protection belongs on
 * what must never be recreated (StatefulSets, the KRaft cluster id, the CA), and must stay off
 * what routine operations replace or drop: the broker certificate (renewal is a replacement),
 * passwords (rotation is a replacement) and claims (scale-down drops them; retainOnDelete keeps
 * the volume in the cluster).
 */
describe("what prod protects", () => {
    let resources: RenderedResource[];
    before(async () => ({ resources } = await renderStack("prod")));
    const byType = (type: string) => resources.filter((r) => r.type === type);

    it("protects the StatefulSets, the cluster id and the CA", () => {
        for (const r of byType("kubernetes:apps/v1:StatefulSet")) assert.ok(r.protect && r.retainOnDelete, r.urn);
        for (const r of byType("random:index/randomId:RandomId")) assert.ok(r.protect, r.urn);
        const ca = [...byType("tls:index/selfSignedCert:SelfSignedCert"), ...byType("tls:index/privateKey:PrivateKey").filter((r) => r.name.endsWith("-ca-key"))];
        assert.equal(ca.length, 2);
        for (const r of ca) assert.ok(r.protect, r.urn);
    });

    it("leaves the broker certificate, its key and request replaceable, so renewal works", () => {
        const leaf = [
            ...byType("tls:index/locallySignedCert:LocallySignedCert"),
            ...byType("tls:index/certRequest:CertRequest"),
            ...byType("tls:index/privateKey:PrivateKey").filter((r) => r.name.endsWith("-broker-key")),
        ];
        assert.equal(leaf.length, 3);
        for (const r of leaf) assert.equal(r.protect, false, r.urn);
        const cert = byType("tls:index/locallySignedCert:LocallySignedCert")[0];
        assert.ok(Number(cert.inputs.earlyRenewalHours) > 0);
    });

    it("leaves the generated passwords replaceable, so they can be rotated", () => {
        const passwords = byType("random:index/randomPassword:RandomPassword");
        assert.ok(passwords.length >= 3);
        for (const r of passwords) assert.equal(r.protect, false, r.urn);
    });

    it("keeps claims in the cluster on delete without protecting them, so scale-down works", () => {
        const claims = byType("kubernetes:core/v1:PersistentVolumeClaim");
        assert.ok(claims.length >= 6);
        for (const r of claims) {
            assert.equal(r.protect, false, r.urn);
            assert.equal(r.retainOnDelete, true, r.urn);
        }
    });
});
