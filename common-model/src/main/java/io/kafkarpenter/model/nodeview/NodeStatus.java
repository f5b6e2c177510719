package io.kafkarpenter.model.nodeview;

/** The status flags of a node line, printed as eks-node-viewer and {@code kubectl} users know them. */
public enum NodeStatus {
    /** The Node's {@code Ready} condition is True. */
    READY("Ready"),
    /** The Node's {@code Ready} condition is not True, or the NodeClaim has no Node yet. */
    NOT_READY("NotReady"),
    /** {@code spec.unschedulable} ({@code kubectl cordon}). */
    CORDONED("Cordoned"),
    /**
     * On its way out: a deletion timestamp on the Node or its NodeClaim, the launcher's termination request on the
     * NodeClaim, or the {@code karpenter.sh/disrupted} taint ({@link io.kafkarpenter.model.kube.ClusterNodes#deleting}).
     */
    DELETING("Deleting"),
    /** The NodeClaim's {@code Drifted} condition is True (written by the consolidator). */
    DRIFTED("Drifted"),
    /** The NodeClaim's {@code Consolidatable} condition is True (written by the consolidator). */
    CONSOLIDATABLE("Consolidatable");

    private final String label;

    NodeStatus(String label) {
        this.label = label;
    }

    /** The word shown to users, e.g. {@code NotReady}. */
    public String label() {
        return label;
    }
}
