/**
 * The listener model: which named listeners a node role opens, on which port, with which security
 * protocol. server.properties, container ports, Services and client settings all derive from it,
 * so adding SASL/TLS later is a change of `protocol` here, not of every consumer.
 */
import type { SecurityProtocol } from "../common/client";
import { KAFKA_PORTS } from "../common/names";
import type { NodeRole } from "./topology";

export type ListenerName = "CLIENT" | "INTERNAL" | "CONTROLLER";

export interface Listener {
    name: ListenerName;
    port: number;
    protocol: SecurityProtocol;
    /** Published in advertised.listeners (controller listeners are reached through the static voters list). */
    advertised: boolean;
}

/** Security protocol per listener; every listener is PLAINTEXT until SASL/TLS is configured. */
export type ListenerProtocols = Readonly<Record<ListenerName, SecurityProtocol>>;

export const PLAINTEXT_LISTENERS: ListenerProtocols = { CLIENT: "PLAINTEXT", INTERNAL: "PLAINTEXT", CONTROLLER: "PLAINTEXT" };

/** Listener carrying replication between brokers. */
export const INTER_BROKER_LISTENER: ListenerName = "INTERNAL";
/** Listener the KRaft quorum speaks on. */
export const CONTROLLER_LISTENER: ListenerName = "CONTROLLER";

const PORT: Record<ListenerName, number> = {
    CLIENT: KAFKA_PORTS.client,
    INTERNAL: KAFKA_PORTS.internal,
    CONTROLLER: KAFKA_PORTS.controller,
};

function listener(name: ListenerName, protocols: ListenerProtocols): Listener {
    return { name, port: PORT[name], protocol: protocols[name], advertised: name !== CONTROLLER_LISTENER };
}

/** The listeners a node of `role` opens, in server.properties order. */
export function listenersFor(role: NodeRole, protocols: ListenerProtocols = PLAINTEXT_LISTENERS): Listener[] {
    switch (role) {
        case "zookeeper-broker":
        case "kraft-broker":
            return [listener("CLIENT", protocols), listener("INTERNAL", protocols)];
        case "kraft-controller":
            return [listener("CONTROLLER", protocols)];
        case "kraft-combined":
            return [listener("CLIENT", protocols), listener("INTERNAL", protocols), listener("CONTROLLER", protocols)];
    }
}

/** The listener a node is "ready" on: clients for broker roles, the quorum for dedicated controllers. */
export function readinessListener(role: NodeRole): Listener {
    return listenersFor(role).find((l) => l.name === (role === "kraft-controller" ? "CONTROLLER" : "CLIENT"))!;
}
