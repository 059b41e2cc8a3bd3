/**
 * The parts of `@pulumi/kubernetes` the program uses, under the package root's own names
 * (`k8s.core.v1.ConfigMap`, `k8s.Provider`), so components write `import * as k8s from
 * "../common/kubernetes"` and nothing else changes. Why not the root: `@pulumi/kubernetes`
 * loads every API group's module (about 120 files) on import, for the 10 groups used here.
 * Each API-group module registers itself for resource references as the root would; the root's
 * provider-package registration only matters for provider references coming back from the
 * engine, which this program never reads.
 */
import * as apiextensionsModule from "@pulumi/kubernetes/apiextensions";
import * as appsV1 from "@pulumi/kubernetes/apps/v1";
import * as batchV1 from "@pulumi/kubernetes/batch/v1";
import * as coreV1 from "@pulumi/kubernetes/core/v1";
import * as helmV4 from "@pulumi/kubernetes/helm/v4";
import * as networkingV1 from "@pulumi/kubernetes/networking/v1";
import * as policyV1 from "@pulumi/kubernetes/policy/v1";
import * as rbacV1 from "@pulumi/kubernetes/rbac/v1";
import * as schedulingV1 from "@pulumi/kubernetes/scheduling/v1";
import * as storageV1 from "@pulumi/kubernetes/storage/v1";

export { Provider } from "@pulumi/kubernetes/provider";
export type * as types from "@pulumi/kubernetes/types";

export import apiextensions = apiextensionsModule;
export namespace apps {
    export import v1 = appsV1;
}
export namespace batch {
    export import v1 = batchV1;
}
export namespace core {
    export import v1 = coreV1;
}
export namespace helm {
    export import v4 = helmV4;
}
export namespace networking {
    export import v1 = networkingV1;
}
export namespace policy {
    export import v1 = policyV1;
}
export namespace rbac {
    export import v1 = rbacV1;
}
export namespace scheduling {
    export import v1 = schedulingV1;
}
export namespace storage {
    export import v1 = storageV1;
}
