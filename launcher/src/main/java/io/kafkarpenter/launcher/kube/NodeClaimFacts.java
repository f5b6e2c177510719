package io.kafkarpenter.launcher.kube;

import java.util.Map;
import java.util.Optional;

import io.kafkarpenter.launcher.ec2.FleetLauncher;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.requirements.Labels;

/** What the launcher reads off a NodeClaim object: its NodePool, its instance, its decision, its finalizer. */
public final class NodeClaimFacts {

    private NodeClaimFacts() {
    }

    public static String nodePool(NodeClaim claim) {
        Map<String, String> labels = claim.getMetadata().getLabels();
        return labels == null ? null : labels.get(Labels.NODEPOOL);
    }

    public static String annotation(NodeClaim claim, String key) {
        Map<String, String> annotations = claim.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    public static String decisionId(NodeClaim claim) {
        return annotation(claim, DisruptionKeys.DECISION_ANNOTATION);
    }

    public static String providerId(NodeClaim claim) {
        return claim.getStatus() == null ? null : claim.getStatus().getProviderID();
    }

    public static String nodeName(NodeClaim claim) {
        return claim.getStatus() == null ? null : claim.getStatus().getNodeName();
    }

    public static boolean deleting(NodeClaim claim) {
        return claim.getMetadata().getDeletionTimestamp() != null;
    }

    public static boolean hasFinalizer(NodeClaim claim) {
        return claim.getMetadata().getFinalizers() != null
            && claim.getMetadata().getFinalizers().contains(DisruptionKeys.TERMINATION_FINALIZER);
    }

    /** The instance behind {@code status.providerID} ({@code aws:///<zone>/<instance-id>}); empty before launch. */
    public static Optional<FleetLauncher.LaunchedInstance> instance(NodeClaim claim) {
        String providerId = providerId(claim);
        if (providerId == null) {
            return Optional.empty();
        }
        String[] parts = providerId.replace("aws:///", "").split("/");
        Map<String, String> labels = claim.getMetadata().getLabels() == null ? Map.of() : claim.getMetadata().getLabels();
        return Optional.of(new FleetLauncher.LaunchedInstance(parts[parts.length - 1], labels.get(Labels.INSTANCE_TYPE),
            parts.length > 1 ? parts[0] : labels.get(Labels.ZONE), labels.get(Labels.CAPACITY_TYPE),
            claim.getStatus().getImageID()));
    }
}
