/**
 * The live-change rules, as pure functions with no imports: the guard's dynamic provider is
 * serialised into the stack state with everything its methods reference, so this module must
 * stay self-contained (type-only imports are erased).
 *
 * Every StatefulSet change reaches a running cluster as a rolling restart, one pod at a time.
 * A change is refused here when a cluster cannot survive that: the metadata layout (the same
 * object and volume names would hold the other layout's data), the static quorums (nodes with
 * the old and the new member list would count different majorities, and empty new members
 * could elect a leader missing committed data), the listeners' protocols (updated nodes could
 * not talk to the others), the CA (updated nodes would not be trusted by the others), the
 * metadata format (older Kafka cannot read it), the inter-broker password (brokers still
 * running would log in with the old one) and ZooKeeper's login (znodes created open stay open;
 * znodes with ACLs shut out brokers that no longer log in).
 */

/** What the guard keeps in state: what the running cluster was deployed with. */
export interface LiveState {
    /** Stack-config namespace named in messages, e.g. `kafka-eks` (keys read `kafka-eks:kafka.mode`); "" for bare keys. */
    configPrefix: string;
    /** `kafka.name`. */
    name: string;
    /** Namespace the cluster lives in. */
    namespace: string;
    /** `zookeeper` or `kraft`. */
    mode: string;
    /** `dedicated`, `combined`, or `none` in ZooKeeper mode. */
    topology: string;
    /** KRaft static quorum size (controllers, or every node when combined); 0 in ZooKeeper mode. */
    voters: number;
    /** ZooKeeper ensemble size; 0 in KRaft mode. */
    zookeeperReplicas: number;
    /** Kafka version of the nodes. */
    version: string;
    /**
     * KRaft: the `major.minor` of the Kafka that formatted the metadata log (its metadata.version);
     * set by the check step on the first deploy and kept. Absent in ZooKeeper mode.
     */
    metadataFormat?: string;
    /** `none` or `scram-sha-512`. */
    authentication: string;
    tls: boolean;
    /** CA lifetime: a new value replaces the CA. 0 without TLS. */
    caValidityDays: number;
    /** `security.rotation.interBroker`: which inter-broker user the brokers log in as, and its password's step. */
    interBrokerRotation: number;
    /**
     * `zookeeper.authentication` resolved: `sasl` (brokers log in, znodes with ACLs) or `none`; `none`
     * in KRaft mode. Absent when recorded by a program that never closed ZooKeeper (counts as `none`).
     */
    zookeeperAuthentication?: string;
}

export interface GuardFailure {
    property: string;
    reason: string;
}

const START_OVER =
    "to start over, back up what you need, remove the cluster (kafka section) and its volume claims, deploy, then set the new value";
const LAYOUT = `a running cluster cannot change its metadata layout in place; ${START_OVER}`;
const NEW_CLUSTER = "or run a second cluster (another stack) with the new value and move clients to it";

/** `major.minor` of a version string, or undefined. */
function minorOf(version: string | undefined): string | undefined {
    const m = /^(\d+)\.(\d+)\./.exec(version ?? "");
    return m ? `${m[1]}.${m[2]}` : undefined;
}

function below(a: string, b: string): boolean {
    const [am, an] = a.split(".").map(Number);
    const [bm, bn] = b.split(".").map(Number);
    return am < bm || (am === bm && an < bn);
}

/** The config key behind a field, as the operator writes it. */
function keyOf(field: keyof LiveState, s: LiveState): string {
    switch (field) {
        case "voters":
            return s.topology === "combined" ? "kafka.brokers" : "kafka.kraft.controllers";
        case "zookeeperReplicas":
            return "zookeeper.replicas";
        case "topology":
            return "kafka.kraft.topology";
        case "authentication":
            return "security.authentication";
        case "tls":
            return "security.tls";
        case "caValidityDays":
            return "security.certificates.caValidityDays";
        case "interBrokerRotation":
            return "security.rotation.interBroker";
        case "zookeeperAuthentication":
            return "zookeeper.authentication";
        default:
            return `kafka.${field}`;
    }
}

interface Rule {
    field: keyof LiveState;
    /** Whether the rule applies to this pair (both sides recorded and different already checked). */
    when?: (olds: Partial<LiveState>, news: LiveState) => boolean;
    why: string;
}

const sameLayout = (olds: Partial<LiveState>, news: LiveState) => olds.mode === news.mode && olds.topology === news.topology;

