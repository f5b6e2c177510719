package io.kafkarpenter.model.scheduling;

import java.util.Collection;

/** A host port a pod binds (protocol, host IP, port). */
public record HostPort(String protocol, String hostIp, int port) {

    public HostPort {
        protocol = protocol == null || protocol.isEmpty() ? "TCP" : protocol;
        hostIp = hostIp == null || hostIp.isEmpty() ? "0.0.0.0" : hostIp;
    }

    /** Two bindings conflict on the same protocol and port when the IPs are equal or either is the wildcard. */
    public boolean conflictsWith(HostPort o) {
        return port == o.port && protocol.equals(o.protocol)
                && (hostIp.equals(o.hostIp) || "0.0.0.0".equals(hostIp) || "0.0.0.0".equals(o.hostIp));
    }

    /** The first port of {@code wanted} that conflicts with one of {@code used}, or null. */
    public static HostPort firstConflict(Collection<HostPort> wanted, Collection<HostPort> used) {
        for (HostPort w : wanted) {
            for (HostPort u : used) {
                if (w.conflictsWith(u)) {
                    return w;
                }
            }
        }
        return null;
    }
}
