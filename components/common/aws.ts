/**
 * The parts of `@pulumi/aws` the program uses, under the package root's own names (`aws.ec2.Vpc`,
 * `aws.getAvailabilityZonesOutput`): `@pulumi/aws` loads one module per AWS service on import
 * (about 300 files), for the 6 services and 2 functions used here.
 */
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as eks from "@pulumi/aws/eks";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
export type * as types from "@pulumi/aws/types";