const RULES: Rule[] = [
    { field: "mode", why: LAYOUT },
    { field: "topology", when: (o, n) => o.mode === n.mode, why: LAYOUT },
    { field: "namespace", why: LAYOUT },
    {
        field: "name",
        why: `every object and volume claim is named after the cluster, so a new name deploys a second, empty cluster and deletes the old one; ${START_OVER}, ${NEW_CLUSTER}`,
    },
    {
        field: "voters",
        when: (o, n) => sameLayout(o, n) && n.mode === "kraft",
        why:
            "the KRaft quorum is static (controller.quorum.voters): during the rolling restart nodes with the old and the new voter list " +
            "would count different majorities, and new empty voters could elect a leader that misses committed metadata; " +
            `changing the voter count needs dynamic quorum membership (KIP-853), which this program does not run; keep the value, ${START_OVER}, ${NEW_CLUSTER}`,
    },
    {
        field: "zookeeperReplicas",
        when: (o, n) => sameLayout(o, n) && n.mode === "zookeeper",
        why:
            "the ensemble is static (every server lists every server): during the rolling restart servers with the old and the new list " +
            "would count different majorities, and new empty servers could elect a leader that misses committed transactions; " +
            `keep the value, ${START_OVER}, ${NEW_CLUSTER}`,
    },
    {
        field: "authentication",
        why:
            "the client and inter-broker listeners would switch between SASL and no SASL pod by pod, so during the rolling restart the " +
            "updated brokers could not replicate from the others; in KRaft mode the storage format adds SCRAM users only to an empty " +
            `metadata log, so a formatted cluster would get no users at all; this program does not stage the change (it needs a second listener); ${START_OVER}, ${NEW_CLUSTER}`,
    },
    {
        field: "tls",
        why:
            "every listener (in KRaft mode the controller listener too) would switch between TLS and plaintext pod by pod, so during the " +
            `rolling restart the updated nodes could not talk to the others; this program does not stage the change (it needs a second listener); ${START_OVER}, ${NEW_CLUSTER}`,
    },
    {
        field: "caValidityDays",
        when: (o, n) => o.tls === true && n.tls === true,
        why:
            "a new value replaces the cluster CA: nodes restarted with a certificate from the new CA would not be trusted by the nodes " +
            "and clients still holding the old one; replacing the CA needs a staged change (trust both CAs first) this program does not automate; keep the value",
    },
    {
        field: "interBrokerRotation",
        when: (o, n) => o.authentication === "scram-sha-512" && n.authentication === "scram-sha-512" && !(n.interBrokerRotation === (o.interBrokerRotation ?? 0) + 1),
        why:
            "raise it by exactly one per pulumi up: one step moves the brokers to the other inter-broker user, whose fresh password is stored " +
            "before the rolling restart while the current one keeps working; a decrease or a larger step would also replace the password the " +
            "running brokers log in with, so the brokers restarted first could not talk to the others",
    },
];

/** Kafka's procedures (3.9.2 docs/security/zookeeper-authentication.md "Migrating clusters"; core/src/main/scala/kafka/admin/ZkSecurityMigrator.scala:41-63). */
const ZOOKEEPER_CLOSE =
    "its znodes were created without ACLs and would stay writable by anyone who reaches ZooKeeper, SCRAM credentials included; " +
    "closing a running cluster is Kafka's staged migration (ZooKeeper accepting SASL logins first, a rolling restart of the brokers with the " +
    "JAAS login and zookeeper.set.acl=false, a second one with zookeeper.set.acl=true, then zookeeper-security-migration.sh " +
    "--zookeeper.acl=secure, and only then ZooKeeper enforcing logins), which this program does not stage; " +
    `keep it open by setting zookeeper.authentication to "none" (its default is "sasl" when security.authentication is scram-sha-512), ${START_OVER}, ${NEW_CLUSTER}`;
const ZOOKEEPER_OPEN =
    "the brokers created their znodes with ACLs only their ZooKeeper user may use: brokers restarted without the login could not read the " +
    "SCRAM credentials under /config/users nor change cluster metadata; opening a running cluster is Kafka's reverse migration " +
    "(zookeeper.set.acl=false, zookeeper-security-migration.sh --zookeeper.acl=unsecure, then a restart without the login), which this " +
    `program does not stage; keep "sasl", ${START_OVER}`;

/**
 * Check step: `olds` are the inputs of the last successful deploy (empty on create; missing
 * fields when the guard was created by an older program, which accepts them). Returns the
 * failures and the inputs to record (with `metadataFormat` carried over or set).
 */
