package io.kafkarpenter.model.pods;

import java.util.List;

/**
 * A PersistentVolumeClaim the pod mounts ({@code persistentVolumeClaim.claimName}, or the claim an
 * {@code ephemeral} volume creates: {@code <pod>-<volume>}). The pod itself does not say which zone the claim
 * needs; whoever watches PVCs/PVs/StorageClasses fills {@code topology} and sets {@code resolved}.
 * {@code topology}: alternative node selector terms (bound PV's node affinity, or the StorageClass's
 * allowedTopologies); empty and resolved = no zone constraint.
 */
public record VolumeClaim(String claimName, boolean ephemeral, boolean resolved, List<NodeSelectorTerm> topology) {
    public VolumeClaim {
        Fields.requiredText(claimName, "claimName");
        topology = Fields.list(topology);
    }

    public static VolumeClaim unresolved(String claimName, boolean ephemeral) {
        return new VolumeClaim(claimName, ephemeral, false, List.of());
    }

    public VolumeClaim resolvedTo(List<NodeSelectorTerm> terms) {
        return new VolumeClaim(claimName, ephemeral, true, terms);
    }
}
