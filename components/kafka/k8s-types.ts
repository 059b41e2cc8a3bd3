/** Short names for the Kubernetes input types the Kafka spec builders produce. */
import type * as k8s from "../common/kubernetes";

export type Service = k8s.types.input.core.v1.Service;
export type ConfigMap = k8s.types.input.core.v1.ConfigMap;
export type StatefulSet = k8s.types.input.apps.v1.StatefulSet;
export type PVC = k8s.types.input.core.v1.PersistentVolumeClaim;
export type PDB = k8s.types.input.policy.v1.PodDisruptionBudget;
export type ServiceAccount = k8s.types.input.core.v1.ServiceAccount;
export type ClusterRole = k8s.types.input.rbac.v1.ClusterRole;
export type ClusterRoleBinding = k8s.types.input.rbac.v1.ClusterRoleBinding;
export type Container = k8s.types.input.core.v1.Container;
export type EnvVar = k8s.types.input.core.v1.EnvVar;
export type Volume = k8s.types.input.core.v1.Volume;
export type VolumeMount = k8s.types.input.core.v1.VolumeMount;
export type Resources = k8s.types.input.core.v1.ResourceRequirements;
