package io.kafkarpenter.sandbox.ec2;

import java.time.Instant;
import java.util.Map;

/**
 * What a test (or the kubelet stand-in) sees of one simulated instance at one moment.
 *
 * @param state        EC2's state name: pending, running, shutting-down, terminated
 * @param capacityType {@code on-demand} or {@code spot}
 * @param providerId   the Kubernetes node providerID, {@code aws:///<zone>/<instance-id>}
 */
public record InstanceSnapshot(
        String instanceId,
        String instanceType,
        String zone,
        String subnetId,
        String state,
        String capacityType,
        String privateDnsName,
        String privateIpAddress,
        String imageId,
        Instant launchTime,
        Map<String, String> tags,
        String providerId) {
}