export function liveChangeCheck(olds: Partial<LiveState>, news: LiveState): { inputs: LiveState; failures: GuardFailure[] } {
    const failures: GuardFailure[] = [];
    const prefix = news.configPrefix ? `${news.configPrefix}:` : "";
    for (const rule of RULES) {
        const was = olds[rule.field];
        const now = news[rule.field];
        if (was === undefined || was === now || (rule.when && !rule.when(olds, news))) continue;
        failures.push({
            property: rule.field,
            reason: `${prefix}${keyOf(rule.field, news)} = ${JSON.stringify(now)}: the cluster was deployed with ${JSON.stringify(was)}; ${rule.why}`,
        });
    }

    // A guard recorded by an older program: that program had no second inter-broker user nor the
    // credential Jobs, so the first deploy of this one must not rotate yet.
    if (olds.mode !== undefined && olds.interBrokerRotation === undefined && news.authentication === "scram-sha-512" && news.interBrokerRotation !== 0) {
        failures.push({
            property: "interBrokerRotation",
            reason:
                `${prefix}security.rotation.interBroker = ${news.interBrokerRotation}: the cluster was deployed by a version of this program without ` +
                "password rotation; deploy once with 0 (which adds the second inter-broker user and the credential Jobs), then raise it by one",
        });
    }

    // ZooKeeper's login: a guard recorded before the field existed belongs to a program that
    // never closed ZooKeeper, so its znodes are open. A change of security.authentication, refused
    // above, moves this default along: one mistake, one message.
    if (olds.mode === "zookeeper" && news.mode === "zookeeper" && (olds.authentication === undefined || olds.authentication === news.authentication)) {
        const was = olds.zookeeperAuthentication ?? "none";
        const now = news.zookeeperAuthentication ?? "none";
        if (was !== now) {
            failures.push({
                property: "zookeeperAuthentication",
                reason: `${prefix}${keyOf("zookeeperAuthentication", news)} = ${JSON.stringify(now)}: the cluster was deployed with ${JSON.stringify(was)}; ${now === "sasl" ? ZOOKEEPER_CLOSE : ZOOKEEPER_OPEN}`,
            });
        }
    }

    // KRaft: the format writes the formatting release's metadata.version; older Kafka cannot read it.
    let metadataFormat: string | undefined;
    if (news.mode === "kraft") {
        metadataFormat = olds.mode === "kraft" ? (olds.metadataFormat ?? minorOf(olds.version)) : undefined;
        metadataFormat ??= minorOf(news.version);
        const running = minorOf(news.version);
        if (metadataFormat && running && below(running, metadataFormat)) {
            failures.push({
                property: "version",
                reason:
                    `${prefix}kafka.version = ${JSON.stringify(news.version)}: the cluster's metadata log was formatted by Kafka ${metadataFormat} ` +
                    `(metadata.version ${metadataFormat}-IV…), which Kafka ${running} cannot read: every node the rolling restart reaches would fail to start; ` +
                    `KRaft cannot lower metadata.version; keep kafka.version at ${metadataFormat} or later`,
            });
        }
    }
    const inputs: LiveState = { ...news };
    if (metadataFormat) inputs.metadataFormat = metadataFormat;
    else delete inputs.metadataFormat;
    return { inputs, failures };
}

/** Fields whose change is recorded (an update of the guard, never a replacement). */
const RECORDED: (keyof LiveState)[] = [
    "name", "namespace", "mode", "topology", "voters", "zookeeperReplicas", "version", "metadataFormat", "authentication", "tls", "caValidityDays", "interBrokerRotation",
    "zookeeperAuthentication",
];

export interface GuardDiff {
    changes: boolean;
    replaces: string[];
}

export function liveChangeDiff(olds: Partial<LiveState>, news: LiveState): GuardDiff {
    return { changes: RECORDED.some((f) => olds[f] !== news[f]), replaces: [] };
}

/** The state to keep: exactly the recorded fields and the prefix. */
export function liveState(s: LiveState): LiveState {
    const out: LiveState = {
        configPrefix: s.configPrefix,
        name: s.name,
        namespace: s.namespace,
        mode: s.mode,
        topology: s.topology,
        voters: s.voters,
        zookeeperReplicas: s.zookeeperReplicas,
        version: s.version,
        authentication: s.authentication,
        tls: s.tls,
        caValidityDays: s.caValidityDays,
        interBrokerRotation: s.interBrokerRotation,
    };
    if (s.metadataFormat !== undefined) out.metadataFormat = s.metadataFormat;
    if (s.zookeeperAuthentication !== undefined) out.zookeeperAuthentication = s.zookeeperAuthentication;
    return out;
}

/** What FinalizedMetadataVersion keeps: the KRaft metadata.version the finalize Job last set. */
export interface FinalizedLevel {
    /** Stack-config namespace named in messages; "" for bare keys. */
    configPrefix: string;
    /** `kafka.name`. */
    name: string;
    /** `major.minor` of the finalized metadata.version (that of `kafka.version` at the last successful finalize). */
    metadataVersion: string;
}

/**
 * Check step of FinalizedMetadataVersion: `olds` is the level recorded after the last successful
 * finalize (empty on create), `news` the level of the `kafka.version` being deployed. A lower one
 * is refused: KRaft cannot lower metadata.version (a downgrade of a finalized level is refused by
 * the controller unless unsafe, and older Kafka cannot read the newer records).
 */
export function finalizedLevelCheck(olds: Partial<FinalizedLevel>, news: FinalizedLevel): { inputs: FinalizedLevel; failures: GuardFailure[] } {
    const failures: GuardFailure[] = [];
    const was = olds.metadataVersion;
    if (was !== undefined && olds.name === news.name && below(news.metadataVersion, was)) {
        const prefix = news.configPrefix ? `${news.configPrefix}:` : "";
        failures.push({
            property: "metadataVersion",
            reason:
                `${prefix}kafka.version: Kafka ${news.metadataVersion} is below the cluster's finalized metadata.version ${was} ` +
                `(kafka-features.sh upgrade --metadata ${was}, run after the roll to Kafka ${was}): every node the rolling restart reaches would fail to start, ` +
                `and KRaft does not lower a finalized metadata.version; keep kafka.version at ${was} or later`,
        });
    }
    return { inputs: { configPrefix: news.configPrefix, name: news.name, metadataVersion: news.metadataVersion }, failures };
}
