package io.kafkarpenter.model.crd;

import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;

/**
 * The status conditions of a {@code karpenter.k8s.aws/v1} EC2NodeClass (karpenter-aws §4.5), and the one readiness test
 * every service uses before it plans or launches with a class.
 *
 * <p>Single writer: the tag-reconciler resolves the selector terms and writes {@code status.subnets},
 * {@code status.securityGroups}, {@code status.amis}, {@code status.instanceProfile} and every condition below, each
 * with {@code observedGeneration}. Nobody else resolves selector terms: the provisioner plans with the status' zones,
 * the launcher launches into the status' subnets, groups, AMIs and profile, the consolidator detects AMI, subnet and
 * security-group drift against the status.
 */
public final class EC2NodeClassConditions {

    public static final String READY = "Ready";
    public static final String SUBNETS_READY = "SubnetsReady";
    public static final String SECURITY_GROUPS_READY = "SecurityGroupsReady";
    public static final String AMIS_READY = "AMIsReady";
    public static final String INSTANCE_PROFILE_READY = "InstanceProfileReady";
    public static final String VALIDATION_SUCCEEDED = "ValidationSucceeded";

    /** Karpenter's reasons for an empty selector result. */
    public static final String SUBNETS_NOT_FOUND = "SubnetsNotFound";
    public static final String SECURITY_GROUPS_NOT_FOUND = "SecurityGroupsNotFound";
    public static final String AMI_NOT_FOUND = "AMINotFound";

    /** The finalizer the tag-reconciler puts on an EC2NodeClass with {@code spec.role}: the instance profile goes with it. */
    public static final String FINALIZER = "karpenter.k8s.aws/termination";

    private EC2NodeClassConditions() {
    }

    public static Optional<Condition> find(EC2NodeClass nodeClass, String type) {
        if (nodeClass.getStatus() == null || nodeClass.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return nodeClass.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * Why the class may not be used now, or empty when it may: condition {@code Ready} is {@code True} and was written
     * for the current spec ({@code observedGeneration} equals {@code metadata.generation}; when the API server keeps
     * no generation, {@code Ready} alone decides). Karpenter refuses to launch with a class that is not Ready.
     */
    public static Optional<String> notReady(EC2NodeClass nodeClass) {
        Optional<Condition> ready = find(nodeClass, READY);
        if (ready.isEmpty()) {
            return Optional.of("status not resolved yet (no Ready condition; is the tag-reconciler running?)");
        }
        Condition c = ready.get();
        if (!"True".equals(c.getStatus())) {
            String message = c.getMessage() == null || c.getMessage().isBlank() ? c.getReason() : c.getMessage();
            return Optional.of("Ready=" + c.getStatus() + (message == null || message.isBlank() ? "" : ": " + message));
        }
        Long generation = nodeClass.getMetadata() == null ? null : nodeClass.getMetadata().getGeneration();
        if (generation != null && c.getObservedGeneration() != null && !Objects.equals(generation, c.getObservedGeneration())) {
            return Optional.of("status is for generation " + c.getObservedGeneration() + ", spec is at generation "
                + generation + " (not resolved yet)");
        }
        return Optional.empty();
    }

    public static boolean isReady(EC2NodeClass nodeClass) {
        return notReady(nodeClass).isEmpty();
    }
}
