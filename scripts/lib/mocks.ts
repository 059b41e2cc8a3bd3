/**
 * Deterministic, realistic outputs for the resources and data sources the program uses, so that
 * every Kubernetes object renders completely under Pulumi's mock runtime. IDs derive from the
 * resource name (never random): two renders give identical files.
 */
import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";

function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/**
 * A deterministic stand-in PEM block: one base64 line derived from `seed`. Not a parseable key or
 * certificate; the line alone identifies it, so the secrets scan finds it in any encoding.
 */
export function fakePem(label: string, seed: string): { pem: string; body: string } {
    const body = createHash("sha512").update(`${label}/${seed}`).digest("base64");
    return { pem: `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`, body };
}

/** Computed outputs per resource type; inputs are echoed back as state as the engine would. */
function computed(type: string, name: string, inputs: Record<string, unknown>, region: string): { id: string; state: Record<string, unknown> } {
    const h = hex(`${type}/${name}`, 17);
    const physical = (inputs.name as string | undefined) ?? `${name}-${h.slice(0, 7)}`;
    const arn = (service: string, resource: string, inRegion = true) =>
        `arn:aws:${service}:${inRegion ? region : ""}:${MOCK_ACCOUNT_ID}:${resource}`;
    switch (type) {
        case "aws:ec2/vpc:Vpc":
            return { id: `vpc-${h}`, state: { arn: arn("ec2", `vpc/vpc-${h}`) } };
        case "aws:ec2/subnet:Subnet":
            return { id: `subnet-${h}`, state: { arn: arn("ec2", `subnet/subnet-${h}`) } };
        case "aws:ec2/internetGateway:InternetGateway":
            return { id: `igw-${h}`, state: {} };
        case "aws:ec2/eip:Eip":
            return { id: `eipalloc-${h}`, state: { publicIp: `198.51.100.${parseInt(h.slice(0, 2), 16) % 250}` } };
        case "aws:ec2/natGateway:NatGateway":
            return { id: `nat-${h}`, state: {} };
        case "aws:ec2/routeTable:RouteTable":
            return { id: `rtb-${h}`, state: {} };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { id: `sg-${h}`, state: { arn: arn("ec2", `security-group/sg-${h}`) } };
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { id: `lt-${h}`, state: { latestVersion: 1, arn: arn("ec2", `launch-template/lt-${h}`) } };
        case "aws:kms/key:Key": {
            const keyId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(12, 15)}-8${hex(name, 3)}-${hex(name + "k", 12)}`;
            return { id: keyId, state: { keyId, arn: arn("kms", `key/${keyId}`) } };
        }
        case "aws:iam/role:Role":
            return { id: physical, state: { name: physical, arn: arn("iam", `role/${physical}`, false), uniqueId: `AROA${h.toUpperCase()}` } };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const host = String(inputs.url ?? "").replace(/^https:\/\//, "");
            return { id: arn("iam", `oidc-provider/${host}`, false), state: { arn: arn("iam", `oidc-provider/${host}`, false) } };
        }
        case "aws:eks/cluster:Cluster": {
            const oidcId = hex(`oidc/${physical}`, 32).toUpperCase();
            const endpointId = hex(`endpoint/${physical}`, 32).toUpperCase();
            return {
                id: physical,
                state: {
                    name: physical,
                    arn: arn("eks", `cluster/${physical}`),
                    endpoint: `https://${endpointId}.gr7.${region}.eks.amazonaws.com`,
                    certificateAuthority: { data: Buffer.from(`mock-ca-for-${physical}`).toString("base64") },
                    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}` }] }],
                    status: "ACTIVE",
                    platformVersion: "eks.1",
                    vpcConfig: { ...(inputs.vpcConfig as object), clusterSecurityGroupId: `sg-${hex(`cluster-sg/${physical}`, 17)}`, vpcId: `vpc-${h}` },
                    // What EKS picks for a VPC in 10.0.0.0/8 when the program names no range.
                    kubernetesNetworkConfig: { ipFamily: "ipv4", serviceIpv4Cidr: "172.20.0.0/16" },
                },
            };
        }
        case "aws:eks/nodeGroup:NodeGroup":
            return { id: `${physical}`, state: { arn: arn("eks", `nodegroup/${physical}`), status: "ACTIVE" } };
        case "aws:eks/addon:Addon":
            return { id: `${name}`, state: { arn: arn("eks", `addon/${name}`) } };
        case "random:index/randomPassword:RandomPassword":
            // Deterministic stand-in; still a secret in the program, so render output masks it.
            return { id: name, state: { result: `mock-password-${hex(name, 16)}` } };
        case "random:index/randomId:RandomId": {
            const bytes = createHash("sha256").update(name).digest().subarray(0, Number(inputs.byteLength ?? 16));
            return { id: name, state: { b64Url: bytes.toString("base64url"), hex: bytes.toString("hex"), b64Std: bytes.toString("base64"), dec: BigInt(`0x${bytes.toString("hex")}`).toString() } };
        }
        case "tls:index/privateKey:PrivateKey": {
            const pkcs8 = fakePem("PRIVATE KEY", `pkcs8/${name}`);
            return {
                id: name,
                state: {
                    privateKeyPem: fakePem("EC PRIVATE KEY", name).pem,
                    privateKeyPemPkcs8: pkcs8.pem,
                    privateKeyOpenssh: fakePem("OPENSSH PRIVATE KEY", name).pem,
                    publicKeyPem: fakePem("PUBLIC KEY", name).pem,
                    publicKeyOpenssh: `ecdsa-sha2-nistp256 ${hex(`ssh/${name}`, 40)}\n`,
                    publicKeyFingerprintSha256: `SHA256:${hex(`fp/${name}`, 43)}`,
                },
            };
        }
        case "tls:index/selfSignedCert:SelfSignedCert":
        case "tls:index/locallySignedCert:LocallySignedCert": {
            const hours = Number(inputs.validityPeriodHours ?? 0);
            const start = Date.UTC(2026, 0, 1);
            return {
                id: name,
                state: {
                    certPem: fakePem("CERTIFICATE", name).pem,
                    validityStartTime: new Date(start).toISOString(),
                    validityEndTime: new Date(start + hours * 3600 * 1000).toISOString(),
                    readyForRenewal: false,
                },
            };
        }
        case "tls:index/certRequest:CertRequest":
            return { id: name, state: { certRequestPem: fakePem("CERTIFICATE REQUEST", name).pem } };
        default:
            return { id: type.startsWith("kubernetes:") ? name : `${name}-${h.slice(0, 8)}`, state: {} };
    }
}

/** State of the objects the program reads from a live cluster (`Resource.get`) instead of creating. */
function readState(type: string, id: string): Record<string, unknown> {
    if (type === "kubernetes:core/v1:Service" && id === "default/kubernetes") {
        // kind's default service range is 10.96.0.0/16; the API server's Service takes its first address.
        return { apiVersion: "v1", kind: "Service", metadata: { name: "kubernetes", namespace: "default" }, spec: { clusterIP: "10.96.0.1", ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }] } };
    }
    if (type === "kubernetes:core/v1:Secret") {
        // A team's own password Secret (users[].passwordSecret): the mock holds its key `password`.
        const [namespace, name] = id.split("/");
        return { apiVersion: "v1", kind: "Secret", metadata: { name, namespace, resourceVersion: "1" }, type: "Opaque", data: { password: Buffer.from(`team-password-of-${id}`).toString("base64") } };
    }
    throw new Error(`no mock for reading ${type} ${id}: add one to scripts/lib/mocks.ts`);
}

const PRIVATE_KEY_TYPE = "tls:index/privateKey:PrivateKey";
const PRIVATE_KEY_OUTPUTS = ["privateKeyPem", "privateKeyPemPkcs8", "privateKeyOpenssh"];

/** The base64 line of a one-line PEM block. */
function pemBody(pem: string): string {
    return pem.split("\n")[1] ?? pem;
}

/** Outputs of generators whose values are secrets; tests scan rendered files for them. */
const GENERATED_SECRET_OUTPUTS: Record<string, string[]> = {
    [PRIVATE_KEY_TYPE]: PRIVATE_KEY_OUTPUTS,
    "random:index/randomPassword:RandomPassword": ["result"],
    "random:index/randomId:RandomId": ["b64Url", "hex", "b64Std", "dec"],
};

/**
 * Mocks for `pulumi.runtime.setMocks`. `region` is the stack's aws:region. Every secret value
 * the mocks generate is added to `generatedSecrets`.
 */
export function awsMocks(region: string, generatedSecrets: Set<string> = new Set()): pulumi.runtime.Mocks {
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
            if (args.id) return { id: args.id, state: readState(args.type, args.id) };
            const { id, state } = computed(args.type, args.name, args.inputs, region);
            for (const key of GENERATED_SECRET_OUTPUTS[args.type] ?? []) generatedSecrets.add(String(state[key]));
            // Private keys: the base64 line too, which survives any re-encoding of the PEM.
            if (args.type === PRIVATE_KEY_TYPE) for (const key of PRIVATE_KEY_OUTPUTS) generatedSecrets.add(pemBody(String(state[key])));
            return { id, state: { ...args.inputs, ...state } };
        },
        call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            switch (args.token) {
                case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                    const letters = ["a", "b", "c", "d", "e", "f"];
                    return { names: letters.map((l) => `${region}${l}`), zoneIds: letters.map((_, i) => `euw1-az${i + 1}`), state: "available" };
                }
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/render`, userId: "AIDAMOCK" };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com" };
                case "aws:index/getRegion:getRegion":
                    return { name: region, region };
                case "aws:eks/getAddonVersion:getAddonVersion": {
                    // Stand-ins. The EBS CSI driver's tell which query the program made: its default
                    // version here predates the cluster-name volume tag (v1.58.0), the newest does not.
                    const ebsCsi = args.inputs.addonName === "aws-ebs-csi-driver";
                    const version = ebsCsi ? (args.inputs.mostRecent ? "v1.58.0-eksbuild.1" : "v1.57.0-eksbuild.1") : `v${args.inputs.kubernetesVersion}.0-eksbuild.1`;
                    return { addonName: args.inputs.addonName, kubernetesVersion: args.inputs.kubernetesVersion, version };
                }
                default:
                    throw new Error(`no mock for data source ${args.token}: add one to scripts/lib/mocks.ts`);
            }
        },
    };
}
