/** The API server's address for egress rules: the first address of the service range. */
import { strict as assert } from "assert";
import { kubernetesServiceCidr } from "../../components/platform/api-server";

describe("platform: the API server as pods address it", () => {
    it("is the first address of the service range, as a /32", () => {
        assert.equal(kubernetesServiceCidr("172.20.0.0/16"), "172.20.0.1/32");
        assert.equal(kubernetesServiceCidr("10.100.0.0/16"), "10.100.0.1/32");
        assert.equal(kubernetesServiceCidr("10.96.0.0/12"), "10.96.0.1/32");
    });
    it("refuses what is not a CIDR block", () => assert.throws(() => kubernetesServiceCidr("172.20.0.1"), /service CIDR 172\.20\.0\.1: must be an IPv4 CIDR block/));
});
