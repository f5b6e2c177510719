package io.kafkarpenter.sandbox.kube.kubelet;

import java.time.Duration;

/**
 * @param cluster           the cluster name in the instances' ownership tag {@code kubernetes.io/cluster/<cluster>}
 * @param bootDelay         time from an instance's launch to its Node registering
 * @param initDelay         time from registration to the startup taints being removed ("initialized")
 * @param pollInterval      how often EC2 is polled
 * @param unregisteredTaint register with {@code karpenter.sh/unregistered:NoExecute}, as Karpenter's kubelet config
 *                          does; whoever plays Karpenter's registration controller must then remove it
 */
public record KubeletSettings(String cluster, Duration bootDelay, Duration initDelay, Duration pollInterval,
                              boolean unregisteredTaint) {

    public static final String DEFAULT_CLUSTER = "kafkarpenter-demo";

    public static KubeletSettings defaults() {
        return new KubeletSettings(DEFAULT_CLUSTER, Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(1), false);
    }

    public KubeletSettings withCluster(String value) {
        return new KubeletSettings(value, bootDelay, initDelay, pollInterval, unregisteredTaint);
    }

    public KubeletSettings withBootDelay(Duration value) {
        return new KubeletSettings(cluster, value, initDelay, pollInterval, unregisteredTaint);
    }

    public KubeletSettings withInitDelay(Duration value) {
        return new KubeletSettings(cluster, bootDelay, value, pollInterval, unregisteredTaint);
    }

    public KubeletSettings withPollInterval(Duration value) {
        return new KubeletSettings(cluster, bootDelay, initDelay, value, unregisteredTaint);
    }

    public KubeletSettings withUnregisteredTaint(boolean value) {
        return new KubeletSettings(cluster, bootDelay, initDelay, pollInterval, value);
    }
}
