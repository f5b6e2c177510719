package io.kafkarpenter.model.disruption;

import io.kafkarpenter.model.requirements.Requirements;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What EC2NodeClass drift compares a node against: the class's hash annotation
 * ({@code karpenter.k8s.aws/ec2nodeclass-hash} and its version) and its resolved status. A null list or set means
 * "not known" (nothing is compared).
 *
 * @param amis           status.amis: id and the requirements that select the instance types it serves
 * @param subnets        status.subnets ids
 * @param securityGroups status.securityGroups ids
 */
public record NodeClassState(String name, Map<String, String> annotations, List<Ami> amis, Set<String> subnets,
        Set<String> securityGroups) {

    public static final String HASH = "karpenter.k8s.aws/ec2nodeclass-hash";
    public static final String HASH_VERSION = "karpenter.k8s.aws/ec2nodeclass-hash-version";

    /** One resolved AMI. */
    public record Ami(String id, Requirements requirements) {
    }

    public NodeClassState {
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        amis = amis == null ? null : List.copyOf(amis);
        subnets = subnets == null ? null : Set.copyOf(subnets);
        securityGroups = securityGroups == null ? null : Set.copyOf(securityGroups);
    }
}
