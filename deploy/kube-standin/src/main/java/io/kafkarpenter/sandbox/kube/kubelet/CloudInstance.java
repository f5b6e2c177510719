package io.kafkarpenter.sandbox.kube.kubelet;

import java.time.Instant;
import java.util.Map;

/**
 * What the kubelet stand-in needs to know about one EC2 instance.
 *
 * @param state EC2 state name: pending, running, shutting-down, terminated, stopping, stopped
 * @param spot  true when the instance lifecycle is {@code spot}
 */
public record CloudInstance(String id, String instanceType, String zone, String state, String privateDnsName,
                            String privateIp, Instant launchTime, boolean spot, Map<String, String> tags) {

    public CloudInstance {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public boolean running() {
        return "running".equals(state);
    }

    /** {@code aws:///us-east-1a/i-0123}, the providerID the AWS cloud provider gives the Node. */
    public String providerId() {
        return "aws:///" + zone + "/" + id;
    }

    /** The Node name: the private DNS name, as on EKS (falls back to one derived from the IP or the id). */
    public String nodeName() {
        if (privateDnsName != null && !privateDnsName.isBlank()) {
            return privateDnsName;
        }
        if (privateIp != null && !privateIp.isBlank()) {
            return "ip-" + privateIp.replace('.', '-') + ".ec2.internal";
        }
        return id;
    }

    /** {@code us-east-1} for {@code us-east-1a}. */
    public String region() {
        var m = java.util.regex.Pattern.compile("^([a-z]+-[a-z]+-\\d+)").matcher(zone);
        return m.find() ? m.group(1) : zone;
    }
}
