package io.kafkarpenter.tagreconciler.discovery;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The workshop's §1.7, kept correct: the discovery tag on the EKS cluster, its selected subnets and security groups.
 * CONTRACT STUB (issue 12): the discovery helper replaces the body; the reconcile loop calls {@link #reconcile()}.
 */
@ApplicationScoped
public class DiscoveryTagReconciler {

    /**
     * What one reconcile found and did; {@code conflicts} says per resource what is in conflict, e.g.
     * {@code subnet subnet-0abc (us-east-1a): karpenter.sh/discovery holds "other-cluster"} (the EC2NodeClass
     * conditions quote them).
     */
    public record Report(int added, int restored, int removed, int wouldChange, java.util.List<String> conflicts) {
    }

    /** One pass: read the cluster, subnets and groups, write what is missing. Transient AWS errors propagate. */
    public Report reconcile() {
        return new Report(0, 0, 0, 0, java.util.List.of());
    }

    /** The last pass' report (empty before the first). */
    public Report lastReport() {
        return new Report(0, 0, 0, 0, java.util.List.of());
    }
}
