package io.kafkarpenter.sandbox.ec2;

import java.util.List;
import java.util.Map;

/**
 * An IAM instance profile as the simulator holds it now.
 *
 * @param name  the name as created (IAM compares names case-insensitively)
 * @param path  e.g. {@code /karpenter/us-east-1/demo/<uid>/}
 * @param arn   {@code arn:aws:iam::<account>:instance-profile<path><name>}
 * @param roles the names of its roles (at most one)
 * @param tags  its tags
 */
public record InstanceProfileSnapshot(String name, String path, String arn, List<String> roles, Map<String, String> tags) {
    public InstanceProfileSnapshot {
        roles = List.copyOf(roles);
        tags = Map.copyOf(tags);
    }
}
