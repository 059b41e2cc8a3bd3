/**
 * The API server as pods address it: the ClusterIP of the `default/kubernetes` Service, which
 * the API server takes as the first address of the service range (kube-apiserver
 * `--service-cluster-ip-range`; EKS picks 10.100.0.0/16 or 172.20.0.0/16 unless told). Egress
 * NetworkPolicies need it as an address: the API server is no pod a selector could name.
 */
import { formatCidr, parseCidr } from "../config/ipv4";

/** `serviceCidr`'s first address as a /32 block ("172.20.0.0/16" gives "172.20.0.1/32"). */
export function kubernetesServiceCidr(serviceCidr: string): string {
    const parsed = parseCidr(serviceCidr);
    if ("problem" in parsed) throw new Error(`service CIDR ${serviceCidr}: ${parsed.problem}`);
    return formatCidr({ network: parsed.network + 1, prefix: 32 });
}
