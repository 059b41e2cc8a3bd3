/**
 * The floor for `npm run bench`: plain JavaScript, no transpiler, the same SDK modules the
 * program imports (components/common/aws.ts and kubernetes.ts, @pulumi/random, @pulumi/tls, the
 * aws and tls config modules components/config/namespaces.ts reads) and
 * one resource. What any program using these SDKs pays before doing anything of its own.
 * tests/scripts/bench.test.ts keeps this list equal to the program's imports.
 */
require("@pulumi/pulumi");
require("@pulumi/aws/cloudwatch");
require("@pulumi/aws/config/vars");
require("@pulumi/aws/ec2");
require("@pulumi/aws/ecr");
require("@pulumi/aws/eks");
require("@pulumi/aws/getAvailabilityZones");
require("@pulumi/aws/getCallerIdentity");
require("@pulumi/aws/iam");
require("@pulumi/aws/kms");
require("@pulumi/kubernetes/apiextensions");
require("@pulumi/kubernetes/apps/v1");
require("@pulumi/kubernetes/batch/v1");
require("@pulumi/kubernetes/helm/v4");
require("@pulumi/kubernetes/networking/v1");
require("@pulumi/kubernetes/policy/v1");
require("@pulumi/kubernetes/provider");
require("@pulumi/kubernetes/rbac/v1");
require("@pulumi/kubernetes/scheduling/v1");
require("@pulumi/kubernetes/storage/v1");
require("@pulumi/random");
require("@pulumi/tls");
require("@pulumi/tls/config/vars");
const core = require("@pulumi/kubernetes/core/v1");

exports.ns = new core.Namespace("floor", { metadata: { name: "floor" } }).metadata.name;
