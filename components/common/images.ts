/**
 * Every container image the project runs: one table, version tags only. Never `latest`:
 * ZooKeeper mode must stay on Kafka 3.9.x, the last line with ZooKeeper; KRaft mode runs Kafka 4.x.
 *
 * Digests are not in this table: a tag's digest changes when it is rebuilt, and a digest nobody
 * resolved is worse than none. A stack pins them in `images.digests` (written by
 * scripts/pin-images.sh; where prod's come from is recorded in upstream/images/digests.md), keyed
 * by the `repository:tag` references below; `pinImage` appends them.
 */
export const KAFKA_ZOOKEEPER_MODE_VERSION = "3.9.2";
export const KAFKA_KRAFT_MODE_VERSION = "4.3.1";
export const ZOOKEEPER_VERSION = "3.8.6";

/** An image by repository (registry included unless Docker Hub) and version tag. */
export interface TaggedImage {
    readonly repository: string;
    readonly tag: string;
}

/** KEDA's app version: the chart pins it (kedacore/charts v2.20.2 keda/Chart.yaml `appVersion: 2.20.2`). */
const KEDA_APP_VERSION = "2.20.2";

/** The images besides Kafka and ZooKeeper, whose versions each stack chooses. */
export const IMAGES = {
    /** kafbat/kafka-ui, the maintained fork of provectus/kafka-ui; CMAK is unmaintained since 2022 and cannot manage KRaft. */
    kafkaUi: { repository: "ghcr.io/kafbat/kafka-ui", tag: "v1.5.0" },
    /** CMAK 3.0.0.6 (the last release) on Temurin 21, rebuilt and maintained by Panubo (uid 1000, bash, busybox wget). */
    cmak: { repository: "quay.io/panubo/cmak", tag: "3.0.0.6-2" },
    /**
     * curl for the broker init step that reads the node's zone label from the Kubernetes API
     * (broker.rack; the Downward API cannot expose node labels, and apache/kafka ships no TLS HTTP
     * client), and for the metrics-agent init container that downloads the JMX exporter jar.
     */
    curl: { repository: "curlimages/curl", tag: "8.16.0" },
    /**
     * The node roller's Kubernetes API access: `kubectl proxy` as a sidecar, so the ServiceAccount
     * token stays in that container and the roller (apache/kafka: bash and the Kafka tools, no HTTP
     * client that can DELETE with a CA) speaks plain HTTP to it on loopback. The official image,
     * the minor of the Kubernetes version the project targets.
     */
    kubectl: { repository: "registry.k8s.io/kubectl", tag: "v1.33.4" },
    /** danielqsj/kafka-exporter v1.9.0, the consumer-lag exporter (image user `nobody`, uid 65534; Dockerfile at the tag). */
    kafkaExporter: { repository: "danielqsj/kafka-exporter", tag: "v1.9.0" },
    /** The KEDA chart's three images (kedacore/charts v2.20.2 keda/values.yaml `image.*`: registry ghcr.io). */
    kedaOperator: { repository: "ghcr.io/kedacore/keda", tag: KEDA_APP_VERSION },
    kedaMetricsApiServer: { repository: "ghcr.io/kedacore/keda-metrics-apiserver", tag: KEDA_APP_VERSION },
    kedaWebhooks: { repository: "ghcr.io/kedacore/keda-admission-webhooks", tag: KEDA_APP_VERSION },
} as const satisfies Record<string, TaggedImage>;

export type ImageName = keyof typeof IMAGES;

/** `repository:tag`: how pods name the image, and the key of its digest in `images.digests`. */
export function imageReference(image: TaggedImage): string {
    return `${image.repository}:${image.tag}`;
}

export const KAFKA_UI_IMAGE = imageReference(IMAGES.kafkaUi);
export const CMAK_IMAGE = imageReference(IMAGES.cmak);
export const CURL_IMAGE = imageReference(IMAGES.curl);
export const KUBECTL_IMAGE = imageReference(IMAGES.kubectl);
export const KAFKA_EXPORTER_IMAGE = imageReference(IMAGES.kafkaExporter);

export function kafkaImage(version: string): string {
    return `apache/kafka:${version}`;
}

export function zookeeperImage(version: string): string {
    return `zookeeper:${version}`;
}

/** `repository:tag` → `sha256:<64 hex>`, as `images.digests` holds them. */
export type ImageDigests = Readonly<Record<string, string>>;

/**
 * `repository:tag@sha256:…` when the digest is known (the tag stays for readers; the runtime
 * pulls by digest), else the reference unchanged. A reference that already names a digest is kept.
 */
export function pinImage(reference: string, digests: ImageDigests): string {
    if (reference.includes("@")) return reference;
    const digest = Object.prototype.hasOwnProperty.call(digests, reference) ? digests[reference] : undefined;
    return digest === undefined ? reference : `${reference}@${digest}`;
}
