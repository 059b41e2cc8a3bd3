import { strict as assert } from "assert";
import { planSubnets, subdivide } from "../../components/platform/subnet-plan";

describe("subnet plan", () => {
    it("gives each zone a large private and a small public subnet, none overlapping", () => {
        const plan = planSubnets("10.20.0.0/16", 3);
        assert.deepEqual(plan, [
            { privateCidr: "10.20.0.0/19", publicCidr: "10.20.192.0/22" },
            { privateCidr: "10.20.32.0/19", publicCidr: "10.20.196.0/22" },
            { privateCidr: "10.20.64.0/19", publicCidr: "10.20.200.0/22" },
        ]);
    });
    it("fits six zones", () => assert.equal(new Set(planSubnets("10.0.0.0/16", 6).flatMap((p) => [p.privateCidr, p.publicCidr])).size, 12));
    it("normalises a host address to its network", () => assert.equal(subdivide("10.1.2.3/16", 3, 1), "10.1.32.0/19"));
    it("refuses a VPC too small to split", () => assert.throws(() => subdivide("10.0.0.0/27", 3, 0), /too small/));
});
