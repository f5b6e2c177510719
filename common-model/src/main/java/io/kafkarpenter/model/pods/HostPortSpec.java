package io.kafkarpenter.model.pods;

/**
 * A host port the pod binds (containers' {@code ports[].hostPort}, init/sidecar containers included).
 * Protocol defaults to TCP and hostIP to 0.0.0.0, as kube-scheduler does when comparing ports.
 */
public record HostPortSpec(int port, String protocol, String hostIP) {
    public HostPortSpec {
        protocol = Fields.orDefault(protocol, "TCP");
        hostIP = Fields.orDefault(hostIP, "0.0.0.0");
    }
}
