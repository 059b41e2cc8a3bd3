/** The floor for `npm run bench`: the same SDK imports as index.ts, one resource. */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";

void aws.config.region;
void random.RandomId;
export const ns = new k8s.core.v1.Namespace("floor", { metadata: { name: "floor" } }).metadata.name;
